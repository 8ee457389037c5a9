import type { ImageTrainSpec } from '../../../preload/contract/images';
import { client, getTransport } from '../../lib/client';
import { uploadFile } from '../../lib/upload';
import { pushToast, reportError } from '../toasts';
import { inPool, labelledImages } from './dropped-folder';
import { addThumbs, expectSet, setEstimate, setPage, setPredictions, setRuns, setSets, showRun, useImagesStore, type GridFilter } from './slice';
import { plural } from '../../../preload/contract';

export async function loadImages(): Promise<void> {
  const [sets, runs] = await Promise.all([client().invoke('images:sets', null), client().invoke('images:runs', null)]);
  setSets(sets);
  setRuns(runs);
}

/** Only the image runs (the Models area numbers image versions' runs among them). */
export async function loadImageRuns(): Promise<void> {
  setRuns(await client().invoke('images:runs', null));
}

export async function loadPage(setId: number, filter: GridFilter, offset = 0): Promise<void> {
  try {
    setPage(await client().invoke('images:list', { setId, offset, limit: 120, filter }));
  } catch (err) {
    reportError(err);
  }
}

/** Imports a folder (or CSV) by path; the set appears when its job ends (images:sets push). */
export async function importImages(pathText: string): Promise<string | null> {
  const p = pathText.trim();
  if (!p) return 'Type the path of a folder with one subfolder per class, or of a CSV of path,label.';
  try {
    const source = /\.csv$/i.test(p) ? { kind: 'csv' as const, path: p } : { kind: 'folder' as const, path: p };
    const { setId } = await client().invoke('images:import', { source });
    pushToast('info', `Importing images from ${p}…`);
    expectSet(setId);
    return null;
  } catch (err) {
    reportError(err);
    return null;
  }
}

/**
 * A folder dropped in the Images area (one subfolder per class): imported by its path where
 * the desktop app knows it, else its images are uploaded and the host files them by class.
 */
export async function importDroppedFolder(files: readonly File[], folderPath: string | null): Promise<void> {
  if (folderPath) {
    await importImages(folderPath);
    return;
  }
  const { root, items, skipped } = labelledImages(files);
  if (items.length === 0) {
    pushToast('info', 'Drop a folder with one subfolder per class of PNG, JPEG or WebP images.');
    return;
  }
  try {
    pushToast('info', `Uploading ${plural(items.length, 'image')} from ${root}${skipped ? ` (${plural(skipped, 'other file')} left out)` : ''}…`);
    const uploaded = await inPool(items, 4, async ({ file, label }) => ({ uploadId: (await uploadFile(file, () => undefined)).uploadId, label }));
    const { setId } = await client().invoke('images:import', { source: { kind: 'uploads', files: uploaded }, name: root });
    pushToast('info', `Importing images from ${root}…`);
    expectSet(setId);
  } catch (err) {
    reportError(err);
  }
}

export async function estimate(spec: ImageTrainSpec): Promise<void> {
  setEstimate(null, true);
  try {
    setEstimate(await client().invoke('images:estimate', spec), false);
  } catch (err) {
    setEstimate(null, false);
    reportError(err);
  }
}

export async function startTraining(spec: ImageTrainSpec): Promise<void> {
  try {
    const { runId } = await client().invoke('images:train', spec);
    showRun(runId);
  } catch (err) {
    reportError(err);
  }
}

export async function cancelTraining(runId: number): Promise<void> {
  try {
    await client().invoke('images:cancel', { runId });
  } catch (err) {
    reportError(err);
  }
}

export async function loadThumbs(ids: readonly number[]): Promise<void> {
  const have = useImagesStore.getState().thumbs;
  const want = ids.filter((id) => !(id in have));
  if (want.length === 0) return;
  try {
    addThumbs(await client().invoke('images:thumbnails', { imageIds: [...want] }));
  } catch (err) {
    reportError(err);
  }
}

const imageName = /\.(png|jpe?g|webp)$/i;

/** Images dropped on the window while a trained run is shown: predicted with its model. */
export async function predictFiles(runId: number, files: readonly File[]): Promise<void> {
  const images = files.filter((f) => imageName.test(f.name));
  if (images.length === 0) {
    pushToast('info', 'Drop PNG, JPEG or WebP images to classify them.');
    return;
  }
  setPredictions([], true);
  try {
    const api = getTransport().api;
    const paths = images.map((f) => api.pathForFile?.(f) ?? null);
    const req = paths.every((p) => p !== null)
      ? { runId, paths: paths as string[] }
      : { runId, uploadIds: (await Promise.all(images.map((f) => uploadFile(f, () => undefined)))).map((u) => u.uploadId) };
    setPredictions(await client().invoke('images:predict', req), false);
  } catch (err) {
    setPredictions([], false);
    reportError(err);
  }
}

export async function exportRun(runId: number, folder: string): Promise<void> {
  try {
    await client().invoke('images:export', { runId, folder });
    pushToast('info', `Exporting run ${runId} to ${folder}…`);
  } catch (err) {
    reportError(err);
  }
}
