import { beforeEach, describe, expect, it } from 'vitest';
import type { ServableVersion, ServeStats, ServerInfo } from '../../../preload/contract/serving';
import { addStats, appendPoint, emptyServing, fitDraft, presetServeModel, servableFrom, setServableModels, setServeDraft, setServers, useServingStore } from './slice';

const version = (n: number): ServableVersion => ({ model: 'churn', version: n, stage: 'none', task: 'binary', createdAt: '', inputColumns: [{ name: 'x', kind: 'numeric' }] });
const server: ServerInfo = { serverId: 's1', url: 'http://127.0.0.1:1', primary: { model: 'churn', version: 1 }, candidate: null, candidatePercent: 0, logging: true, startedAt: 0 };
const tick = (at: number, serverId = 's1'): ServeStats => ({
  serverId,
  at,
  versions: [{ model: 'churn', version: 1, requestsPerSecond: 5, rowsPerSecond: 5, p50Ms: 1, p99Ms: 2, requests: at, errors: 0 }],
});

describe('serving slice', () => {
  beforeEach(() => useServingStore.setState(emptyServing));

  it('keeps the last N ticks per server', () => {
    let points = appendPoint(undefined, tick(1), 3);
    for (let i = 2; i <= 5; i++) points = appendPoint(points, tick(i), 3);
    expect(points.map((p) => p.at)).toEqual([3, 4, 5]);
  });

  it('fits the draft to the versions that exist: newest first, no candidate equal to the primary', () => {
    expect(fitDraft({ model: '', candidate: '', percent: 10, events: '' }, [version(2), version(1)])).toEqual({ model: 'churn@2', candidate: '', percent: 10, events: '' });
    expect(fitDraft({ model: 'churn@1', candidate: 'churn@1', percent: 10, events: '' }, [version(2), version(1)]).candidate).toBe('');
    expect(fitDraft({ model: 'churn@9', candidate: 'churn@1', percent: 10, events: '' }, [version(1)])).toEqual({ model: 'churn@1', candidate: '', percent: 10, events: '' });
  });

  it('records stats only for known servers and forgets stopped ones', () => {
    setServableModels([version(2), version(1)]);
    setServeDraft({ candidate: 'churn@1', percent: 30 });
    expect(useServingStore.getState().draft).toEqual({ model: 'churn@2', candidate: 'churn@1', percent: 30, events: '' });
    addStats(tick(1));
    expect(useServingStore.getState().history).toEqual({});
    setServers([server]);
    addStats(tick(1));
    addStats(tick(2));
    addStats(tick(3, 's9'));
    expect(useServingStore.getState().history['s1']).toHaveLength(2);
    setServers([]);
    expect(useServingStore.getState().history).toEqual({});
  });

  it('starts the form on a version picked in the Models area, kept once the list arrives', () => {
    presetServeModel('churn@1');
    setServableModels([version(2), version(1)]);
    expect(useServingStore.getState().draft.model).toBe('churn@1');
    presetServeModel('gone@4');
    setServableModels([version(2)]);
    expect(useServingStore.getState().draft.model).toBe('churn@2');
    const registered = [{ name: 'churn', createdAt: '', versions: [{ name: 'churn', version: 3, stage: 'production', task: 'binary', createdAt: 'c', inputSchema: [{ name: 'x', kind: 'numeric' }] }] }];
    expect(servableFrom(registered as unknown as Parameters<typeof servableFrom>[0])).toEqual([
      { model: 'churn', version: 3, stage: 'production', task: 'binary', createdAt: 'c', inputColumns: [{ name: 'x', kind: 'numeric' }], kind: 'tabular' },
    ]);
  });
});
