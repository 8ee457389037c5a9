import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AssayError } from '../../../../preload/contract/errors';
import type { PrivacyKeyInfo } from '../../../../preload/contract/governance';
import { keyFingerprint } from '../../../../native-workers/host-api';

/**
 * Where the pseudonymisation key lives: always outside the project file. The desktop app
 * keeps it encrypted by the OS keychain (main/electron/safe-storage-key.ts); browser and CLI
 * mode use a key file.
 */
export interface PrivacyKeyStore {
  readonly store: PrivacyKeyInfo['store'];
  readonly location: string;
  /** The key, created on first use. */
  load(): Buffer;
  /** Null fingerprint when no key exists yet. */
  describe(): { store: PrivacyKeyInfo['store']; location: string; fingerprint: string | null };
}

const keyBytes = 32;

/** A key file: 64 hex characters, created with 0600 permissions; refused when others may read it. */
export class FileKeyStore implements PrivacyKeyStore {
  readonly store = 'file' as const;
  readonly location: string;

  constructor(file: string) {
    this.location = path.resolve(file);
  }

  private read(): Buffer | null {
    let text: string;
    try {
      const st = fs.statSync(this.location);
      if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
        throw new AssayError(
          'FORBIDDEN',
          `The key file ${this.location} can be read by other users (mode ${(st.mode & 0o777).toString(8)}); run chmod 600 on it, then try again.`,
        );
      }
      text = fs.readFileSync(this.location, 'utf8').trim();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    if (!/^[0-9a-fA-F]{64}$/.test(text)) {
      throw new AssayError('BAD_INPUT', `The key file ${this.location} does not hold a key (expected 64 hex characters); point to the right file or move it away to create a new key.`);
    }
    return Buffer.from(text, 'hex');
  }

  load(): Buffer {
    const existing = this.read();
    if (existing) return existing;
    const key = randomBytes(keyBytes);
    fs.mkdirSync(path.dirname(this.location), { recursive: true });
    try {
      // 'wx': never overwrite a key another process created meanwhile (its pseudonyms would be lost).
      fs.writeFileSync(this.location, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return this.load();
      throw new AssayError('IO', `Could not create the key file ${this.location}: ${(err as Error).message}`);
    }
    return key;
  }

  describe(): { store: 'file'; location: string; fingerprint: string | null } {
    const key = this.read();
    return { store: 'file', location: this.location, fingerprint: key ? keyFingerprint(key) : null };
  }
}
