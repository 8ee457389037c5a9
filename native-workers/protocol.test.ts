import { describe, expect, expectTypeOf, it } from 'vitest';
import { jobKinds, type JobKind } from '../preload/contract/jobs';
import { jobHandlers, type JobHandler, type JobHandlers } from './job-handlers';
import { boostsOnGpu, type DeclaredFor, type JobResults, type JobTypeDeclaration, type JobTypes, type WorkerJob } from './protocol';

// The compile-time half of these checks runs in `tsc -p native-workers/tsconfig.json`: each
// expected-error directive below fails the build if the declaration it stands for were accepted.

/** Stands for a kind's protocol row written without its contract row, or the reverse. */
type Bogus = { readonly bogus: { readonly spec: { readonly n: number }; readonly result: null } };

describe('job kinds are declared once', () => {
  it('ties the protocol types to the kinds of the contract', () => {
    expectTypeOf<keyof JobTypes>().toEqualTypeOf<JobKind>();
    expectTypeOf<keyof JobResults>().toEqualTypeOf<JobKind>();
    expectTypeOf<WorkerJob['kind']>().toEqualTypeOf<JobKind>();
    expectTypeOf<WorkerJob<'train-fold'>['spec']['fold']>().toEqualTypeOf<number>();

    // A kind in the contract's jobKinds but with no spec and result in the protocol:
    // @ts-expect-error a missing kind
    expectTypeOf<DeclaredFor<JobKind, JobTypeDeclaration, Omit<JobTypes, 'selftest'>>>().not.toBeNever();
    // @ts-expect-error the same, seen from the contract: a kind added there only
    expectTypeOf<DeclaredFor<JobKind | 'bogus', JobTypeDeclaration, JobTypes>>().not.toBeNever();
    // A kind in the protocol that the contract does not declare:
    // @ts-expect-error an unknown kind
    expectTypeOf<DeclaredFor<JobKind, JobTypeDeclaration, JobTypes & Bogus>>().not.toBeNever();
    // A kind declared without a result:
    // @ts-expect-error a row of the wrong shape
    expectTypeOf<DeclaredFor<JobKind, JobTypeDeclaration, Omit<JobTypes, 'selftest'> & { selftest: { spec: object } }>>().not.toBeNever();
  });

  it('ties the worker handlers to the kinds, each answering its own result', () => {
    expectTypeOf<keyof typeof jobHandlers>().toEqualTypeOf<JobKind>();
    const withoutSelftest: Omit<JobHandlers, 'selftest'> = jobHandlers;
    // @ts-expect-error a kind with no handler
    withoutSelftest satisfies JobHandlers;
    // @ts-expect-error a handler for a kind nobody declared
    ({ ...jobHandlers, bogus: async () => null }) satisfies JobHandlers;
    // @ts-expect-error a handler answering another result than its kind's
    (async () => ({ phases: 2 })) satisfies JobHandler<'selftest'>;
    expect(Object.keys(jobHandlers).sort()).toEqual(Object.keys(jobKinds).sort());
  });

  it('says per kind which jobs own their run row', () => {
    const shared = Object.entries(jobKinds).filter(([, meta]) => !meta.ownsRunRow).map(([kind]) => kind);
    expect(shared.sort()).toEqual(['dataset-export', 'images-embed', 'images-train', 'score-rows', 'train-final', 'train-fold', 'train-plan', 'train-refit', 'train-trial']);
  });
});

describe('which jobs take a GPU slot', () => {
  const fold = (gpuDevice?: 'gpu' | 'auto'): WorkerJob => ({ kind: 'train-fold', spec: { projectPath: 'p.assay', runId: 1, fold: 0, ...(gpuDevice ? { gpuDevice } : {}) } });

  it('boosting asked onto the GPU: always for gpu, for auto only where a hardware GPU exists, never for cpu', () => {
    expect(boostsOnGpu(fold('gpu'), false)).toBe(true);
    expect(boostsOnGpu(fold('auto'), true)).toBe(true);
    // auto trains on the CPU without a GPU: it must take a CPU slot, or the cores are oversubscribed.
    expect(boostsOnGpu(fold('auto'), false)).toBe(false);
    expect(boostsOnGpu(fold(), true)).toBe(false);
    expect(boostsOnGpu({ kind: 'train-refit', spec: { projectPath: 'p.assay', runId: 1, gpuDevice: 'gpu' } }, false)).toBe(true);
    expect(boostsOnGpu({ kind: 'selftest', spec: { behaviour: 'count', steps: 1, stepMs: 1 } }, true)).toBe(false);
  });
});
