import { toErrorData } from '../../../preload/contract';
import type { DbSelection } from '../../../preload/contract/sources';
import { client } from '../../lib/client';
import { apiSpecOf, configOf, draftOf, emptyConnDraft } from './form';
import { setSources, useSourcesStore } from './slice';

function fail(err: unknown): void {
  setSources({ busy: false, testing: false, error: toErrorData(err).message });
}

export async function loadSources(): Promise<void> {
  const [connections, states] = await Promise.all([client().invoke('source:connections', null), client().invoke('source:list', null)]);
  setSources({ connections, states });
}

export async function selectConnection(id: number | null): Promise<void> {
  const c = useSourcesStore.getState().connections.find((x) => x.id === id);
  setSources({ selectedId: id, draft: c ? draftOf(c) : emptyConnDraft, test: null, tables: [], table: null, preview: null, dbSteps: {}, error: null });
  if (id !== null) await loadTables();
}

export async function saveConnection(): Promise<void> {
  const s = useSourcesStore.getState();
  const config = configOf(s.draft);
  if ('reason' in config) return setSources({ error: config.reason });
  try {
    const saved = await client().invoke('source:saveConnection', { ...(s.selectedId !== null ? { id: s.selectedId } : {}), name: s.draft.name, config });
    await loadSources();
    await selectConnection(saved.id);
  } catch (err) {
    fail(err);
  }
}

export async function deleteConnection(): Promise<void> {
  const { selectedId } = useSourcesStore.getState();
  if (selectedId === null) return;
  try {
    await client().invoke('source:deleteConnection', { id: selectedId });
    await loadSources();
    await selectConnection(null);
  } catch (err) {
    fail(err);
  }
}

/** Tests what the form shows (saved or not), so a connection can be checked before it is saved. */
export async function testConnection(): Promise<void> {
  const connection = configOf(useSourcesStore.getState().draft);
  if ('reason' in connection) return setSources({ error: connection.reason });
  setSources({ testing: true, test: null, error: null });
  try {
    const test = await client().invoke('source:test', { connection });
    setSources({ test, testing: false });
  } catch (err) {
    fail(err);
  }
}

export async function loadTables(): Promise<void> {
  const { selectedId } = useSourcesStore.getState();
  if (selectedId === null) return;
  try {
    setSources({ tables: await client().invoke('source:tables', { connectionId: selectedId }) });
  } catch (err) {
    fail(err);
  }
}

export function selection(): DbSelection | null {
  const s = useSourcesStore.getState();
  if (s.table !== null) {
    const t = s.tables.find((x) => x.name === s.table);
    return { table: s.table, ...(t?.schema && t.schema !== 'public' ? { schema: t.schema } : {}) };
  }
  return s.query.trim() ? { query: s.query } : null;
}

export async function previewSelection(): Promise<void> {
  const { selectedId } = useSourcesStore.getState();
  const select = selection();
  if (selectedId === null || !select) return setSources({ error: 'Pick a table or write a query first.' });
  setSources({ busy: true, preview: null, error: null });
  try {
    setSources({ preview: await client().invoke('source:preview', { connectionId: selectedId, select }), busy: false });
  } catch (err) {
    fail(err);
  }
}

export async function importSelection(): Promise<void> {
  const s = useSourcesStore.getState();
  const select = selection();
  if (s.selectedId === null || !select) return setSources({ error: 'Pick a table or write a query first.' });
  setSources({ error: null });
  try {
    const { jobId } = await client().invoke('source:import', {
      connectionId: s.selectedId,
      select,
      ...s.dbSteps,
      ...(s.importName.trim() ? { name: s.importName.trim() } : {}),
      ...(s.watermark.trim() ? { incremental: { column: s.watermark.trim(), ...(s.key.trim() ? { key: s.key.trim() } : {}) } } : {}),
    });
    setSources({ jobId });
  } catch (err) {
    fail(err);
  }
}

export async function previewApi(): Promise<void> {
  const spec = apiSpecOf(useSourcesStore.getState().api);
  if ('reason' in spec) return setSources({ error: spec.reason });
  setSources({ busy: true, apiPreview: null, error: null });
  try {
    setSources({ apiPreview: await client().invoke('source:httpPreview', spec), busy: false });
  } catch (err) {
    fail(err);
  }
}

export async function pullApi(): Promise<void> {
  const spec = apiSpecOf(useSourcesStore.getState().api);
  if ('reason' in spec) return setSources({ error: spec.reason });
  setSources({ error: null });
  try {
    const { jobId } = await client().invoke('source:httpImport', { ...spec, ...useSourcesStore.getState().apiSteps });
    setSources({ apiJobId: jobId });
  } catch (err) {
    fail(err);
  }
}

export async function refreshSource(datasetId: number): Promise<void> {
  try {
    const { jobId } = await client().invoke('source:refresh', { datasetId });
    setSources({ jobId, error: null });
  } catch (err) {
    fail(err);
  }
}

export async function scheduleSource(datasetId: number, minutes: number | null): Promise<void> {
  try {
    await client().invoke('source:schedule', { datasetId, minutes });
    await loadSources();
  } catch (err) {
    fail(err);
  }
}
