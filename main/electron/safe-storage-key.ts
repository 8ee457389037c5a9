import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AssayError } from '../../preload/contract/errors';
import { keyFingerprint } from '../../native-workers/host-api';
import type { PrivacyKeyStore } from '../host/ingest/privacy/key-store';

/** The part of Electron's safeStorage used here (so the store can be tested without Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * The desktop app's pseudonymisation key: encrypted by the OS keychain (safeStorage: Keychain,
 * DPAPI, libsecret/kwallet) and kept in the user's app-data folder, never in a project.
 */
export class SafeStorageKeyStore implements PrivacyKeyStore {
  readonly store = 'keychain' as const;

  constructor(
    private readonly safe: SafeStorageLike,
    readonly location: string,
  ) {}

  private read(): Buffer | null {
    let blob: Buffer;
    try {
      blob = fs.readFileSync(this.location);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    this.requireKeychain();
    const hex = this.safe.decryptString(blob);
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new AssayError('BAD_INPUT', `The stored key in ${this.location} could not be decrypted into a key.`);
    return Buffer.from(hex, 'hex');
  }

  private requireKeychain(): void {
    if (!this.safe.isEncryptionAvailable()) {
      throw new AssayError('UNSUPPORTED', 'The OS keychain is not available on this system; name a key file for pseudonymisation instead.');
    }
  }

  load(): Buffer {
    const existing = this.read();
    if (existing) return existing;
    this.requireKeychain();
    const key = randomBytes(32);
    fs.mkdirSync(path.dirname(this.location), { recursive: true });
    fs.writeFileSync(this.location, this.safe.encryptString(key.toString('hex')), { mode: 0o600, flag: 'wx' });
    return key;
  }

  describe(): { store: 'keychain'; location: string; fingerprint: string | null } {
    const key = this.read();
    return { store: 'keychain', location: this.location, fingerprint: key ? keyFingerprint(key) : null };
  }
}
