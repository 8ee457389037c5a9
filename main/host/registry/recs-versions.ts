/**
 * Recommenders in the registry (#17). A recommender run's stored model (project/recs.ts) is
 * written once when the run finishes and never changed or deleted apart from the run, so the
 * version refers to it by run id rather than copying megabytes of factors.
 */
import { AssayError } from '../../../preload/contract/errors';
import { recsMetricsJson, type RecsRunSummary } from '../../../preload/contract/recs';
import type { ModelCard, ModelVersion } from '../../../preload/contract/registry';
import type { Db } from '../../../native-workers/project/open';
import { getRecsSummary } from '../../../native-workers/project/recs';
import { datasetOrigin } from '../../../native-workers/project/registry';
import { runKind } from '../../../native-workers/project/runs';

/** What `model_versions.model` holds for a recommender version. */
export interface RecsVersionDocument {
  readonly format: 'assay-recs/1';
  readonly runId: number;
}

export function isRecsRun(db: Db, runId: number): boolean {
  return runKind(db, runId) === 'recs-train';
}

function recsCard(s: RecsRunSummary, datasetName: string): ModelCard {
  const e = s.evaluation;
  return {
    intendedUse: `Recommends items ("${s.spec.itemColumn}") to users ("${s.spec.userColumn}") like those of "${datasetName}" (${s.spec.model}).`,
    data: `${s.data.users} users, ${s.data.items} items, ${s.data.interactions} interactions (density ${s.data.density.toExponential(2)}), ${s.spec.feedback} feedback, seed ${s.spec.seed}.`,
    metrics: e
      ? `Holdout ${s.spec.holdout.kind === 'last' ? `last ${s.spec.holdout.n}` : s.spec.holdout.kind === 'random' ? `random ${s.spec.holdout.fraction}` : 'none'}, ${e.evaluatedUsers} users: ${Object.entries(recsMetricsJson(s)).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}.`
      : 'Not evaluated (trained without a holdout).',
    limits: 'Users without history get the popular items; items added after training are recommended only after retraining.',
  };
}

/** A recommender run's version summary, card and document; BAD_INPUT unless the run finished. */
export function recsVersionParts(db: Db, runId: number, name: string, version: number, now: string): { summary: Omit<ModelVersion, 'stage' | 'card'>; card: ModelCard; doc: RecsVersionDocument } {
  const s = getRecsSummary(db, runId);
  if (!s) throw new AssayError('BAD_INPUT', `Recommender run ${runId} has no stored model: it did not finish. Train it again.`);
  const { dataset: ds, sha256 } = datasetOrigin(db, s.spec.datasetId);
  const datasetName = ds?.name ?? s.datasetName;
  const metrics = Object.fromEntries(Object.entries(recsMetricsJson(s)).map(([k, v]) => [k, { mean: v, std: 0, folds: [v] }]));
  return {
    doc: { format: 'assay-recs/1', runId },
    card: recsCard(s, datasetName),
    summary: {
      name,
      version,
      runId,
      createdAt: now,
      kind: 'recs',
      task: 'recommend',
      model: 'recommender',
      target: s.spec.itemColumn,
      classes: null,
      inputSchema: [],
      metrics,
      test: null,
      recs: {
        algorithm: s.spec.model,
        users: s.data.users,
        items: s.data.items,
        interactions: s.data.interactions,
        k: s.evaluation?.k ?? null,
        metrics: s.evaluation?.metrics ?? null,
      },
      lineage: { datasetId: s.spec.datasetId, datasetName, source: ds?.source ?? 'unknown', sha256 },
    },
  };
}
