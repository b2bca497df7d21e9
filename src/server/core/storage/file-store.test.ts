import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diskFileStore, InvalidStorageKeyError } from './file-store.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gridline-store-test-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe('disk file store', () => {
  const store = diskFileStore(root);

  it('writes under the key, reads the same bytes back, and removes them', async () => {
    const bytes = Buffer.from('%PDF-1.7 hello');
    await store.putFile('attachments/ab/abcdef', bytes);
    expect(fs.existsSync(path.join(root, 'attachments', 'ab', 'abcdef'))).toBe(true);
    const stream = await store.openFile('attachments/ab/abcdef');
    expect(stream).not.toBeNull();
    expect((await readAll(stream!)).equals(bytes)).toBe(true);
    await store.removeFile('attachments/ab/abcdef');
    expect(await store.openFile('attachments/ab/abcdef')).toBeNull();
    // removing twice is not an error
    await store.removeFile('attachments/ab/abcdef');
  });

  it('never replaces an existing file and leaves no partial file behind', async () => {
    await store.putFile('attachments/cd/one', Buffer.from('first'));
    await expect(store.putFile('attachments/cd/one', Buffer.from('second'))).rejects.toThrow();
    const stream = await store.openFile('attachments/cd/one');
    expect((await readAll(stream!)).toString()).toBe('first');
    expect(fs.readdirSync(path.join(root, 'attachments', 'cd'))).toEqual(['one']);
  });

  it('refuses keys that could leave the folder', async () => {
    for (const key of ['../etc/passwd', 'attachments/../../x', '/abs', 'a//b', 'a/./b']) {
      await expect(store.putFile(key, Buffer.from('x'))).rejects.toBeInstanceOf(InvalidStorageKeyError);
    }
  });
});
