/**
 * Uploads against real local servers started here: s3rver (S3 API) and
 * Azurite (Blob API). Every object is downloaded again and hashed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { AccountSASPermissions, AccountSASResourceTypes, AccountSASServices, BlobServiceClient, generateAccountSASQueryParameters, StorageSharedKeyCredential } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest, writeManifest } from '../../../native-workers/export/manifest';
import { s3Client } from '../../../native-workers/export/s3-store';
import { checkTarget, uploadBundle } from '../../../native-workers/export/upload';
import { tempDir } from '../testing';
import { azuriteConnectionString, azuriteKey, freePort, startAzurite, startS3rver, type LocalServer } from './local-servers';
import { bundleServerPath } from './service';

const dir = tempDir('assay-upload-');
const bundle = path.join(dir, 'bundle');
let s3: LocalServer;
let azure: LocalServer;

beforeAll(async () => {
  // A bundle-shaped folder: a small file first, a 12 MB one (multipart / staged blocks), the real server.js.
  fs.mkdirSync(path.join(bundle, 'data'), { recursive: true });
  fs.writeFileSync(path.join(bundle, 'a.json'), '{"first":true}\n');
  fs.writeFileSync(path.join(bundle, 'data/blob.bin'), crypto.randomBytes(12 * 1024 * 1024));
  fs.copyFileSync(bundleServerPath(), path.join(bundle, 'server.js'));
  writeManifest(bundle, 'demo', 1);
  [s3, azure] = await Promise.all([startS3rver(path.join(dir, 's3'), ['models']), startAzurite(path.join(dir, 'azurite'))]);
  await BlobServiceClient.fromConnectionString(azure.env['AZURE_STORAGE_CONNECTION_STRING']!).getContainerClient('models').create();
}, 60_000);

afterAll(async () => {
  await Promise.all([s3?.stop(), azure?.stop()]);
});

const sha = (b: Uint8Array): string => crypto.createHash('sha256').update(b).digest('hex');

/** Every object under the prefix, downloaded: key (relative) → sha256. */
async function s3Objects(prefix: string): Promise<Map<string, string>> {
  const client = s3Client(s3.env);
  const list = await client.send(new ListObjectsV2Command({ Bucket: 'models', Prefix: `${prefix}/` }));
  const out = new Map<string, string>();
  for (const o of list.Contents ?? []) {
    const got = await client.send(new GetObjectCommand({ Bucket: 'models', Key: o.Key! }));
    out.set(o.Key!.slice(prefix.length + 1), sha(await got.Body!.transformToByteArray()));
  }
  return out;
}

async function azureObjects(prefix: string): Promise<Map<string, string>> {
  const container = BlobServiceClient.fromConnectionString(azure.env['AZURE_STORAGE_CONNECTION_STRING']!).getContainerClient('models');
  const out = new Map<string, string>();
  for await (const b of container.listBlobsFlat({ prefix: `${prefix}/` })) {
    out.set(b.name.slice(prefix.length + 1), sha(await container.getBlobClient(b.name).downloadToBuffer()));
  }
  return out;
}

function expectComplete(objects: Map<string, string>): void {
  const manifest = readManifest(bundle);
  expect(objects.get('manifest.json')).toBe(sha(fs.readFileSync(path.join(bundle, 'manifest.json'))));
  for (const f of manifest.files) expect(objects.get(f.path), f.path).toBe(f.sha256);
  expect(objects.size).toBe(manifest.files.length + 1);
}

/** An interrupted upload leaves only whole objects and no manifest. */
function expectIncompleteButIntact(objects: Map<string, string>): void {
  expect(objects.has('manifest.json')).toBe(false);
  const want = new Map(readManifest(bundle).files.map((f) => [f.path, f.sha256]));
  for (const [k, h] of objects) expect(h, k).toBe(want.get(k));
}

const stores = [
  {
    name: 's3',
    url: (p: string) => `s3://models/${p}`,
    missing: 's3://no-such-bucket/x',
    env: () => s3.env,
    objects: s3Objects,
    // s3rver checks the access key id but does not verify SigV4 signatures, so a wrong *secret* passes
    // there; a wrong key id is refused as real S3 refuses either (403 InvalidAccessKeyId / SignatureDoesNotMatch).
    wrongSecret: () => ({ ...s3.env, AWS_ACCESS_KEY_ID: 'wrongkeyid', AWS_SECRET_ACCESS_KEY: 'wrong' }),
  },
  {
    name: 'azure',
    url: (p: string) => `azure://models/${p}`,
    missing: 'azure://no-such-container/x',
    env: () => azure.env,
    objects: azureObjects,
    wrongSecret: () => ({ AZURE_STORAGE_CONNECTION_STRING: azuriteConnectionString(azure.port, Buffer.from('wrong key, wrong key, wrong key!').toString('base64')) }),
  },
] as const;

describe.each(stores)('upload to $name', (store) => {
  it('uploads every file (manifest last) and each downloads with its sha256', async () => {
    const seen: number[] = [];
    const r = await uploadBundle(bundle, store.url('demo/v1'), { env: store.env(), signal: new AbortController().signal, onProgress: (sent) => seen.push(sent) });
    expect(r.uploaded).toBe(4);
    expect(r.skipped).toBe(0);
    expect(seen.at(-1)).toBe(r.bytes);
    expect(seen.some((s) => s > 0 && s < r.bytes)).toBe(true);
    expectComplete(await store.objects('demo/v1'));
  }, 60_000);

  it('an upload cancelled midway leaves no manifest and no corrupt object; running it again resumes and completes', async () => {
    const ac = new AbortController();
    const small = fs.statSync(path.join(bundle, 'a.json')).size;
    await expect(
      uploadBundle(bundle, store.url('demo/cut'), { env: store.env(), signal: ac.signal, onProgress: (sent) => sent > small + 5 * 1024 * 1024 && ac.abort() }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    const partial = await store.objects('demo/cut');
    expect(partial.get('a.json')).toBeDefined();
    expectIncompleteButIntact(partial);
    const r = await uploadBundle(bundle, store.url('demo/cut'), { env: store.env(), signal: new AbortController().signal });
    expect(r.skipped).toBeGreaterThanOrEqual(1);
    expectComplete(await store.objects('demo/cut'));
  }, 60_000);

  it('says clearly when the secret is wrong, the bucket is missing or the endpoint is unreachable', async () => {
    const signal = new AbortController().signal;
    await expect(uploadBundle(bundle, store.url('demo/auth'), { env: store.wrongSecret(), signal })).rejects.toMatchObject({ code: 'AUTH' });
    await expect(uploadBundle(bundle, store.missing, { env: store.env(), signal })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/does not exist/) as unknown });
    const closed = await freePort();
    const unreachable =
      store.name === 's3' ? { ...s3.env, AWS_ENDPOINT_URL: `http://127.0.0.1:${closed}` } : { AZURE_STORAGE_CONNECTION_STRING: azuriteConnectionString(closed) };
    await expect(uploadBundle(bundle, store.url('demo/x'), { env: unreachable, signal })).rejects.toMatchObject({ code: 'IO', message: expect.stringMatching(/Cannot reach/) as unknown });
    expect((await checkTarget(store.url('demo/x'), store.env())).ok).toBe(true);
    const bad = await checkTarget(store.url('demo/x'), store.wrongSecret());
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/refused the credentials/);
    expect(JSON.stringify(bad)).not.toMatch(/wrong/);
  }, 60_000);
});

describe('expired credentials', () => {
  it('an Azure SAS that has expired is refused as AUTH, with no secret in the message', async () => {
    const sas = generateAccountSASQueryParameters(
      {
        expiresOn: new Date(Date.now() - 3600_000),
        startsOn: new Date(Date.now() - 7200_000),
        permissions: AccountSASPermissions.parse('rwdlac'),
        services: AccountSASServices.parse('b').toString(),
        resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
      },
      new StorageSharedKeyCredential('devstoreaccount1', azuriteKey),
    ).toString();
    const env = { AZURE_STORAGE_CONNECTION_STRING: `BlobEndpoint=http://127.0.0.1:${azure.port}/devstoreaccount1;SharedAccessSignature=${sas}` };
    const err = (await uploadBundle(bundle, 'azure://models/expired', { env, signal: new AbortController().signal }).then(
      () => new Error('uploaded'),
      (e: unknown) => e as Error,
    )) as Error;
    expect(err).toMatchObject({ code: 'AUTH' });
    expect(err.message).toMatch(/expiry/);
    expect(err.message).not.toContain(sas.slice(-20));
  }, 30_000);
});
