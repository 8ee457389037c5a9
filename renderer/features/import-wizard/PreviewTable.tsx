import type { ImportPreview } from '../../../preload/contract';

/** The first rows as the import would read them, as text. */
export function PreviewTable({ preview }: { preview: ImportPreview }) {
  return (
    <div className="wizard-preview" data-testid="wizard-preview">
      <table>
        <thead>
          <tr>
            {preview.columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((r, i) => (
            <tr key={i} data-testid="wizard-preview-row" className={r.length !== preview.columns.length ? 'ragged' : undefined}>
              {r.map((cell, k) => (
                <td key={k}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
