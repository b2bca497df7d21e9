import fs from 'node:fs';
import path from 'node:path';

export interface FolderLock {
  release(): void;
}

export class FolderLockedError extends Error {}

const LOCK_FILE = 'gridline.lock';

/** Lock files this process holds: our own pid in a lock file is stale only when we do not hold it. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes an exclusive lock on a data folder with an O_EXCL lock file holding our pid.
 * A lock left by a crashed process (its pid is gone) is taken over.
 */
export function acquireFolderLock(dir: string): FolderLock {
  const file = path.resolve(dir, LOCK_FILE);
  if (heldHere.has(file)) {
    throw new FolderLockedError(
      `The data folder ${dir} is already open in this Gridline process; close it first or set DATA_DIR to another folder`,
    );
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      heldHere.add(file);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          heldHere.delete(file);
          try {
            if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
          } catch {
            // already gone
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new FolderLockedError(
          `The data folder ${dir} is in use by another Gridline process (pid ${holder}); stop it first or set DATA_DIR to another folder`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new FolderLockedError(`Could not lock the data folder ${dir}`);
}
