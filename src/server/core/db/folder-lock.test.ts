import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderLockedError, acquireFolderLock } from './folder-lock.ts';

describe('acquireFolderLock', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridline-lock-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second lock on a folder while the first is held, and allows it after release', () => {
    const first = acquireFolderLock(dir);
    expect(() => acquireFolderLock(dir)).toThrow(FolderLockedError);
    first.release();
    const second = acquireFolderLock(dir);
    second.release();
    expect(fs.existsSync(path.join(dir, 'gridline.lock'))).toBe(false);
  });

  it('names the holder when refusing', () => {
    // A live process other than ours: the parent of the test worker.
    fs.writeFileSync(path.join(dir, 'gridline.lock'), String(process.ppid));
    expect(() => acquireFolderLock(dir)).toThrow(
      new RegExp(`in use by another Gridline process \\(pid ${process.ppid}\\)`),
    );
    expect(fs.readFileSync(path.join(dir, 'gridline.lock'), 'utf8')).toBe(String(process.ppid));
  });

  it('takes over a lock left by a process that is gone', () => {
    fs.writeFileSync(path.join(dir, 'gridline.lock'), '999999');
    const lock = acquireFolderLock(dir);
    expect(fs.readFileSync(path.join(dir, 'gridline.lock'), 'utf8')).toBe(String(process.pid));
    lock.release();
  });

  it('takes over a lock carrying our own pid that this process does not hold (a crashed run, pid 1 in a container)', () => {
    fs.writeFileSync(path.join(dir, 'gridline.lock'), String(process.pid));
    const lock = acquireFolderLock(dir);
    expect(() => acquireFolderLock(dir)).toThrow(/already open in this Gridline process/);
    lock.release();
  });

  it('takes over a lock file with garbage in it', () => {
    fs.writeFileSync(path.join(dir, 'gridline.lock'), 'not a pid');
    const lock = acquireFolderLock(dir);
    lock.release();
  });

  it('does not remove a lock that another process took after ours was released', () => {
    const lock = acquireFolderLock(dir);
    lock.release();
    fs.writeFileSync(path.join(dir, 'gridline.lock'), String(process.ppid));
    lock.release();
    expect(fs.existsSync(path.join(dir, 'gridline.lock'))).toBe(true);
  });
});
