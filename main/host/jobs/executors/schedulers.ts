import type { ExecutorConfig } from '../../../../preload/contract/compute';
import type { Scheduler, SchedulerState, SubmitRequest } from './scheduler';
import { SlurmScheduler } from './slurm';

/** The engine behind an executor's configuration. */
export function schedulerFor(config: ExecutorConfig): Scheduler {
  switch (config.kind) {
    case 'slurm':
      return new SlurmScheduler(config);
    // The official clients load on first use: @kubernetes/client-node alone costs ~1.2 s of CPU to load,
    // which every CLI start and every test importing the host paid before (measured with require + cpuUsage).
    case 'kubernetes':
      return lazyScheduler('Kubernetes', async () => new (await import('./kubernetes')).KubernetesScheduler(config));
    case 'aws-batch':
      return lazyScheduler('AWS Batch', async () => new (await import('./aws-batch')).AwsBatchScheduler(config));
  }
}

/** A scheduler whose engine client is made (and its module loaded) when it is first asked for something. */
function lazyScheduler(label: string, make: () => Promise<Scheduler>): Scheduler {
  let made: Promise<Scheduler> | undefined;
  const engine = (): Promise<Scheduler> => (made ??= make());
  return {
    label,
    submit: async (req: SubmitRequest): Promise<string> => (await engine()).submit(req),
    poll: async (ids: readonly string[]): Promise<ReadonlyMap<string, SchedulerState>> => (await engine()).poll(ids),
    cancel: async (id: string): Promise<void> => (await engine()).cancel(id),
  };
}
