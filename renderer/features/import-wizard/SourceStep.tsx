import { importEncodings, importFormats, type ImportEncoding, type ImportFormat, type ImportPreview } from '../../../preload/contract';
import { setOption } from './actions';
import type { WizardState } from './slice';

const delimiters: readonly [string, string][] = [
  [',', 'comma ,'],
  [';', 'semicolon ;'],
  ['\t', 'tab'],
  ['|', 'pipe |'],
  [':', 'colon :'],
];

function Detected({ value }: { value: string | null }) {
  return value === null ? null : <span className="wizard-detected">detected: {value === '\t' ? 'tab' : value}</span>;
}

/** Step 1: how the file is read. Every choice left on "detect" uses what the preview found. */
export function SourceStep({ state, preview }: { state: WizardState; preview: ImportPreview | null }) {
  const o = state.options;
  const text = preview ? preview.encoding !== null : true;
  return (
    <div className="wizard-source" data-testid="wizard-source">
      <div className="wizard-options">
        <label>
          Format
          <select data-testid="opt-format" value={o.format ?? ''} onChange={(e) => setOption('format', (e.target.value || undefined) as ImportFormat | undefined)}>
            <option value="">detect</option>
            {importFormats.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
          <Detected value={preview ? `${preview.format}${preview.gzip ? ' (gzip)' : ''}` : null} />
        </label>
        {text && (
          <label>
            Encoding
            <select data-testid="opt-encoding" value={o.encoding ?? ''} onChange={(e) => setOption('encoding', (e.target.value || undefined) as ImportEncoding | undefined)}>
              <option value="">detect</option>
              {importEncodings.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
            <Detected value={preview?.encoding ?? null} />
          </label>
        )}
        {(!preview || preview.format === 'csv') && (
          <>
            <label>
              Delimiter
              <select data-testid="opt-delimiter" value={o.delimiter ?? ''} onChange={(e) => setOption('delimiter', e.target.value || undefined)}>
                <option value="">detect</option>
                {delimiters.map(([d, label]) => (
                  <option key={label} value={d}>
                    {label}
                  </option>
                ))}
              </select>
              <Detected value={preview?.delimiter ?? null} />
            </label>
            <label>
              Quote
              <select data-testid="opt-quote" value={o.quote ?? ''} onChange={(e) => setOption('quote', e.target.value || undefined)}>
                <option value="">detect</option>
                <option value={'"'}>double "</option>
                <option value="'">single &apos;</option>
              </select>
            </label>
          </>
        )}
        {(!preview || preview.format === 'csv' || preview.format === 'xlsx') && (
          <label>
            First row
            <select
              data-testid="opt-header"
              value={o.header === undefined ? '' : o.header ? 'yes' : 'no'}
              onChange={(e) => setOption('header', e.target.value === '' ? undefined : e.target.value === 'yes')}
            >
              <option value="">detect</option>
              <option value="yes">holds column names</option>
              <option value="no">is data</option>
            </select>
            <Detected value={preview ? (preview.header ? 'names' : 'data') : null} />
          </label>
        )}
        {preview?.format === 'xlsx' && (
          <label>
            Sheet
            <select data-testid="opt-sheet" value={o.sheet ?? preview.sheet ?? ''} onChange={(e) => setOption('sheet', e.target.value)}>
              {preview.sheets.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        )}
        {preview?.format === 'json' && (
          <label>
            Records
            <select data-testid="opt-records" value={o.recordsPath ?? preview.recordsPath ?? ''} onChange={(e) => setOption('recordsPath', e.target.value)}>
              {preview.recordsPaths.length === 0 && <option value="">(top level)</option>}
              {preview.recordsPaths.map((p) => (
                <option key={p} value={p}>
                  {p || '(top level)'}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {preview && preview.notes.length > 0 && (
        <ul className="wizard-notes" data-testid="wizard-notes">
          {preview.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
