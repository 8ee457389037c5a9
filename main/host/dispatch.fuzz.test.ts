import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeChannels } from '../../preload/contract/channels';
import { AssayError, errorCodes, toErrorData } from '../../preload/contract/errors';
import { encodeServerMessage } from '../../preload/contract/wire';
import { fuzzSettings, HungError, withinMs } from './fuzz';
import { Host } from './host';
import { tempDir } from './testing';

const declared = Object.keys(invokeChannels);
/** Channels whose valid requests reach outside this test (dialogs, network, servers, serial ports, other files): given garbage only, see `payload`. */
const outward = /^(dialog:|source:(test|tables|preview|import|http)|stream:(detect|start)|serve:(start|swap|split)|export:|images:(import|export|predict)|watch:add|privacy:key|project:(new|open|saveAs))/;

const channel = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...declared) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  // Names a lookup on a plain object would find without declaring them, and near misses.
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'app:info ', 'APP:INFO', 'app:', ':', '') },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...declared), fc.string({ maxLength: 3 })).map(([c, s]) => c + s) },
);
/** Values for the keys requests use, so requests get past their first checks. */
const field = fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double(), fc.string({ maxLength: 10 }), fc.constant(null), fc.boolean(), fc.array(fc.integer({ min: -1, max: 3 }), { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }));
const keys = ['datasetId', 'runId', 'streamId', 'setId', 'jobId', 'id', 'offset', 'limit', 'name', 'version', 'stage', 'recipe', 'rules', 'columns', 'rows', 'fields', 'source', 'options', 'spec', 'phase', 'imageIds', 'recordingIds', 'folderId', 'connectionId', 'secret', 'minutes', 'promote', 'label', 'speed', 'from', 'to', 'maxPoints', 'serverId', 'percent', 'sample', 'kind'];
const payload = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom(...keys), field, { maxKeys: 6 }),
  fc.constantFrom(undefined, null, {}, [], '', 0, Object.create(null) as object),
);

let host: Host;
let home: string;
beforeAll(() => {
  const dir = tempDir('assay-dispatch-fuzz-');
  home = process.cwd();
  // Anything a request names relatively lands in the temp folder.
  process.chdir(dir);
  host = new Host({ mode: 'browser', configDir: path.join(dir, 'config'), concurrency: 1 });
  host.newProject(path.join(dir, 'fuzz.assay'));
});
afterAll(async () => {
  await host.close();
  process.chdir(home);
});

/** Settles within `ms`; a hang fails the case. */
async function settle(p: Promise<unknown>, ms: number): Promise<{ ok: true; result: unknown } | { ok: false; error: unknown }> {
  try {
    return { ok: true, result: await withinMs(p, ms, 'the dispatcher') };
  } catch (error) {
    if (error instanceof HungError) throw error;
    return { ok: false, error };
  }
}

describe('the contract dispatcher (fuzz)', () => {
  const runs = fuzzSettings(1500);
  it(`any channel name and JSON payload gives a result or an error the transports send as ErrorData, never a crash or a hang (${runs.numRuns} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(channel, payload, async (name, body) => {
        const sent = outward.test(name) && body !== null && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length > 0 ? {} : body;
        const r = await settle(host.dispatch(name, sent), 5000);
        if (r.ok) {
          // What a transport sends back must encode.
          expect(() => encodeServerMessage({ id: 1, ok: true, result: r.result })).not.toThrow();
          return;
        }
        const data = toErrorData(r.error);
        expect(errorCodes).toContain(data.code);
        expect(data.message.length).toBeGreaterThan(0);
        // Payloads are checked at the door, so every refusal is an AssayError that says what was wrong, never a TypeError.
        expect(r.error, `${name}: ${data.message}`).toBeInstanceOf(AssayError);
        expect(data.code).not.toBe('INTERNAL');
        if (!declared.includes(name)) expect(data.code).toBe('UNKNOWN_CHANNEL');
      }),
      runs,
    );
    // The host still answers.
    expect(await host.dispatch('app:info', null)).toHaveProperty('version');
  });
});
