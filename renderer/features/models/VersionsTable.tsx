import { registeredModelLabels, type ModelVersion, type RegisteredModel } from '../../../preload/contract/registry';
import { formatMeanStd, formatNumber, metricLabel, openRun } from '../train';
import { showRun } from '../images';
import { setSection } from '../../app/section';
import { presetServeModel } from '../serving';
import { openExportDialog } from '../export';
import { promote } from './actions';
import { headlineMetrics } from './compare';
import { useVersionRunLabel } from './run-label';
import { StageBadge } from './StageBadge';
import { setCardVersion } from './slice';

function openTrainRun(v: ModelVersion): void {
  // An image version's run lives in the Images area.
  if (v.kind === 'image') {
    setSection('images');
    showRun(v.runId);
    return;
  }
  setSection('train');
  openRun(v.runId);
}

function openServe(v: ModelVersion): void {
  presetServeModel(`${v.name}@${v.version}`);
  setSection('serve');
}

function VersionRow({ v, cardShown, readOnly }: { readonly v: ModelVersion; readonly cardShown: boolean; readonly readOnly: string | null }) {
  const runLabel = useVersionRunLabel();
  const metrics = headlineMetrics(v);
  const testMetric = metrics.find((m) => v.test?.[m] !== undefined);
  return (
    <tr data-testid="version-row" data-version={v.version} data-stage={v.stage} className={cardShown ? 'ticked' : undefined}>
      <td className="version-sticky">
        <button type="button" className="link-button" data-testid="version-card" title="Show this version's model card" onClick={() => setCardVersion(v.version)}>
          v{v.version}
        </button>
        <StageBadge stage={v.stage} />
      </td>
      <td className="version-run">
        <button type="button" className="link-button" data-testid="version-run" title="Open the training run" onClick={() => openTrainRun(v)}>
          {runLabel(v)}
        </button>
        <span className="version-sub">{registeredModelLabels[v.model]}</span>
        <span className="version-sub" title={`Registered ${v.createdAt}`}>
          {v.createdAt.slice(0, 10)} {v.createdAt.slice(11, 16)}
        </span>
      </td>
      <td className="num version-metrics">
        {metrics.map((m) => (
          <span key={m} className="version-metric" data-testid="version-metric">
            <span className="metric-label-inline">{metricLabel(m)}</span> {formatMeanStd(v.metrics[m])}
          </span>
        ))}
      </td>
      <td className="num" data-testid="version-test">
        {testMetric ? (
          <>
            <span className="metric-label-inline">{metricLabel(testMetric)}</span> {formatNumber(v.test?.[testMetric])}
          </>
        ) : (
          '—'
        )}
      </td>
      <td className="version-actions">
        <div className="version-buttons">
        <button
          type="button"
          className="small"
          data-testid="promote-staging"
          disabled={readOnly !== null || v.stage === 'staging'}
          title={readOnly ?? 'Move this version to staging'}
          onClick={() => void promote(v.name, v.version, 'staging')}
        >
          Staging
        </button>
        <button
          type="button"
          className="small primary"
          data-testid="promote-production"
          disabled={readOnly !== null || v.stage === 'production'}
          title={readOnly ?? 'Put this version in production (the current one steps down)'}
          onClick={() => void promote(v.name, v.version, 'production')}
        >
          Production
        </button>
        <button type="button" className="small" data-testid="version-serve" title="Serve this version over HTTP on 127.0.0.1" onClick={() => openServe(v)}>
          Serve…
        </button>
        {v.stage !== 'none' && (
          <button
            type="button"
            className="small"
            data-testid="promote-none"
            disabled={readOnly !== null}
            title={readOnly ?? 'Take this version out of its stage'}
            onClick={() => void promote(v.name, v.version, 'none')}
          >
            Unstage
          </button>
        )}
        <button
          type="button"
          className="small"
          data-testid="version-export"
          disabled={readOnly !== null}
          title={readOnly ?? 'Export this version as a deployable bundle (folder, S3 or Azure)'}
          onClick={() => openExportDialog(`${v.name}@${v.version}`)}
        >
          Export…
        </button>
        </div>
      </td>
    </tr>
  );
}

/** Every version of a model, newest first, with its stage, metrics and the promote buttons. */
export function VersionsTable({ model, cardVersion, readOnly }: { readonly model: RegisteredModel; readonly cardVersion: number; readonly readOnly: string | null }) {
  return (
    <div className="table-scroll versions-scroll" data-testid="versions-scroll">
      <table className="rec-table versions-table" data-testid="versions-table">
        <thead>
          <tr>
            <th className="version-sticky">Version · stage</th>
            <th>Run · model · registered</th>
            <th className="num">Cross-validated (mean ± std)</th>
            <th className="num">Test</th>
            <th>Promote</th>
          </tr>
        </thead>
        <tbody>
          {model.versions.map((v) => (
            <VersionRow key={v.version} v={v} cardShown={v.version === cardVersion} readOnly={readOnly} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
