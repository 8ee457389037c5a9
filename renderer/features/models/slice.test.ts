import { beforeEach, describe, expect, it } from 'vitest';
import type { ModelVersion, RegisteredModel } from '../../../preload/contract/registry';
import { emptyModels, selectModel, setCardVersion, setCompareSide, setModels, useModelsStore } from './slice';

function model(name: string, versions: number[]): RegisteredModel {
  return { name, createdAt: '2026-11-26', versions: versions.map((version) => ({ name, version }) as ModelVersion) };
}

describe('models slice', () => {
  beforeEach(() => useModelsStore.setState(emptyModels));

  it('selects the first model and compares its two newest versions', () => {
    setModels([model('a', [3, 2, 1]), model('b', [1])]);
    expect(useModelsStore.getState()).toMatchObject({ loaded: true, selectedName: 'a', compare: [2, 3] });
    selectModel('b');
    expect(useModelsStore.getState().compare).toEqual([null, 1]);
  });

  it('keeps choices across pushes while they still exist', () => {
    setModels([model('a', [2, 1])]);
    setCardVersion(1);
    setCompareSide(0, 1);
    setCompareSide(1, 2);
    setModels([model('a', [3, 2, 1])]);
    expect(useModelsStore.getState()).toMatchObject({ selectedName: 'a', cardVersion: 1, compare: [1, 2] });
    setModels([model('z', [1])]);
    expect(useModelsStore.getState()).toMatchObject({ selectedName: 'z', cardVersion: null, compare: [null, 1] });
  });

  it('a selection made before the list arrived gets its comparison once it does', () => {
    selectModel('a');
    setModels([model('a', [2, 1])]);
    expect(useModelsStore.getState().compare).toEqual([1, 2]);
  });
});
