import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invokeChannels, type InvokeChannel, type InvokeReq } from '../../preload/contract/channels';
import { AssayError } from '../../preload/contract/errors';
import { createDispatcher, type Handlers } from './dispatch';

/**
 * One valid request per channel, shaped as the renderer, the CLI and the e2e
 * specs send them. Typed by channel: a channel without a sample does not compile.
 */
const samples: { [C in InvokeChannel]: InvokeReq<C> } = {
  'app:info': null,
  'project:new': { path: '/tmp/p.assay' },
  'project:open': { path: '/tmp/p.assay', readOnly: true },
  'project:saveAs': { path: '/tmp/q.assay' },
  'project:close': null,
  'project:recent': null,
  'dialog:pick': { purpose: 'importData' },
  'dataset:list': null,
  'dataset:rows': { datasetId: 1, offset: 0, limit: 100 },
  'dataset:profile': { datasetId: 1 },
  'dataset:delete': { datasetId: 1 },
  'dataset:export': { datasetId: 1, format: 'csv' },
  'import:start': {
    source: { kind: 'upload', uploadId: 'u1', fileName: 'churn.csv' },
    name: 'churn',
    options: { format: 'csv', encoding: 'utf-8', delimiter: ';', header: true },
    schema: { columns: { when: { type: 'date', format: 'DD/MM/YYYY' }, junk: { drop: true } } },
    rules: { version: 1, rules: [{ kind: 'required', column: 'id' }] },
    recipe: { format: 'assay-recipe/1', steps: [{ kind: 'trim', columns: ['name'], collapse: true }] },
    append: { datasetId: 2, addColumns: true },
    privacy: { actions: [{ column: 'email', action: 'mask', keepLast: 4 }] },
  },
  'import:infer-schema': { columns: ['a', 'b'], rows: [['1', 'x'], ['2', '']] },
  'import:preview': { source: { kind: 'path', path: '/data/a.json' }, options: { recordsPath: 'data.items' } },
  'profile:start': { datasetId: 1 },
  'job:list': null,
  'job:cancel': { jobId: 'job-1' },
  'run:list': null,
  'sensors:ports': null,
  'stream:detect': { source: { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 }, seconds: 3 },
  'stream:start': {
    name: 'bench',
    source: { kind: 'mqtt', url: 'mqtt://127.0.0.1:1883', topic: 'lab/#', qos: 1, username: 'u', password: 'p' },
    protocol: { kind: 'csv', delimiter: ',', header: true },
    fields: [{ name: 't', unit: '°C' }],
    pipeline: {
      validation: [{ kind: 'range', field: 't', min: -40, max: 85 }, { kind: 'rate', minHz: 1, windowSeconds: 5 }],
      transforms: [{ kind: 'polynomial', field: 't', coefficients: [0, 1.01] }, { kind: 'derived', name: 'f', expression: 't * 1.8 + 32' }],
      analytics: [{ kind: 'rolling', field: 't', windowSeconds: 10, stats: ['mean', 'std'] }],
    },
  },
  'stream:stop': { streamId: 1 },
  'stream:list': null,
  'stream:pipeline': { streamId: 1, pipeline: { validation: [], transforms: [{ kind: 'linear', field: 'x', scale: 2, offset: 0 }], analytics: [] } },
  'stream:history': { streamId: 1, from: 1_700_000_000_000, to: 1_700_000_060_000, maxPoints: 2000 },
  'recording:start': { streamId: 1, label: 'walking' },
  'recording:stop': { streamId: 1 },
  'recording:list': { streamId: 1 },
  'recording:export-plan': { recordingIds: [1, 2] },
  'recording:export': { recordingIds: [1, 2], name: 'gestures', columns: [{ key: 'recording:host_time', name: 'time' }, { key: 'field:label', name: 'label_source' }] },
  'recording:replay': { recordingId: 1, speed: 10 },
  'train:start': {
    datasetId: 1,
    target: 'churn',
    features: ['a', 'b'],
    task: 'auto',
    model: 'gbdt',
    params: { n_rounds: 50, learning_rate: 0.1, early_stopping: true },
    preprocess: { scaling: 'robust', pca: { variance: 0.95 } },
    validation: { kind: 'stratified', k: 5 },
    testSize: 0.2,
    imbalance: 'smote',
    threshold: { costRatio: 5 },
    positive: 'yes',
    search: { kind: 'random', space: { max_depth: [3, 6], criterion: ['gini'] }, iterations: 5 },
    seed: 42,
  },
  'train:cancel': { runId: 1 },
  'train:list': null,
  'train:get': { runId: 1 },
  'train:replay': { runId: 1 },
  'train:cancelReplay': { runId: 1 },
  'compute:get': null,
  'compute:set': { executors: [{ kind: 'slurm', name: 'lab', sharedDir: '/shared' }], defaultExecutor: 'local' },
  'serve:models': null,
  'serve:start': { model: 'churn@production', port: 0, canary: { model: 'churn@3', percent: 10 } },
  'serve:stop': { serverId: 's1' },
  'serve:status': null,
  'serve:split': { serverId: 's1', percent: 20, candidate: null },
  'serve:swap': { serverId: 's1', model: 'churn@2' },
  'recs:start': { datasetId: 1, userColumn: 'customer', itemColumn: 'product', model: 'als', holdout: { kind: 'random', fraction: 0.2 }, params: { factors: 8 } },
  'recs:list': null,
  'recs:try': { runId: 1, user: 'u1', k: 5 },
  'registry:list': null,
  'registry:register': { runId: 1, name: 'churn', phase: 2 },
  'registry:stage': { name: 'churn', version: 1, stage: 'production' },
  'registry:rollback': { name: 'churn' },
  'registry:card': { name: 'churn', version: 1, card: { intendedUse: 'Triage', data: 'CRM 2024', metrics: 'AUC 0.9', limits: 'EU only' } },
  'monitor:overview': { model: 'churn@1', window: '1d' },
  'monitor:check': { model: 'churn' },
  'monitor:rule-add': { model: 'churn', condition: 'drift_share > 0.3', window: '1d', minRows: 100, cooldownMs: 3_600_000, webhook: 'http://127.0.0.1:9/hook' },
  'monitor:rule-remove': { model: 'churn', id: 1 },
  'monitor:schedule': { model: 'churn', everyMs: 60_000 },
  'monitor:report': { model: 'churn' },
  'monitor:retrain': { model: 'churn@1', fromFeedback: true, promote: true, window: '500' },
  'monitor:retrain-cancel': { id: 1 },
  'monitor:retrain-promote': { id: 1 },
  'monitor:retrains': { model: 'churn' },
  'monitor:retrain-settings': { model: 'churn', onAlert: true, autoPromote: false, metric: 'roc_auc', data: null },
  'export:start': { model: 'churn@1', to: 's3://bucket/prefix' },
  'export:check': { to: '/tmp/out' },
  'rules:get': { datasetId: 1 },
  'rules:save': { datasetId: 1, rules: { version: 1, rules: [{ kind: 'range', column: 'age', min: 0, max: 120 }] } },
  'rules:suggest': { datasetId: 1 },
  'rules:validate': { datasetId: 1 },
  'quarantine:list': { datasetId: 1, offset: 0, limit: 50, rule: null },
  'quarantine:fix': { datasetId: 1, id: 3, fields: ['1', 'x', ''] },
  'quarantine:revalidate': { datasetId: 1, promote: true },
  'recipe:get': { datasetId: 1 },
  'recipe:preview': { datasetId: 1, recipe: { format: 'assay-recipe/1', steps: [] } },
  'recipe:stored': { source: 'sales-2024.csv' },
  'recipe:previewRows': { columns: ['a'], rows: [[' x ']], recipe: { format: 'assay-recipe/1', steps: [{ kind: 'case', columns: ['a'], mode: 'lower' }] } },
  'recipe:apply': { datasetId: 1, recipe: { format: 'assay-recipe/1', steps: [] } },
  'lineage:list': { datasetId: 1 },
  'privacy:scan': { datasetId: 1 },
  'privacy:apply': { datasetId: 1, actions: [{ column: 'name', action: 'pseudonymise' }, { column: 'note', action: 'drop' }], keyFile: '/tmp/k' },
  'privacy:key': {},
  'watch:add': { path: '/data/incoming', datasetId: 1 },
  'watch:list': null,
  'watch:remove': { folderId: 1 },
  'source:connections': null,
  'source:saveConnection': { name: 'warehouse', config: { kind: 'postgres', host: 'db.local', port: 5432, database: 'sales', user: 'me', ssl: { mode: 'require' }, secret: { kind: 'env', name: 'PGPASSWORD' } } },
  'source:deleteConnection': { id: 1 },
  'source:storeSecret': { connectionId: 1, secret: 'hunter2' },
  'source:test': { connectionId: 1 },
  'source:tables': { connection: { kind: 'sqlite', database: '/data/x.sqlite' } },
  'source:preview': { connectionId: 1, select: { query: 'SELECT * FROM t' } },
  'source:import': { connectionId: 1, select: { table: 'orders', schema: 'public' }, name: 'orders', incremental: { column: 'updated_at', key: 'id' } },
  'source:list': null,
  'source:refresh': { datasetId: 1 },
  'source:schedule': { datasetId: 1, minutes: null },
  'source:httpPreview': {
    url: 'https://api.example.com/items',
    auth: { kind: 'api-key', in: 'header', name: 'X-Key', secret: { kind: 'env', name: 'API_KEY' } },
    pagination: { kind: 'cursor', field: 'meta.next', param: 'cursor' },
    recordsPath: 'items',
    headers: { Accept: 'application/json' },
  },
  'source:httpImport': { url: 'https://api.example.com/items', method: 'GET', pagination: { kind: 'page', param: 'page', size: 100 }, maxRps: 2, name: 'items' },
  'images:import': { source: { kind: 'uploads', files: [{ uploadId: 'u1', label: 'cat' }] }, name: 'pets', validationFraction: 0.15, testFraction: 0.15, seed: 42 },
  'images:sets': null,
  'images:list': { setId: 1, offset: 0, limit: 60, filter: { label: 'cat' } },
  'images:thumbnails': { imageIds: [1, 2, 3] },
  'images:delete': { setId: 1 },
  'images:estimate': { imageSetId: 1, inputSize: 96, epochs: 5 },
  'images:train': {
    imageSetId: 1,
    backbone: { kind: 'builtin', id: 'mobilenet_v2' },
    inputSize: 224,
    schedule: 'cosine',
    fineTuneBlocks: 2,
    augment: { flip: true, rotationDeg: 10, cropFraction: 0.1, colorJitter: 0.1 },
  },
  'images:cancel': { runId: 1 },
  'images:runs': null,
  'images:run': { runId: 1 },
  'images:replay': { runId: 1 },
  'images:cancelReplay': { runId: 1 },
  'images:predict': { runId: 1, phase: 1, uploadIds: ['u1'] },
  'images:export': { runId: 1, folder: '/tmp/model', phase: 1 },
};

const channels = Object.keys(invokeChannels) as InvokeChannel[];

/** Handlers that echo what reached them, so a test sees exactly what passed the door. */
const echo = new Proxy({} as Handlers, { get: () => (req: unknown) => req });
const dispatch = createDispatcher(echo, () => false);

async function refusal(channel: string, payload: unknown): Promise<AssayError> {
  const err: unknown = await dispatch(channel, payload).then(
    () => new Error(`${channel} accepted ${JSON.stringify(payload).slice(0, 200)}`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AssayError);
  return err as AssayError;
}

/** A value of another type than `value`, for the wrong-type row of the table. */
function wrongType(value: unknown): unknown {
  if (value === null) return [];
  return typeof value === 'string' ? 7 : 'not-the-right-type';
}

const huge = 'x'.repeat(2_000_001);

describe('dispatch: payloads are checked at the door', () => {
  it.each(channels)('%s accepts its valid sample', async (channel) => {
    await expect(dispatch(channel, samples[channel])).resolves.toBeDefined();
  });

  it.each(channels)('%s refuses a payload of the wrong type as BAD_INPUT', async (channel) => {
    const err = await refusal(channel, samples[channel] === null ? { evil: true } : 42);
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toContain(`${channel}: payload must be`);
  });

  it.each(channels.filter((c) => samples[c] !== null))('%s refuses a missing, mistyped or huge field, naming it', async (channel) => {
    const sample = samples[channel] as Record<string, unknown>;
    for (const [key, value] of Object.entries(sample)) {
      const rest = { ...sample };
      delete rest[key];
      const missing = await dispatch(channel, rest).then(
        () => null,
        (e: unknown) => e as AssayError,
      );
      // Optional fields may be left out; a required one is refused by name.
      if (missing) {
        expect(missing.code).toBe('BAD_INPUT');
        expect(missing.message).toContain(key);
      }
      // A string field also gets a 2 MB string: past every bound, none of which a real payload reaches.
      for (const bad of typeof value === 'string' ? [wrongType(value), huge] : [wrongType(value)]) {
        const err = await refusal(channel, { ...sample, [key]: bad });
        expect([err.code, err.message]).toEqual(['BAD_INPUT', expect.stringContaining(`${channel}: ${key}`)]);
      }
    }
  });

  it('names the field and the allowed values of an enum', async () => {
    const err = await refusal('train:start', { datasetId: 1, target: 'y', model: 'evil' });
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toContain('train:start: model must be one of "gbdt", "rf", "tree"');
    expect(err.message).toContain('got "evil"');
  });

  it('names nested fields and list items by their path', async () => {
    const nested = await refusal('import:start', { source: { kind: 'path', path: 42 } });
    expect(nested.message).toContain('import:start: source.path must be string; got 42');
    const item = await refusal('images:thumbnails', { imageIds: [1, 'two'] });
    expect(item.message).toContain('imageIds[1] must be number');
    const tooMany = await refusal('images:thumbnails', { imageIds: Array.from({ length: 20_000 }, (_, i) => i) });
    expect(tooMany.message).toContain('imageIds is too long: at most 10000 allowed; got 20000');
  });

  it('train:start passes the positive class through to the handler (#14.4)', async () => {
    const passed = (await dispatch('train:start', { datasetId: 1, target: 'Status', positive: 'bad' })) as { positive?: string };
    expect(passed.positive).toBe('bad');
  });

  it('drops unknown keys, so a handler sees only declared fields', async () => {
    const passed = await dispatch('dataset:rows', { datasetId: 1, offset: 0, limit: 5, [huge.slice(0, 10)]: huge });
    expect(passed).toEqual({ datasetId: 1, offset: 0, limit: 5 });
  });

  it('refuses any JSON value that does not fit, always as BAD_INPUT and never INTERNAL', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channels), fc.jsonValue(), async (channel, payload) => {
        await dispatch(channel, payload).catch((e: unknown) => {
          expect(e).toBeInstanceOf(AssayError);
          expect((e as AssayError).code).toBe('BAD_INPUT');
        });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('optional fields survive the door', () => {
  it('keeps serve:start limits (unknown keys are dropped, declared ones must not be)', async () => {
    let seen: unknown = null;
    const handlers = new Proxy({} as Handlers, { get: () => (req: unknown) => (seen = req) });
    const dispatch = createDispatcher(handlers, () => false);
    const req = { model: 'churn', allowedOrigins: ['https://app.example'], maxBodyBytes: 2048, maxLogBytes: 4096, maxConnections: 4 };
    await dispatch('serve:start', req);
    expect(seen).toEqual(req);
    await expect(dispatch('serve:start', { model: 'churn', maxConnections: 0 })).rejects.toThrow(/maxConnections/);
  });
});
