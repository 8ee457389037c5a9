import { AssayError } from '../../../../preload/contract/errors';
import type { ExecutorConfig } from '../../../../preload/contract/compute';
import type { Scheduler } from './scheduler';
import { SlurmScheduler } from './slurm';

/** The engine behind an executor's configuration. */
export function schedulerFor(config: ExecutorConfig): Scheduler {
  switch (config.kind) {
    case 'slurm':
      return new SlurmScheduler(config);
    default:
      throw new AssayError('UNSUPPORTED', `The ${config.kind} executor is not built yet.`);
  }
}
