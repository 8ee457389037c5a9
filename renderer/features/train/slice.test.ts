import { beforeEach, describe, expect, it } from 'vitest';
import { emptyTrain, selectRun, setDetail, setRuns, setTrainView, sortBy, toggleCompare, upsertRun, useTrainStore } from './slice';
import { emptyPlots, makeRun } from './test-fixtures';

describe('train slice', () => {
  beforeEach(() => useTrainStore.setState(emptyTrain));

  it('keeps runs by id and says when an update ended a run', () => {
    expect(upsertRun(makeRun(1, { status: 'running' }))).toBe(false);
    expect(upsertRun(makeRun(1, { status: 'running' }))).toBe(false);
    expect(upsertRun(makeRun(1, { status: 'succeeded' }))).toBe(true);
    // A repeated end (a late push) is not a second end.
    expect(upsertRun(makeRun(1, { status: 'succeeded' }))).toBe(false);
    expect(useTrainStore.getState().byId[1]?.status).toBe('succeeded');
  });

  it('drops a cached detail when the run moved on, keeps it otherwise', () => {
    setDetail({ summary: makeRun(2, { status: 'running' }), plots: null });
    upsertRun(makeRun(2, { status: 'running' }));
    expect(useTrainStore.getState().details[2]).toBeDefined();
    upsertRun(makeRun(2, { status: 'succeeded' }));
    expect(useTrainStore.getState().details[2]).toBeUndefined();
    setDetail({ summary: makeRun(2), plots: emptyPlots });
    expect(useTrainStore.getState().details[2]?.plots).toBe(emptyPlots);
  });

  it('replaces the list after a reconnect and forgets vanished runs', () => {
    upsertRun(makeRun(1));
    upsertRun(makeRun(2));
    toggleCompare(1);
    toggleCompare(2);
    selectRun(2);
    setRuns([makeRun(1)]);
    const s = useTrainStore.getState();
    expect(Object.keys(s.byId)).toEqual(['1']);
    expect(s.compareIds).toEqual([1]);
    expect(s.selectedId).toBeNull();
    expect(s.view).toBe('setup');
  });

  it('selecting a run shows it; the run tab needs a selection', () => {
    selectRun(3);
    expect(useTrainStore.getState().view).toBe('run');
    selectRun(null);
    setTrainView('run');
    expect(useTrainStore.getState().view).toBe('setup');
    setTrainView('compare');
    expect(useTrainStore.getState().view).toBe('compare');
  });

  it('toggles compare ticks in tick order', () => {
    toggleCompare(5);
    toggleCompare(3);
    toggleCompare(5);
    toggleCompare(4);
    expect(useTrainStore.getState().compareIds).toEqual([3, 4]);
  });

  it('flips the sort direction on the same column, starts new columns at their natural direction', () => {
    sortBy('metric:roc_auc', 'desc');
    expect(useTrainStore.getState().sort).toEqual({ key: 'metric:roc_auc', dir: 'desc' });
    sortBy('metric:roc_auc', 'desc');
    expect(useTrainStore.getState().sort).toEqual({ key: 'metric:roc_auc', dir: 'asc' });
    sortBy('model', 'asc');
    expect(useTrainStore.getState().sort).toEqual({ key: 'model', dir: 'asc' });
  });
});
