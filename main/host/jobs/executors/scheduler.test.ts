import { describe, expect, it } from 'vitest';
import { retryable, stopReason, type SchedulerState } from './scheduler';

const state = (raw: string, phase: SchedulerState['phase'] = 'failed'): SchedulerState => ({ phase, raw, reason: null });

// The real engines' words for these stops are checked in slurm-limits / slurm-loss.test.ts (SLURM) and
// kubernetes / aws-batch.test.ts (recorded answers); this pins the wording and the retry rule.
describe('why an engine stopped a job', () => {
  it('names the time limit, memory and a lost node with the engine state', () => {
    expect(stopReason(state('TIMEOUT'))).toBe("reached its time limit: raise the executor's time limit, or run it locally (TIMEOUT)");
    expect(stopReason(state('OOMKilled'))).toBe("ran out of memory: raise the executor's memory per job (OOMKilled)");
    expect(stopReason(state('NODE_FAIL'))).toBe('lost its node; run it again (NODE_FAIL)');
    expect(stopReason(state('FAILED'))).toBeNull();
    expect(stopReason(state('COMPLETED', 'succeeded'))).toBeNull();
  });

  it("reads SLURM's accounting memory kill from the job's log, where the state says only FAILED", () => {
    const log = 'slurmstepd-vm: error: *** JOB 1 ON vm CANCELLED AT 2026-12-06T09:07:52 *** | slurmstepd-vm: error: StepId=1.batch exceeded memory limit (110198784 > 104857600), being killed | slurmstepd-vm: error: Exceeded job memory limit.';
    expect(stopReason(state('FAILED'), log)).toBe("ran out of memory: raise the executor's memory per job (FAILED: exceeded memory limit (110198784 > 104857600), being killed)");
    // A job that ended well is not made a memory failure by its log's words.
    expect(stopReason(state('COMPLETED', 'succeeded'), log)).toBeNull();
  });

  it('retries only stops that say nothing about the job itself', () => {
    expect(['NODE_FAIL', 'BOOT_FAIL', 'PREEMPTED', 'TIMEOUT', 'OUT_OF_MEMORY', 'FAILED'].filter((raw) => retryable(state(raw)))).toEqual(['NODE_FAIL', 'BOOT_FAIL', 'PREEMPTED']);
  });
});
