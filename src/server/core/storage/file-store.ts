import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where uploaded files live. Embedded and single-server installations keep them under DATA_DIR; the
 * database holds only the key (a relative path), so a data folder can move without rewriting rows.
 * Several app servers need a shared folder (or, later, an object store behind this same interface).
 */
export interface FileStore {
  /** Writes the bytes under key (creating folders), replacing nothing: an existing key is an error. */
  putFile(key: string, bytes: Uint8Array): Promise<void>;
  /** A stream of the bytes, or null when the file is missing. */
  openFile(key: string): Promise<fs.ReadStream | null>;
  /** Removes the file; a missing one is not an error (used to undo a write whose row failed). */
  removeFile(key: string): Promise<void>;
}

/** Keys are built by our code: segments of letters, digits, dash, underscore and dot, never `..`. */
const KEY = /^[a-z0-9_-]+(\/[a-z0-9_.-]+)*$/i;

export class InvalidStorageKeyError extends Error {}

function resolveKey(root: string, key: string): string {
  if (!KEY.test(key) || key.split('/').some((segment) => segment === '..' || segment === '.')) {
    throw new InvalidStorageKeyError(`invalid storage key ${key}`);
  }
  return path.join(root, ...key.split('/'));
}

/** A store in a folder on disk; the folder is created on first write. */
export function diskFileStore(root: string | (() => string)): FileStore {
  const rootOf = typeof root === 'function' ? root : () => root;
  return {
    async putFile(key, bytes) {
      const file = resolveKey(rootOf(), key);
      await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      // Written to a temporary name and renamed, so a reader never sees half a file.
      const partial = `${file}.partial-${process.pid}-${Date.now()}`;
      try {
        await fs.promises.writeFile(partial, bytes, { mode: 0o600, flag: 'wx' });
        await fs.promises.link(partial, file);
      } finally {
        await fs.promises.rm(partial, { force: true });
      }
    },
    async openFile(key) {
      const file = resolveKey(rootOf(), key);
      try {
        const handle = await fs.promises.open(file, 'r');
        return handle.createReadStream();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async removeFile(key) {
      await fs.promises.rm(resolveKey(rootOf(), key), { force: true });
    },
  };
}

/**
 * A store in a temporary folder of this process, made on first use: for tests and the OpenAPI
 * generator, which build the app without a data folder. The server always passes DATA_DIR.
 */
export function temporaryFileStore(): FileStore {
  let root: string | undefined;
  return diskFileStore(() => (root ??= fs.mkdtempSync(path.join(os.tmpdir(), 'gridline-files-'))));
}
