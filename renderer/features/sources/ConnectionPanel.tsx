import type { DbKind } from '../../../preload/contract/sources';
import { deleteConnection, saveConnection, selectConnection, testConnection } from './actions';
import { editConnDraft, useSourcesStore } from './slice';
import { useSourcesReadOnly } from './read-only';

const kinds: readonly { value: DbKind; label: string }[] = [
  { value: 'postgres', label: 'PostgreSQL' },
  { value: 'mysql', label: 'MySQL / MariaDB' },
  { value: 'sqlite', label: 'SQLite file' },
];

/** Saved connections, and the form to add, edit, test or delete one. The password itself is never typed here: only where it comes from. */
export function ConnectionPanel() {
  const s = useSourcesStore();
  const readOnly = useSourcesReadOnly();
  const d = s.draft;
  return (
    <section className="source-card" data-testid="connections">
      <h2>Connections</h2>
      <ul className="source-list">
        {s.connections.map((c) => (
          <li key={c.id}>
            <button className={`link${s.selectedId === c.id ? ' selected' : ''}`} data-testid="connection-item" onClick={() => void selectConnection(c.id)}>
              {c.name} <span className="muted">{c.kind}</span>
            </button>
          </li>
        ))}
        <li>
          <button className="link" data-testid="connection-new" onClick={() => void selectConnection(null)}>
            + New connection
          </button>
        </li>
      </ul>
      <div className="source-form">
        <label>
          Name
          <input data-testid="conn-name" value={d.name} onChange={(e) => editConnDraft({ name: e.target.value })} />
        </label>
        <label>
          Kind
          <select data-testid="conn-kind" value={d.kind} onChange={(e) => editConnDraft({ kind: e.target.value as DbKind })}>
            {kinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        {d.kind !== 'sqlite' && (
          <>
            <label>
              Host
              <input data-testid="conn-host" value={d.host} onChange={(e) => editConnDraft({ host: e.target.value })} />
            </label>
            <label>
              Port
              <input data-testid="conn-port" value={d.port} placeholder={d.kind === 'postgres' ? '5432' : '3306'} onChange={(e) => editConnDraft({ port: e.target.value })} />
            </label>
          </>
        )}
        <label>
          {d.kind === 'sqlite' ? 'File path' : 'Database'}
          <input data-testid="conn-database" value={d.database} onChange={(e) => editConnDraft({ database: e.target.value })} />
        </label>
        {d.kind !== 'sqlite' && (
          <>
            <label>
              User
              <input data-testid="conn-user" value={d.user} onChange={(e) => editConnDraft({ user: e.target.value })} />
            </label>
            <label>
              Password from
              <select data-testid="conn-secret" value={d.secret} onChange={(e) => editConnDraft({ secret: e.target.value as typeof d.secret })}>
                <option value="env">{d.kind === 'postgres' ? 'Environment, else ~/.pgpass' : 'Environment, else ~/.my.cnf'}</option>
                <option value="file">Credentials file (0600)</option>
                <option value="keychain">OS keychain (desktop app)</option>
                <option value="none">No password</option>
              </select>
            </label>
            {(d.secret === 'env' || d.secret === 'file') && (
              <label>
                {d.secret === 'env' ? 'Variable' : 'File'}
                <input
                  data-testid="conn-secret-where"
                  value={d.secretWhere}
                  placeholder={d.secret === 'env' ? (d.kind === 'postgres' ? 'PGPASSWORD' : 'MYSQL_PWD') : '~/.pgpass'}
                  title={d.secret === 'env' ? 'Left empty: the default variable, else the client’s own password file, else no password (trust, peer, certificates).' : undefined}
                  onChange={(e) => editConnDraft({ secretWhere: e.target.value })}
                />
              </label>
            )}
            <label>
              TLS
              <select data-testid="conn-ssl" value={d.sslMode} onChange={(e) => editConnDraft({ sslMode: e.target.value as typeof d.sslMode })}>
                <option value="disable">off</option>
                <option value="require">require</option>
                <option value="verify-full">verify-full</option>
              </select>
            </label>
          </>
        )}
      </div>
      <div className="source-actions">
        <button data-testid="conn-test" onClick={() => void testConnection()} disabled={s.testing}>
          {s.testing ? 'Testing…' : 'Test connection'}
        </button>
        <button className="primary" data-testid="conn-save" onClick={() => void saveConnection()} disabled={readOnly !== null} title={readOnly ?? ''}>
          {s.selectedId === null ? 'Save' : 'Save changes'}
        </button>
        {s.selectedId !== null && (
          <button data-testid="conn-delete" onClick={() => void deleteConnection()} disabled={readOnly !== null} title={readOnly ?? ''}>
            Delete
          </button>
        )}
      </div>
      {s.test && (
        <p data-testid="conn-test-result" data-ok={s.test.ok} className={s.test.ok ? 'muted' : 'train-problem'}>
          {s.test.ok ? '✓ ' : '✗ '}
          {s.test.message}
        </p>
      )}
    </section>
  );
}
