// #15.12: under `assay serve --root`, paths a project holds (saved connections, stored streams and
// sources, image sets and the CSVs that list images) obey the folders as a request's own paths do.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageSetSummary } from '../../preload/contract/images';
import type { ConnectionInfo, SourceImportResult } from '../../preload/contract/sources';
import { FileRoots } from '../../native-workers/host-api';
import { writeClassFolder } from '../../native-workers/images/test-images';
import { writeSqliteSource } from '../../native-workers/project/inspect';
import { Host } from './host';
import { sharedData, tempDir } from './testing';

const dir = tempDir('assay-stored-paths-');
const root = path.join(dir, 'root');
const outside = path.join(dir, 'outside');
const project = path.join(root, 'p.assay');
const hosts: Host[] = [];
let connectionId = 0;
let streamId = 0;
let refreshable = 0;
let outsideSet = 0;

function host(roots: FileRoots | null): Host {
  const h = new Host({ mode: 'browser', configDir: path.join(dir, 'config'), ...(roots ? { rules: { roots } } : {}) });
  hosts.push(h);
  return h;
}

beforeAll(async () => {
  fs.mkdirSync(root);
  fs.mkdirSync(outside);
  fs.copyFileSync(path.join(sharedData, 'sensor_single_hop.csv'), path.join(outside, 'readings.csv'));
  await writeClassFolder(path.join(outside, 'shapes'), ['a', 'b'], 4, 16);
  // Made by a session with no folders: the project now points outside `root`.
  const free = host(null);
  // A plain SQLite database (another .assay project is refused as a source: export-data reads those).
  writeSqliteSource(path.join(outside, 'other.db'), 'runs', { id: 'INTEGER PRIMARY KEY', name: 'TEXT' }, [{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
  free.newProject(project);
  const sqlite = { kind: 'sqlite' as const, database: path.join(outside, 'other.db') };
  connectionId = ((await free.dispatch('source:saveConnection', { name: 'elsewhere', config: sqlite })) as ConnectionInfo).id;
  const imported = (await free.dispatch('source:import', { connection: sqlite, select: { table: 'runs' }, name: 'runs', incremental: { column: 'id' } })) as { jobId: string };
  expect((await free.jobs.wait(imported.jobId)).status).toBe('succeeded');
  refreshable = (free.jobs.resultOf(imported.jobId) as SourceImportResult).datasetId;
  ({ streamId } = (await free.dispatch('stream:start', { name: 'replay', source: { kind: 'replay', path: path.join(outside, 'readings.csv'), rateHz: 0 } })) as { streamId: number });
  await free.dispatch('stream:stop', { streamId });
  const { jobId, done } = free.images.startImport({ source: { kind: 'folder', path: path.join(outside, 'shapes') } });
  expect((await done).status).toBe('succeeded');
  outsideSet = (free.jobs.resultOf(jobId) as ImageSetSummary).id;
  await free.close();
}, 120_000);

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
});

describe('stored paths under --root', () => {
  const forbidden = (what: RegExp) => ({ code: 'FORBIDDEN', message: expect.stringMatching(what) });

  it('a saved connection, a stored source, a stored stream and an image set outside the folders are refused', async () => {
    const h = host(new FileRoots([root]));
    h.openProject(project, false);
    await expect(h.dispatch('source:preview', { connectionId, select: { query: 'SELECT 1' } })).rejects.toMatchObject(forbidden(/^saved connection \d+\.database: .*other\.db is outside the folders/));
    await expect(h.dispatch('source:refresh', { datasetId: refreshable })).rejects.toMatchObject(forbidden(/^connection\.database: .*other\.db is outside/));
    await expect(h.dispatch('stream:start', { streamId })).rejects.toMatchObject(forbidden(/^source\.path: .*readings\.csv is outside/));
    await expect(h.dispatch('images:estimate', { imageSetId: outsideSet, inputSize: 96, epochs: 1 })).rejects.toMatchObject(forbidden(/^image set \d+: an image: .*shapes.* is outside/));
    await expect(h.dispatch('images:train', { imageSetId: outsideSet, epochs: 1 })).rejects.toMatchObject(forbidden(/is outside the folders/));
  });

  it('the same project without --root uses them all', async () => {
    const h = host(null);
    h.openProject(project, false);
    await expect(h.dispatch('source:preview', { connectionId, select: { query: 'SELECT 1 AS one' } })).resolves.toMatchObject({ rows: [[1]] });
    const { jobId } = (await h.dispatch('source:refresh', { datasetId: refreshable })) as { jobId: string };
    expect((await h.jobs.wait(jobId)).status).toBe('succeeded');
  });

  it('an image CSV inside the folders that lists images outside them imports only those inside, saying which were left out', async () => {
    fs.cpSync(path.join(outside, 'shapes'), path.join(root, 'shapes'), { recursive: true });
    const inside = ['a', 'b'].flatMap((c) => fs.readdirSync(path.join(root, 'shapes', c)).map((f) => `shapes/${c}/${f},${c}`));
    const away = fs.readdirSync(path.join(outside, 'shapes', 'b')).map((f) => `${path.join(outside, 'shapes', 'b', f)},b`);
    fs.writeFileSync(path.join(root, 'list.csv'), ['path,label', ...inside, ...away].join('\n'));
    const h = host(new FileRoots([root]));
    h.openProject(project, false);
    const { jobId, done } = h.images.startImport({ source: { kind: 'csv', path: path.join(root, 'list.csv') } });
    const info = await done;
    expect(info.status).toBe('succeeded');
    expect((h.jobs.resultOf(jobId) as ImageSetSummary).usable).toBe(inside.length);
    expect((info.logs ?? []).map((l) => l.message).join('\n')).toContain(`${away.length} image(s) the CSV lists are outside the folders this server may use (--root): left out.`);
  });
});
