import type { InvokeChannel } from '../../../preload/contract/channels';
import { AssayError } from '../../../preload/contract/errors';
import type { ModelCard, RegisteredModel, Stage } from '../../../preload/contract/registry';
import type { Handlers } from '../dispatch';
import type { PushHub } from '../events';
import type { Db } from '../../../native-workers/project/open';
import { listModels, rollbackModel, setCard, setStage } from '../../../native-workers/project/registry';
import { registerModel } from './register';
import type { ProjectAccess } from '../project/access';

export type RegistryChannel = Extract<InvokeChannel, `registry:${string}`>;

export interface RegistryDeps extends ProjectAccess {
  readonly push: PushHub;
}

const stages: readonly Stage[] = ['none', 'staging', 'production'];
const cardFields = ['intendedUse', 'data', 'metrics', 'limits'] as const;
/** A card is prose; anything longer than this is a paste gone wrong. */
const maxCardField = 20_000;

function checkStage(stage: unknown): Stage {
  if (!stages.includes(stage as Stage)) throw new AssayError('BAD_INPUT', `"${String(stage)}" is not a stage: use none, staging or production.`);
  return stage as Stage;
}

function checkVersion(version: unknown): number {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw new AssayError('BAD_INPUT', `"${String(version)}" is not a version number.`);
  return version;
}

function checkCard(card: unknown): ModelCard {
  if (typeof card !== 'object' || card === null) throw new AssayError('BAD_INPUT', 'A model card has intendedUse, data, metrics and limits.');
  const c = card as Record<string, unknown>;
  const out: Record<(typeof cardFields)[number], string> = { intendedUse: '', data: '', metrics: '', limits: '' };
  for (const f of cardFields) {
    const v = c[f];
    if (typeof v !== 'string') throw new AssayError('BAD_INPUT', `The model card's "${f}" must be text.`);
    if (v.length > maxCardField) throw new AssayError('BAD_INPUT', `The model card's "${f}" is longer than ${maxCardField} characters.`);
    out[f] = v;
  }
  return out;
}

/**
 * The model registry behind the contract: register a run's model under a
 * name, move versions between stages, roll back, edit cards. Every change is
 * pushed as the whole list (`registry:changed`); it is small.
 */
export class RegistryService {
  private readonly deps: RegistryDeps;

  constructor(deps: RegistryDeps) {
    this.deps = deps;
  }

  handlers(): Pick<Handlers, RegistryChannel> {
    return {
      'registry:list': () => listModels(this.db()),
      'registry:register': ({ runId, name, phase }) => {
        if (typeof runId !== 'number' || !Number.isInteger(runId)) throw new AssayError('BAD_INPUT', `"${String(runId)}" is not a run number.`);
        if (typeof name !== 'string') throw new AssayError('BAD_INPUT', 'A model name is text.');
        if (phase !== undefined && phase !== 1 && phase !== 2) throw new AssayError('BAD_INPUT', `"${String(phase)}" is not a phase: use 1 or 2.`);
        return this.changed(registerModel(this.db(), runId, name.trim(), phase === undefined ? {} : { phase }));
      },
      'registry:stage': ({ name, version, stage }) => this.changed(setStage(this.db(), String(name), checkVersion(version), checkStage(stage))),
      'registry:rollback': ({ name }) => this.changed(rollbackModel(this.db(), String(name))),
      'registry:card': ({ name, version, card }) => this.changed(setCard(this.db(), String(name), checkVersion(version), checkCard(card))),
    };
  }

  list(): RegisteredModel[] {
    return listModels(this.db());
  }

  private changed<T>(result: T): T {
    this.deps.push.emit('registry:changed', listModels(this.db()));
    return result;
  }

  private db(): Db {
    return this.deps.store().db;
  }
}
