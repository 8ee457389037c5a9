// Export + upload of a churn GBDT bundle (server.js with tfjs inside, ~2.4 MB, 14 files) to real local
// servers: s3rver (S3 API) and Azurite (Blob API), through the app's path (host → export job: write,
// parity gate through the bundle's own server, upload). References measured in the same run: a plain
// copy of the bundle folder, and the same bytes sent as ONE object with the same client. Median of 3.
import { build } from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BlobServiceClient } from '@azure/storage-blob';
import { median, root, round, sharedData, tempHome } from './lib.mjs';

// The fixtures are TypeScript (shared with the tests): bundle them into dist/ (node_modules left outside).
const fixture = path.join(root, 'dist', 'bench', 'export-fixture.cjs');
await build({
  stdin: {
    contents: [
      "export { Host } from './main/host/host';",
      "export { makeChurnProject } from './main/host/export/test-project';",
      "export { startS3rver, startAzurite } from './main/host/export/local-servers';",
      "export { s3Client } from './native-workers/export/s3-store';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  outfile: fixture,
  logLevel: 'warning',
});
const { Host, makeChurnProject, startS3rver, startAzurite, s3Client } = createRequire(import.meta.url)(fixture);

const home = tempHome();
const reps = 3;
const [s3, azure] = await Promise.all([startS3rver(path.join(home, 's3'), ['models']), startAzurite(path.join(home, 'az'))]);
try {
  await BlobServiceClient.fromConnectionString(azure.env.AZURE_STORAGE_CONNECTION_STRING).getContainerClient('models').create();
  const project = await makeChurnProject(home, ['gbdt'], path.join(sharedData, 'mlc_churn.csv'));
  // The export job runs in a worker forked from this process: it reads the endpoints/credentials from our env.
  Object.assign(process.env, s3.env, azure.env, { ASSAY_DIST: path.join(root, 'dist') });
  const host = new Host({ mode: 'browser', configDir: path.join(home, 'config') });
  host.openProject(project);
  const exportTo = async (to) => {
    const t0 = performance.now();
    const { jobId } = await host.dispatch('export:start', { model: 'churn-gbdt', to });
    const done = await host.jobs.wait(jobId);
    if (done.status !== 'succeeded') throw new Error(`export to ${to}: ${done.error?.message}`);
    return { wall: (performance.now() - t0) / 1000, result: host.jobs.resultOf(jobId) };
  };
  const timed = async (f) => {
    const t0 = performance.now();
    await f();
    return (performance.now() - t0) / 1000;
  };

  const folder = [], copy = [], s3Total = [], s3Upload = [], s3One = [], azTotal = [], azUpload = [], azOne = [];
  let sample = null;
  const s3c = s3Client(s3.env);
  const container = BlobServiceClient.fromConnectionString(azure.env.AZURE_STORAGE_CONNECTION_STRING).getContainerClient('models');
  for (let i = 0; i < reps; i++) {
    const dir = path.join(home, `bundle-${i}`);
    const f = await exportTo(dir);
    sample = f.result;
    folder.push(f.wall);
    copy.push(await timed(() => fs.cpSync(dir, path.join(home, `copy-${i}`), { recursive: true })));
    // The bundle's bytes as one object: what a single PUT of the same payload costs.
    const blob = Buffer.concat(fs.readdirSync(dir, { recursive: true }).map((p) => path.join(dir, String(p))).filter((p) => fs.statSync(p).isFile()).map((p) => fs.readFileSync(p)));
    const a = await exportTo(`s3://models/churn/r${i}`);
    s3Total.push(a.wall);
    s3Upload.push(a.result.upload.seconds);
    s3One.push(await timed(() => s3c.send(new PutObjectCommand({ Bucket: 'models', Key: `one/r${i}.bin`, Body: blob }))));
    const b = await exportTo(`azure://models/churn/r${i}`);
    azTotal.push(b.wall);
    azUpload.push(b.result.upload.seconds);
    azOne.push(await timed(() => container.getBlockBlobClient(`one/r${i}.bin`).uploadData(blob)));
  }
  await host.close();
  const m = (xs) => round(median(xs), 3);
  console.log(
    JSON.stringify({
      bench: 'export',
      model: 'churn gbdt (30 rounds)',
      files: sample.files,
      bundleBytes: sample.bytes,
      parityRows: sample.parity.rows,
      parityMaxDiff: sample.parity.maxDiff,
      exportFolderSeconds: m(folder),
      folderCopyRefSeconds: m(copy),
      s3: { exportUploadSeconds: m(s3Total), uploadSeconds: m(s3Upload), oneObjectRefSeconds: m(s3One), uploadVsOneObject: round(median(s3Upload) / median(s3One), 2) },
      azure: { exportUploadSeconds: m(azTotal), uploadSeconds: m(azUpload), oneObjectRefSeconds: m(azOne), uploadVsOneObject: round(median(azUpload) / median(azOne), 2) },
    }),
  );
} finally {
  await Promise.all([s3.stop(), azure.stop()]);
  fs.rmSync(home, { recursive: true, force: true });
}
