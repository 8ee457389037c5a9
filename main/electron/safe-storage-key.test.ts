import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../host/testing';
import { SafeStorageKeyStore, type SafeStorageLike } from './safe-storage-key';

const dir = tempDir('assay-keychain-');

/** A keychain stand-in that really encrypts (AES-256-GCM under its own secret), as safeStorage does. */
function fakeKeychain(available = true): SafeStorageLike {
  const secret = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    encryptString(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', secret, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(blob) {
      const d = createDecipheriv('aes-256-gcm', secret, blob.subarray(0, 12));
      d.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

describe('SafeStorageKeyStore', () => {
  it('creates the key once, stores only its encrypted form (0600), and gives it back', () => {
    const file = path.join(dir, 'a', 'privacy-key.bin');
    const store = new SafeStorageKeyStore(fakeKeychain(), file);
    expect(store.describe().fingerprint).toBeNull();
    const key = store.load();
    expect(store.load().equals(key)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const blob = fs.readFileSync(file);
    expect(blob.includes(Buffer.from(key.toString('hex')))).toBe(false);
    expect(blob.includes(key)).toBe(false);
    expect(store.describe().fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('says so when the keychain is unavailable', () => {
    const store = new SafeStorageKeyStore(fakeKeychain(false), path.join(dir, 'b', 'k.bin'));
    expect(() => store.load()).toThrow(/OS keychain is not available.*name a key file/);
  });
});
