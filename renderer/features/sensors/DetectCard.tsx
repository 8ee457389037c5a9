import { type DetectResult, type StreamProtocol, plural } from '../../../preload/contract';
import { formatHz, formatMs } from './status-format';

export function describeProtocol(p: StreamProtocol): string {
  switch (p.kind) {
    case 'csv':
      return `CSV (${p.delimiter === '\t' ? 'tab' : `"${p.delimiter}"`}-separated${p.header ? ', with header' : ', no header'})`;
    case 'kv':
      return `key${p.keyValueSeparator}value pairs, separated by "${p.pairSeparator}"`;
    case 'json':
      return 'JSON lines';
    case 'slip-f32':
      return 'SLIP frames of float32 values';
    case 'avro':
      return 'Avro records (given schema)';
  }
}

/** What the host heard on the source: enough to judge the settings before anything is stored. */
export function DetectCard({ result }: { readonly result: DetectResult }) {
  return (
    <section className="card detect-card" data-testid="detect-result" aria-label="Detected source">
      <div className="detect-grid">
        <div>
          <div className="kv-label">protocol</div>
          <div className="kv-value" data-testid="detect-protocol">
            {describeProtocol(result.protocol)}
          </div>
        </div>
        <div>
          <div className="kv-label">rate</div>
          <div className="kv-value" data-testid="detect-rate">
            {result.rateHz === null ? '—' : formatHz(result.rateHz)}
          </div>
        </div>
        <div>
          <div className="kv-label">jitter</div>
          <div className="kv-value">{formatMs(result.jitterMs)}</div>
        </div>
      </div>
      <div className="kv-label">{plural(result.fields.length, 'field')}</div>
      <ul className="field-chips" data-testid="detect-fields">
        {result.fields.map((f) => (
          <li key={f.name} className="chip" data-testid="detect-field">
            {f.name}
            {f.unit ? <span className="muted"> {f.unit}</span> : null}
          </li>
        ))}
      </ul>
      {result.warnings.length > 0 && (
        <ul className="detect-warnings" data-testid="detect-warnings">
          {result.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {result.sample.length > 0 && (
        <>
          <div className="kv-label">first lines</div>
          <pre className="sample" data-testid="detect-sample">
            {result.sample.slice(0, 6).join('\n')}
          </pre>
        </>
      )}
    </section>
  );
}
