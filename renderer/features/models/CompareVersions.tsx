import { Fragment, useMemo } from 'react';
import type { RegisteredModel } from '../../../preload/contract/registry';
import { useRunsById } from '../train';
import { compareRows, type CompareRow } from './compare';
import { useVersionRunLabel } from './run-label';
import { setCompareSide, useCompare } from './slice';

function VersionPick({ model, side, value }: { readonly model: RegisteredModel; readonly side: 0 | 1; readonly value: number | null }) {
  const runLabel = useVersionRunLabel();
  return (
    <select
      data-testid={`compare-${side === 0 ? 'a' : 'b'}`}
      aria-label={side === 0 ? 'Left version' : 'Right version'}
      value={value ?? ''}
      onChange={(e) => setCompareSide(side, e.target.value === '' ? null : Number(e.target.value))}
    >
      <option value="">Pick a version…</option>
      {model.versions.map((v) => (
        <option key={v.version} value={v.version}>
          v{v.version} · {runLabel(v)}
          {v.stage !== 'none' ? ` · ${v.stage}` : ''}
        </option>
      ))}
    </select>
  );
}

/** Two versions of a model side by side; rows that differ are marked. */
export function CompareVersions({ model }: { readonly model: RegisteredModel }) {
  const [left, right] = useCompare();
  const runs = useRunsById();
  const a = model.versions.find((v) => v.version === left);
  const b = model.versions.find((v) => v.version === right);
  const rows = useMemo(() => (a && b ? compareRows(a, b, runs[a.runId], runs[b.runId]) : []), [a, b, runs]);
  const sections = rows.reduce<Map<string, CompareRow[]>>((acc, r) => acc.set(r.section, [...(acc.get(r.section) ?? []), r]), new Map());
  return (
    <div className="compare-versions" data-testid="compare-versions">
      <div className="compare-pick">
        <VersionPick model={model} side={0} value={left} />
        <span className="muted">vs</span>
        <VersionPick model={model} side={1} value={right} />
      </div>
      {!a || !b ? (
        <p className="muted" data-testid="compare-empty">
          {model.versions.length < 2 ? 'This model has one version; register another run under the same name to compare.' : 'Pick two versions.'}
        </p>
      ) : (
        <table className="rec-table compare-table" data-testid="compare-table">
          <thead>
            <tr>
              <th />
              <th>v{a.version}</th>
              <th>v{b.version}</th>
            </tr>
          </thead>
          <tbody>
            {[...sections].map(([section, list]) => (
              <Fragment key={section}>
                <tr className="compare-section">
                  <th colSpan={3}>{section}</th>
                </tr>
                {list.map((r) => (
                  <tr key={`${section}:${r.label}`} data-testid="compare-row" data-label={r.label} data-differs={r.differs} className={r.differs ? 'differs' : undefined}>
                    <td className="compare-label">{r.label}</td>
                    <td title={r.a}>{r.a}</td>
                    <td title={r.b}>{r.b}</td>
                  </tr>
                ))}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
