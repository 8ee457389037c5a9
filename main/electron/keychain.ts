/**
 * Source passwords in the OS keychain through Electron's safeStorage: each
 * secret is encrypted with the OS-held key and kept in the user's config
 * folder (not in any project), keyed by what it opens
 * (kind://user@host:port/database, or the API's name).
 */
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { AssayError } from '../../preload/contract/errors';
import type { SecretRef } from '../../preload/contract/sources';
import type { SecretContext, SecretStore } from '../host/sources/secrets';

export function keychainKey(ctx: SecretContext): string {
  return `${ctx.kind}://${ctx.user ?? ''}@${ctx.host ?? ''}:${ctx.port ?? ''}/${ctx.database ?? ''}`;
}

export class SafeStorageSecretStore implements SecretStore {
  private readonly file: string;

  constructor(configDir: string) {
    this.file = path.join(configDir, 'source-secrets.json');
  }

  private load(): Record<string, string> {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  }

  describe(): string {
    return 'OS keychain';
  }

  get(ref: SecretRef, ctx: SecretContext): string | null {
    if (ref.kind !== 'keychain') return null;
    const enc = this.load()[keychainKey(ctx)];
    if (!enc) throw new AssayError('NOT_FOUND', `No password for ${keychainKey(ctx)} is in the keychain yet; enter it in the connection form.`);
    return safeStorage.decryptString(Buffer.from(enc, 'base64'));
  }

  set(ctx: SecretContext, secret: string): void {
    if (!safeStorage.isEncryptionAvailable()) throw new AssayError('UNSUPPORTED', 'The OS keychain is not available here; use an environment variable or a credentials file.');
    const all = this.load();
    all[keychainKey(ctx)] = safeStorage.encryptString(secret).toString('base64');
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, JSON.stringify(all), { mode: 0o600 });
  }
}
