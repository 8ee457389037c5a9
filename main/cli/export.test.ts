import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, startS3rver, type LocalServer } from '../host/export/local-servers';
import { makeChurnProject } from '../host/export/test-project';
import { tempDir } from '../host/testing';
import { BlobServiceClient } from '@azure/storage-blob';
import { runCliAsync, type CliResult } from './testing';

const dir = tempDir('assay-cli-export-');
let project = '';
let s3: LocalServer;
let azure: LocalServer;

beforeAll(async () => {
  [project, s3, azure] = await Promise.all([makeChurnProject(dir, ['gbdt']), startS3rver(path.join(dir, 's3'), ['models']), startAzurite(path.join(dir, 'az'))]);
  await BlobServiceClient.fromConnectionString(azure.env['AZURE_STORAGE_CONNECTION_STRING']!).getContainerClient('models').create();
}, 180_000);

afterAll(async () => {
  await Promise.all([s3?.stop(), azure?.stop()]);
});

function assay(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  return runCliAsync(args, { PATH: process.env['PATH'] ?? '', HOME: dir, ASSAY_HOME: path.join(dir, 'home'), ...env });
}

interface Out {
  model: string;
  version: number;
  to: string;
  files: number;
  bytes: number;
  seconds: number;
  parity: { rows: number; maxDiff: number };
  upload?: { uploaded: number; skipped: number };
}

describe('assay export', () => {
  it('exports to a folder, to s3:// and to azure:// and prints {model, version, to, files, bytes, seconds, parity}', async () => {
    const out = path.join(dir, 'bundle');
    const [folder, toS3, toAzure] = await Promise.all([
      assay({}, 'export', project, '--model', 'churn-gbdt@1', '--to', out, '--json'),
      assay(s3.env, 'export', project, '--model', 'churn-gbdt', '--to', 's3://models/churn/v1', '--json'),
      assay(azure.env, 'export', project, '--model', 'churn-gbdt@1', '--to', 'azure://models/churn/v1', '--json'),
    ]);
    for (const r of [folder, toS3, toAzure]) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const o = JSON.parse(r.stdout) as Out;
      expect(o).toMatchObject({ model: 'churn-gbdt', version: 1 });
      expect(o.files).toBe(14);
      expect(o.parity.rows).toBeGreaterThanOrEqual(20);
      expect(o.parity.maxDiff).toBeLessThanOrEqual(1e-6);
      expect(o.bytes).toBeGreaterThan(1e6);
    }
    expect((JSON.parse(folder.stdout) as Out).to).toBe(out);
    expect(fs.existsSync(path.join(out, 'manifest.json'))).toBe(true);
    expect((JSON.parse(toS3.stdout) as Out).upload).toMatchObject({ uploaded: 14, skipped: 0 });
    expect((JSON.parse(toAzure.stdout) as Out).upload).toMatchObject({ uploaded: 14, skipped: 0 });
  }, 120_000);

  it('fails clearly for a missing version, a missing bucket and wrong credentials', async () => {
    const [missing, bucket, creds] = await Promise.all([
      assay({}, 'export', project, '--model', 'churn-gbdt@9', '--to', path.join(dir, 'never')),
      assay(s3.env, 'export', project, '--model', 'churn-gbdt', '--to', 's3://nope/x'),
      assay({ ...s3.env, AWS_ACCESS_KEY_ID: 'nobody' }, 'export', project, '--model', 'churn-gbdt', '--to', 's3://models/y'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Model churn-gbdt has no version 9; it has 1/);
    expect(fs.existsSync(path.join(dir, 'never'))).toBe(false);
    expect(bucket.code).toBe(1);
    expect(bucket.stderr).toMatch(/S3 bucket "nope" does not exist/);
    expect(creds.code).toBe(1);
    expect(creds.stderr).toMatch(/refused the credentials/);
    expect(creds.stderr).not.toMatch(/S3RVER/);
  }, 120_000);
});
