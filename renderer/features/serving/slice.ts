import { create } from 'zustand';
import type { RegisteredModel } from '../../../preload/contract/registry';
import type { AbStats, ServableVersion, ServeStats, ServerInfo, VersionStats } from '../../../preload/contract/serving';

/** One serve:stats tick, kept for the live plot. */
export interface StatsPoint {
  readonly at: number;
  readonly versions: readonly VersionStats[];
  /** A recommender server's A/B counts at this tick. */
  readonly ab?: AbStats;
}

/** The start form: which version, an optional candidate and its share. */
export interface ServeDraft {
  /** `NAME@VERSION`, or '' before the models are known. */
  readonly model: string;
  /** '' = no candidate. */
  readonly candidate: string;
  readonly percent: number;
  /** A recommender's events feed URL (mqtt://…, nats://…, redis://…, kafka://…, kinesis://…); '' = POST /events only. */
  readonly events: string;
}

export interface ServingState {
  readonly models: readonly ServableVersion[];
  readonly servers: readonly ServerInfo[];
  /** The last `historyLength` ticks per server. */
  readonly history: Readonly<Record<string, readonly StatsPoint[]>>;
  readonly draft: ServeDraft;
}

/** Two minutes of one-second ticks. */
export const historyLength = 120;

export const emptyDraft: ServeDraft = { model: '', candidate: '', percent: 10, events: '' };
export const emptyServing: ServingState = { models: [], servers: [], history: {}, draft: emptyDraft };

export const useServingStore = create<ServingState>()(() => emptyServing);

export function refOf(v: { readonly model: string; readonly version: number }): string {
  return `${v.model}@${v.version}`;
}

/** Appends a tick, dropping the oldest beyond `max` (pure, for the slice and its tests). */
export function appendPoint(points: readonly StatsPoint[] | undefined, stats: ServeStats, max = historyLength): readonly StatsPoint[] {
  const next = [...(points ?? []), { at: stats.at, versions: stats.versions, ...(stats.ab ? { ab: stats.ab } : {}) }];
  return next.length > max ? next.slice(next.length - max) : next;
}

/** A draft that still names versions that exist: the newest version by default. */
export function fitDraft(draft: ServeDraft, models: readonly ServableVersion[]): ServeDraft {
  const refs = models.map(refOf);
  const model = refs.includes(draft.model) ? draft.model : (refs[0] ?? '');
  const candidate = draft.candidate !== '' && refs.includes(draft.candidate) && draft.candidate !== model ? draft.candidate : '';
  return model === draft.model && candidate === draft.candidate ? draft : { ...draft, model, candidate };
}

export function setServableModels(models: readonly ServableVersion[]): void {
  useServingStore.setState((s) => ({ models, draft: fitDraft(s.draft, models) }));
}

/** The registry's list (a registry:changed push) as the versions the Serve area offers. */
export function servableFrom(list: readonly RegisteredModel[]): ServableVersion[] {
  return list.flatMap((m) =>
    m.versions.map((v) => ({ model: v.name, version: v.version, stage: v.stage, task: v.task, createdAt: v.createdAt, inputColumns: v.inputSchema, kind: v.kind ?? 'tabular' })),
  );
}

/** "Serve" on a version in the Models area: the form starts on it (kept once the list arrives, if it exists). */
export function presetServeModel(ref: string): void {
  useServingStore.setState((s) => ({ draft: { ...s.draft, model: ref, candidate: s.draft.candidate === ref ? '' : s.draft.candidate } }));
}

/** The host's list of running servers; plots of stopped servers go. */
export function setServers(servers: readonly ServerInfo[]): void {
  useServingStore.setState((s) => {
    const history: Record<string, readonly StatsPoint[]> = {};
    for (const srv of servers) if (s.history[srv.serverId]) history[srv.serverId] = s.history[srv.serverId]!;
    return { servers, history };
  });
}

export function addStats(stats: ServeStats): void {
  useServingStore.setState((s) => {
    if (!s.servers.some((srv) => srv.serverId === stats.serverId)) return s;
    return { history: { ...s.history, [stats.serverId]: appendPoint(s.history[stats.serverId], stats) } };
  });
}

export function setServeDraft(patch: Partial<ServeDraft>): void {
  useServingStore.setState((s) => ({ draft: fitDraft({ ...s.draft, ...patch }, s.models) }));
}

export function resetServing(): void {
  useServingStore.setState(emptyServing);
}

export const useServableModels = (): readonly ServableVersion[] => useServingStore((s) => s.models);
export const useServers = (): readonly ServerInfo[] => useServingStore((s) => s.servers);
export const useServeDraft = (): ServeDraft => useServingStore((s) => s.draft);
export const useServeHistory = (serverId: string): readonly StatsPoint[] | undefined => useServingStore((s) => s.history[serverId]);
