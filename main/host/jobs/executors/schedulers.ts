import type { ExecutorConfig } from '../../../../preload/contract/compute';
import { AwsBatchScheduler } from './aws-batch';
import { KubernetesScheduler } from './kubernetes';
import type { Scheduler } from './scheduler';
import { SlurmScheduler } from './slurm';

/** The engine behind an executor's configuration. */
export function schedulerFor(config: ExecutorConfig): Scheduler {
  switch (config.kind) {
    case 'slurm':
      return new SlurmScheduler(config);
    case 'kubernetes':
      return new KubernetesScheduler(config);
    case 'aws-batch':
      return new AwsBatchScheduler(config);
  }
}
