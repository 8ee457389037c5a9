import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((m) => `${m.ruleId ?? ''}: ${m.message}`);
}

describe('import boundaries (eslint.config.mjs)', () => {
  it('keeps the renderer away from main/, native-workers/ and Node', async () => {
    expect((await problems('renderer/x.ts', "import { Host } from '../main/host/host';\nexport const h = Host;\n")).join()).toMatch(/only preload\/contract/);
    expect((await problems('renderer/x.ts', "import { runImport } from '../native-workers/jobs/import-file';\nexport const r = runImport;\n")).join()).toMatch(/only preload\/contract/);
    expect((await problems('renderer/x.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).join()).toMatch(/Node-only/);
    expect(await problems('renderer/x.ts', "import type { AssayApi } from '../preload/contract';\nexport type A = AssayApi;\n")).toEqual([]);
  });

  it('lets a feature use another only through its index', async () => {
    const deep = "import { useJob } from '../jobs/slice';\nexport const j = useJob;\n";
    expect((await problems('renderer/features/train/x.ts', deep)).join()).toMatch(/through its index/);
    expect((await problems('renderer/features/train/x.ts', "import { useJob } from '../../features/jobs/slice';\nexport const j = useJob;\n")).join()).toMatch(/through its index/);
    expect(await problems('renderer/features/train/x.ts', "import { useJob } from '../jobs';\nexport const j = useJob;\n")).toEqual([]);
    expect(await problems('renderer/features/train/x.tsx', "import { Field } from '../../components/Field';\nimport { client } from '../../lib/client';\nexport const f = [Field, client];\n")).toEqual([]);
    // The renderer's own boundary still holds inside features; the app shell and tests may reach in.
    expect((await problems('renderer/features/train/x.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).join()).toMatch(/Node-only/);
    expect(await problems('renderer/app/x.ts', "import { useJob } from '../features/jobs/slice';\nexport const j = useJob;\n")).toEqual([]);
    expect(await problems('renderer/features/models/x.test.ts', "import { makeRun } from '../train/test-fixtures';\nexport const m = makeRun;\n")).toEqual([]);
  });

  it('keeps electron out of the host, the contract and the workers', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    for (const file of ['main/host/x.ts', 'main/serve/x.ts', 'main/cli/x.ts', 'preload/contract/x.ts', 'native-workers/ml/x.ts', 'native-workers/x.ts']) {
      expect((await problems(file, code)).join(), file).toMatch(/Only main\/electron/);
    }
    expect(await problems('main/electron/x.ts', code)).toEqual([]);
  });

  it('keeps preload/contract and native-workers/ml pure', async () => {
    expect((await problems('preload/contract/x.ts', "import os from 'node:os';\nexport const o = os;\n")).join()).toMatch(/Node-only/);
    expect((await problems('native-workers/ml/x.ts', "import fs from 'fs';\nexport const f = fs;\n")).join()).toMatch(/Node-only/);
  });

  it('forbids default exports and any', async () => {
    expect((await problems('main/host/x.ts', 'export default 1;\n')).join()).toMatch(/named exports/);
    expect((await problems('main/host/x.ts', 'export const x: any = 1;\n')).join()).toMatch(/no-explicit-any/);
  });

  it('keeps SQL inside the data layer (native-workers/project/)', async () => {
    const sql = [
      "export const f = (db: { prepare(s: string): unknown }) => db.prepare('SELECT 1');\n",
      "export const f = (db: { exec(s: string): unknown }) => db.exec(`DROP TABLE t`);\n",
      "export const f = (db: { pragma(s: string): unknown }) => db.pragma('busy_timeout = 1');\n",
      "declare const Database: new (f: string) => unknown;\nexport const d = new Database('x.assay');\n",
      "import Database from 'better-sqlite3';\nexport const d = Database;\n",
    ];
    for (const file of ['main/host/x.ts', 'main/cli/x.ts', 'native-workers/jobs/x.ts', 'native-workers/ingest/x.ts']) {
      for (const code of sql) expect((await problems(file, code)).join(), `${file}: ${code}`).toMatch(/Only the data layer/);
    }
    for (const code of sql) expect(await problems('native-workers/project/x.ts', code), code).toEqual([]);
    // RegExp#exec is not SQL.
    expect(await problems('native-workers/jobs/x.ts', "export const m = (s: string) => /a(b)/.exec(s);\n")).toEqual([]);
    expect(await problems('main/host/x.ts', "const re = /a/;\nexport const m = (s: string) => re.exec(s.trim());\n")).toEqual([]);
  });

  it('keeps SQL out of tests and specs too, except the data layer\'s own', async () => {
    const sql = [
      "export const f = (db: { prepare(s: string): unknown }) => db.prepare('SELECT count(*) FROM runs');\n",
      "export const f = (db: { pragma(s: string): unknown }) => db.pragma('integrity_check');\n",
      "export const f = (db: { exec(s: string): unknown }) => db.exec('CREATE TABLE t (a)');\n",
      "import Database from 'better-sqlite3';\nexport const d = new Database('x.assay');\n",
      "import type { Database } from 'better-sqlite3';\nexport type D = Database;\n",
      "export type D = import('better-sqlite3').Database;\n",
      "export const D: unknown = require('better-sqlite3');\n",
    ];
    for (const file of ['main/host/x.test.ts', 'main/cli/x.test.ts', 'native-workers/jobs/x.test.ts', 'native-workers/ingest/x.fuzz.test.ts', 'e2e/x.spec.ts', 'main/native/x.ts', 'renderer/x.test.ts']) {
      for (const code of sql) expect((await problems(file, code)).join(), `${file}: ${code}`).toMatch(/Only the data layer/);
    }
    for (const code of sql) expect((await problems('native-workers/project/x.test.ts', code)).filter((p) => /data layer/.test(p)), code).toEqual([]);
    // Benches (plain JavaScript) as well.
    const js = ["export const f = (db) => db.prepare('SELECT 1');\n", "import Database from 'better-sqlite3';\nexport const d = new Database('x.assay');\n", "export const D = require('better-sqlite3');\n"];
    for (const code of js) {
      expect((await problems('bench/x.bench.mjs', code)).join(), code).toMatch(/Only the data layer/);
    }
    // What a test outside uses instead: the data layer's named functions.
    const named = "import { countTableRows } from '../../native-workers/project/inspect';\nexport const n = countTableRows;\n";
    expect(await problems('main/host/x.test.ts', named)).toEqual([]);
  });

  it('lets the host import from native-workers/ only the protocol, the data layer, ml/ and host-api', async () => {
    const inner = "import { runImport } from '../../native-workers/jobs/import-file';\nexport const r = runImport;\n";
    expect((await problems('main/host/x.ts', inner)).join()).toMatch(/only protocol\.ts, project\/.*host-api\.ts/);
    expect((await problems('main/electron/x.ts', inner)).join()).toMatch(/only protocol\.ts/);
    for (const face of ['protocol', 'project/datasets', 'ml/profile', 'host-api']) {
      expect(await problems('main/host/x.ts', `import * as m from '../../native-workers/${face}';\nexport const x = m;\n`), face).toEqual([]);
    }
  });
});
