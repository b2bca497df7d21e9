import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PiiCipher, PiiKeyError, loadPiiKey, testPiiCipher } from './pii.ts';

describe('PiiCipher', () => {
  it('round-trips a value and never produces the same ciphertext twice', () => {
    const pii = testPiiCipher();
    const a = pii.encrypt('330482199001011234');
    const b = pii.encrypt('330482199001011234');
    expect(a).not.toBe(b);
    expect(a).not.toContain('330482');
    expect(pii.decrypt(a)).toBe('330482199001011234');
  });
  it('refuses a tampered ciphertext', () => {
    const pii = testPiiCipher();
    const sealed = pii.encrypt('13812345678');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => pii.decrypt(`v1:${raw.toString('base64')}`)).toThrow();
  });
  it('hashes equal values equally, and differently under another key', () => {
    const one = testPiiCipher();
    const other = new PiiCipher(Buffer.alloc(32, 9));
    expect(one.lookupHash('x')).toBe(one.lookupHash('x'));
    expect(one.lookupHash('x')).not.toBe(other.lookupHash('x'));
  });
});

describe('loadPiiKey', () => {
  it('creates a key file once (mode 0600) and reads the same key back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gl-pii-'));
    const first = loadPiiKey(undefined, dir);
    expect(loadPiiKey(undefined, dir).equals(first)).toBe(true);
    expect(fs.statSync(path.join(dir, 'pii.key')).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true });
  });
  it('refuses a PII_KEY that is not 32 bytes', () => {
    expect(() => loadPiiKey(Buffer.alloc(16).toString('base64'), os.tmpdir())).toThrow(PiiKeyError);
  });
});
