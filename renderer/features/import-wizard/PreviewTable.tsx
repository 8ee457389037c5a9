import type { ImportPreview } from '../../../preload/contract';
import { plural } from '../../../preload/contract';

/** The rows the import would quarantine, each with where it is and why, above the table. */
function PreviewProblems({ preview }: { preview: ImportPreview }) {
  if (preview.problems.length === 0) return null;
  return (
    <div className="wizard-problems" role="alert" data-testid="wizard-problems">
      <strong>
        {preview.problems.length} of the first {plural(preview.rows.length, 'row')} cannot be read as a record; the import sends {preview.problems.length === 1 ? 'it' : 'them'} to quarantine:
      </strong>
      <ul>
        {preview.problems.map((p) => (
          <li key={p.row} data-testid="wizard-problem">
            {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The first rows as the import would read them, as text; a row that cannot be read shows its text as read. */
export function PreviewTable({ preview }: { preview: ImportPreview }) {
  const broken = new Map(preview.problems.map((p) => [p.row, p.message]));
  return (
    <>
      <PreviewProblems preview={preview} />
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
            {preview.rows.map((r, i) =>
              broken.has(i) ? (
                <tr key={i} data-testid="wizard-preview-row" className="ragged" title={broken.get(i)}>
                  <td colSpan={Math.max(1, preview.columns.length)}>⚠ {r.join('')}</td>
                </tr>
              ) : (
                <tr key={i} data-testid="wizard-preview-row">
                  {r.map((cell, k) => (
                    <td key={k}>{cell}</td>
                  ))}
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
