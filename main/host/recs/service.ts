/**
 * Recommenders in the app (#17): start a training run (the `recs-train` job), list runs, and
 * ask a run's model about one user. Registering goes through the registry like any run.
 */
import type { InvokeChannel } from '../../../preload/contract/channels';
import { AssayError } from '../../../preload/contract/errors';
import { resolveRecsTrainSpec, type RecsRunSummary, type RecsTrainSpec, type RecsTryAnswer } from '../../../preload/contract/recs';
import { artifactFromParts, type RecsArtifact } from '../../../native-workers/ml/recs';
import { LiveRecommender } from '../../../native-workers/ml/recs/serving';
import { listRecsRuns, readRecsModel } from '../../../native-workers/project/recs';
import { insertRun } from '../../../native-workers/project/runs';
import type { Handlers } from '../dispatch';
import type { JobManager } from '../jobs/manager';
import type { ProjectAccess } from '../project/access';

export type RecsChannel = Extract<InvokeChannel, `recs:${string}`>;

export interface RecsDeps extends ProjectAccess {
  readonly jobs: JobManager;
}

export class RecsService {
  /** The last run asked about, loaded: "try it" asks the same run again and again. */
  private loaded: { path: string; runId: number; artifact: RecsArtifact; live: LiveRecommender } | null = null;

  constructor(private readonly deps: RecsDeps) {}

  start(spec: RecsTrainSpec): { runId: number; jobId: string } {
    const store = this.deps.store();
    let resolved;
    try {
      resolved = resolveRecsTrainSpec(spec);
    } catch (err) {
      throw new AssayError('BAD_INPUT', err instanceof Error ? err.message : String(err));
    }
    const runId = insertRun(store.db, 'recs-train', resolved);
    const job = this.deps.jobs.submit({ kind: 'recs-train', spec: { projectPath: store.path, runId, spec: resolved } }, `Train ${resolved.model} recommender`, {}, runId);
    return { runId, jobId: job.id };
  }

  list(): RecsRunSummary[] {
    return listRecsRuns(this.deps.store().db);
  }

  try(runId: number, user: string, k = 10): RecsTryAnswer {
    const store = this.deps.store();
    if (this.loaded?.path !== store.path || this.loaded.runId !== runId) {
      const parts = readRecsModel(store.db, runId);
      if (!parts) throw new AssayError('NOT_FOUND', `Recommender run ${runId} has no stored model: it has not finished, or it failed.`);
      const artifact = artifactFromParts(parts.meta, parts.arrays);
      this.loaded = { path: store.path, runId, artifact, live: new LiveRecommender(artifact) };
    }
    const { live, artifact } = this.loaded;
    const answer = live.recommend({ user, k, excludeSeen: true });
    const history = live.history(user).sort((a, b) => b.weight - a.weight || a.item.localeCompare(b.item)).slice(0, 50);
    return { ...answer, history, exampleUsers: artifact.userIds.slice(0, 20) };
  }

  handlers(): Pick<Handlers, RecsChannel> {
    return {
      'recs:start': (spec) => this.start(spec),
      'recs:list': () => this.list(),
      'recs:try': ({ runId, user, k }) => this.try(runId, user, k),
    };
  }
}
