import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../main/host/testing';
import type { ResolvedImageTrainSpec } from '../../preload/contract/images';
import type { ResolvedTrainSpec } from '../../preload/contract/train';
import { createImportingDataset, listDatasets } from './datasets';
import { createImageRun, createImageSet, getImageRun, listImageSets } from './images';
import { insertRun, listRuns, updateRun } from './runs';
import { ProjectStore } from './store';
import { createTrainRun, getTrainSummary } from './train';

describe('recovery at open after a crash', () => {
  it('marks every interrupted run failed, its summary included, and removes partial imports', () => {
    const file = path.join(tempDir(), 'crashed.assay');
    const store = ProjectStore.create(file);
    const db = store.db;
    // What a kill -9 leaves: a training run, an image run and a plain job mid-way, an import and an image set half-written.
    const trainRun = createTrainRun(db, { datasetId: 1, target: 'y', params: {} } as unknown as ResolvedTrainSpec, 'd');
    updateRun(db, trainRun, { status: 'running' });
    const imageRun = createImageRun(db, { imageSetId: 7, params: {} } as unknown as ResolvedImageTrainSpec, 'set');
    updateRun(db, imageRun, { status: 'running' });
    const job = insertRun(db, 'profile', {});
    updateRun(db, job, { status: 'running' });
    createImportingDataset(db, 'half', 'half.csv');
    createImageSet(db, 'half-set', 'folder', {});
    store.close();

    const reopened = ProjectStore.open(file);
    try {
      const summary = getTrainSummary(reopened.db, trainRun);
      expect(summary.status).toBe('failed');
      expect(summary.error).toMatch(/Interrupted/);
      expect(getImageRun(reopened.db, imageRun).status).toBe('failed');
      const runs = new Map(listRuns(reopened.db).map((r) => [r.id, r.status]));
      expect([runs.get(trainRun), runs.get(imageRun), runs.get(job)]).toEqual(['failed', 'failed', 'failed']);
      expect(listDatasets(reopened.db)).toEqual([]);
      
      expect(listImageSets(reopened.db)).toEqual([]);
    } finally {
      reopened.close();
    }
  });
});

describe('recovery and the owner lock', () => {
  it('does not run when this process already has the project open: its import is live', () => {
    const file = path.join(tempDir(), 'twice.assay');
    const first = ProjectStore.create(file);
    const { id } = createImportingDataset(first.db, 'live', 'live.csv');
    const second = ProjectStore.open(file);
    try {
      expect(second.readOnly).toBe(false);
      expect(first.db.prepare('SELECT status FROM datasets WHERE id = ?').get(id)).toEqual({ status: 'importing' });
    } finally {
      second.close();
      first.close();
    }
  });
});
