import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { clientFilePassword, matchPgpass, myCnfPassword } from './client-files';
import { SecretResolver } from './secrets';

describe('the database clients’ password files (#14.14)', () => {
  it('matches .pgpass lines as libpq does: first match wins, * matches anything, \\: escapes', () => {
    const text = 'h:5432:db:me:first\n*:*:*:me:pa\\:ss\\\\word\n';
    expect(matchPgpass(text, ['h', '5432', 'db', 'me'])).toBe('first');
    expect(matchPgpass(text, ['other', '1', 'x', 'me'])).toBe('pa:ss\\word');
    expect(matchPgpass(text, ['h', '5432', 'db', 'you'])).toBeNull();
  });

  it('reads password= from the client groups of a my.cnf only, later lines winning, quotes removed', () => {
    expect(myCnfPassword('[mysqld]\npassword=server\n')).toBeNull();
    expect(myCnfPassword('[client]\npassword = a\n[mysql]\n# note\npassword="b c"\n')).toBe('b c');
    expect(myCnfPassword("[client]\npassword='x'\n[mysqldump]\npassword=y\n")).toBe('x');
  });

  it('fills in libpq defaults (localhost, 5432, $USER) and honours $PGPASSFILE', () => {
    const dir = tempDir('assay-client-files-');
    const file = path.join(dir, 'pgpass');
    fs.writeFileSync(file, 'localhost:5432:sales:ann:s3cret\n', { mode: 0o600 });
    const env = { PGPASSFILE: file, USER: 'ann', HOME: dir };
    expect(clientFilePassword({ kind: 'postgres', database: 'sales' }, env)).toBe('s3cret');
    expect(clientFilePassword({ kind: 'postgres', database: 'sales', port: 5433 }, env)).toBeNull();
  });

  it('the default variable wins over the files; a named variable that is unset is still an error', () => {
    const dir = tempDir('assay-client-files-');
    fs.writeFileSync(path.join(dir, '.pgpass'), '*:*:*:*:from-file\n', { mode: 0o600 });
    const ctx = { kind: 'postgres' as const, host: 'h', database: 'd', user: 'u' };
    expect(new SecretResolver(null, { HOME: dir, PGPASSWORD: 'from-env' }).resolve({ kind: 'env' }, ctx)).toBe('from-env');
    expect(new SecretResolver(null, { HOME: dir }).resolve({ kind: 'env' }, ctx)).toBe('from-file');
    expect(new SecretResolver(null, { HOME: path.join(dir, 'none') }).resolve({ kind: 'env' }, ctx)).toBeNull();
    expect(() => new SecretResolver(null, { HOME: dir }).resolve({ kind: 'env', name: 'WAREHOUSE_PW' }, ctx)).toThrow(/\$WAREHOUSE_PW, which is not set/);
  });
});
