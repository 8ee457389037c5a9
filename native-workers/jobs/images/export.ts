/**
 * Export of a trained image classifier: the backbone and head as ONE TF.js
 * layers model (model.json + a weights shard, loadable with
 * tf.loadLayersModel) and preprocessing.json saying how pixels must be
 * prepared (centre square crop, resize, RGB order, scaling) and what the
 * outputs mean. Written into a staging folder and renamed into place, so an
 * interrupted export leaves nothing that looks complete.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { AssayError } from '../../../preload/contract/errors';
import type { ImageExportResult } from '../../../preload/contract/images';
import type { ImageExportJobSpec } from '../../protocol';
import { loadTf } from '../../runtime/backend';
import type { JobContext } from '../../runtime/context';
import { connect } from '../../project/open';
import { loadClassifier } from './classifier';

export async function runImageExport(spec: ImageExportJobSpec, ctx: JobContext): Promise<ImageExportResult> {
  const target = path.resolve(spec.folder);
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
    throw new AssayError('BAD_INPUT', `${target} is not empty. Pick a new or empty folder for the exported model.`);
  }
  const db = connect(spec.projectPath, true);
  const { tf } = await loadTf();
  const c = await loadClassifier(tf, db, spec.runId, spec.phase);
  db.close();
  const staging = `${target}.partial-${process.pid}`;
  try {
    fs.mkdirSync(staging, { recursive: true });
    ctx.progress({ kind: 'images-export', value: 0.2, title: 'Exporting', detail: 'writing model.json and weights' }, true);
    await c.model.save(
      tf.io.withSaveHandler(async (artifacts: tfjs.io.ModelArtifacts) => {
        const weights = artifacts.weightData as ArrayBuffer;
        fs.writeFileSync(path.join(staging, 'group1-shard1of1.bin'), Buffer.from(weights));
        const modelJson = {
          format: 'layers-model',
          generatedBy: artifacts.generatedBy,
          convertedBy: 'assay',
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: artifacts.weightSpecs }],
        };
        fs.writeFileSync(path.join(staging, 'model.json'), JSON.stringify(modelJson));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
      }),
    );
    const preprocessing = {
      format: 'assay-image-preprocessing/1',
      runId: spec.runId,
      phase: c.phase,
      backbone: c.info,
      input: { width: c.info.inputSize, height: c.info.inputSize, channels: 'RGB', layout: 'NHWC' },
      crop: 'centre square (the shorter side), then resize: box average when shrinking, bilinear when enlarging',
      scaling: c.info.scaling,
      scalingFormula: c.info.scaling === '0..1' ? 'x / 255' : c.info.scaling === '-1..1' ? 'x / 127.5 - 1' : 'x',
      output: 'softmax probabilities, one per class, in the order of classes',
      classes: c.classes,
    };
    fs.writeFileSync(path.join(staging, 'preprocessing.json'), JSON.stringify(preprocessing, null, 2));
    if (fs.existsSync(target)) fs.rmdirSync(target);
    fs.renameSync(staging, target);
    return { folder: target, files: fs.readdirSync(target).sort() };
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  } finally {
    c.dispose();
  }
}
