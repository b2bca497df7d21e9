import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Personal data at rest: AES-256-GCM for the value, HMAC-SHA256 for exact lookup. Both keys derive
 * from one master key (PII_KEY, or DATA_DIR/pii.key created on first use) so rotating means one secret.
 */
export class PiiCipher {
  private readonly encryptionKey: Buffer;
  private readonly lookupKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the PII key must be 32 bytes');
    this.encryptionKey = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gridline pii encryption', 32),
    );
    this.lookupKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gridline pii lookup', 32));
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(sealed: string): string {
    if (!sealed.startsWith('v1:')) throw new Error('unknown PII envelope');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash of a normalised value: equal inputs find each other, the table alone reveals nothing. */
  lookupHash(normalised: string): string {
    return createHmac('sha256', this.lookupKey).update(normalised).digest('hex');
  }
}

export class PiiKeyError extends Error {}

/** PII_KEY (base64, 32 bytes) wins; otherwise the data folder's key file, created (0600) when absent. */
export function loadPiiKey(env: string | undefined, dataDir: string): Buffer {
  if (env) {
    const key = Buffer.from(env, 'base64');
    if (key.length !== 32)
      throw new PiiKeyError('PII_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)');
    return key;
  }
  const file = path.join(dataDir, 'pii.key');
  if (fs.existsSync(file)) {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new PiiKeyError(`${file} does not hold a 32-byte base64 key`);
    return key;
  }
  const key = randomBytes(32);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

/** A fixed key for tests only. */
export function testPiiCipher(): PiiCipher {
  return new PiiCipher(Buffer.alloc(32, 7));
}
