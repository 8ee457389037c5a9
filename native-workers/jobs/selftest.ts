import { AssayError } from '../../preload/contract/errors';
import type { SelftestJobSpec } from '../protocol';
import type { JobContext } from '../runtime/context';

/** Exercises progress, logs, cancel, failure and crash handling of the job machinery. */
export async function runSelftest(spec: SelftestJobSpec, ctx: JobContext): Promise<{ steps: number }> {
  for (let i = 0; i < spec.steps; i++) {
    if (spec.behaviour !== 'ignore-cancel') ctx.checkCancelled();
    if (spec.behaviour === 'crash' && i === Math.floor(spec.steps / 2)) {
      process.stderr.write('selftest: crashing on purpose\n');
      process.exit(70);
    }
    if (spec.behaviour === 'fail' && i === Math.floor(spec.steps / 2)) {
      throw new AssayError('BAD_INPUT', 'selftest: failing on purpose');
    }
    if (spec.behaviour === 'log' && i === Math.floor(spec.steps / 2)) {
      for (const level of ['info', 'warn', 'error'] as const) ctx.log(level, `selftest: ${level} at step ${i + 1}`);
    }
    ctx.progress({ kind: 'selftest', value: i / spec.steps, title: 'Self-test', detail: `step ${i + 1} of ${spec.steps}` });
    await new Promise((resolve) => setTimeout(resolve, spec.stepMs));
  }
  return { steps: spec.steps };
}
