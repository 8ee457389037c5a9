import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeBackbone, embedBatch } from '../ml/images/backbone';
import { openBackbone } from './backbone-source';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-backbone-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A small TF.js layers classifier saved as model.json + one shard, as a model hub serves it. */
async function saveTinyModel(folder: string): Promise<void> {
  const input = tf.input({ shape: [32, 32, 3] });
  const conv = tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', name: 'conv', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(conv) as tf.SymbolicTensor;
  const drop = tf.layers.dropout({ rate: 0.2, name: 'drop' }).apply(pooled) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 5, activation: 'softmax', name: 'logits' }).apply(drop) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  fs.mkdirSync(folder, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      fs.writeFileSync(path.join(folder, 'weights.bin'), Buffer.from(a.weightData as ArrayBuffer));
      fs.writeFileSync(path.join(folder, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] }));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
}

describe('a TF.js layers model as backbone', () => {
  it('loads from a folder, cut before its classifier; from a URL it is downloaded once into the cache and checked by sha256', async () => {
    await tf.setBackend('cpu');
    const start = tf.memory().numTensors;
    const folder = path.join(dir, 'tiny');
    await saveTinyModel(folder);
    const local = await openBackbone(tf, { kind: 'layers', location: folder }, undefined);
    // The default cut skips the dropout in front of the last Dense layer.
    expect(local.info).toMatchObject({ featureLayer: 'pool', features: 8, inputSize: 32, scaling: '0..1', name: 'tiny' });
    const rgb = new Uint8Array(2 * 32 * 32 * 3).map((_, i) => (i * 7) % 256);
    const fLocal = await embedBatch(tf, local.backbone, rgb, 2);
    disposeBackbone(local.backbone);

    let requests = 0;
    const server = http.createServer((req, res) => {
      requests++;
      const file = path.join(folder, path.basename(req.url ?? ''));
      if (!fs.existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200).end(fs.readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/tiny/model.json`;
    process.env['ASSAY_BACKBONE_CACHE'] = path.join(dir, 'cache');
    try {
      const remote = await openBackbone(tf, { kind: 'layers', location: url, sha256: local.info.sha256 }, undefined);
      expect(requests).toBe(2);
      expect(remote.info.sha256).toBe(local.info.sha256);
      expect(Array.from(await embedBatch(tf, remote.backbone, rgb, 2))).toEqual(Array.from(fLocal));
      disposeBackbone(remote.backbone);
      await new Promise<void>((r) => server.close(() => r()));
      // Offline now: the cached copy serves.
      const again = await openBackbone(tf, { kind: 'layers', location: url }, undefined);
      expect(requests).toBe(2);
      disposeBackbone(again.backbone);
      await expect(openBackbone(tf, { kind: 'layers', location: url, sha256: '0'.repeat(64) }, undefined)).rejects.toThrow(/has sha256 .* not the expected 0000/);
      await expect(openBackbone(tf, { kind: 'layers', location: path.join(dir, 'nowhere') }, undefined)).rejects.toThrow(/No model.json/);
    } finally {
      delete process.env['ASSAY_BACKBONE_CACHE'];
      if (server.listening) server.close();
    }
    expect(tf.memory().numTensors).toBe(start);
  });
});
