/**
 * Predictions for image files with a trained run's model. A file that cannot
 * be used gets its own error; the others are still predicted.
 */
import type { ImagePrediction } from '../../../preload/contract/images';
import type { ImagePredictJobSpec } from '../../protocol';
import { loadTf } from '../../runtime/backend';
import type { JobContext } from '../../runtime/context';
import { connect } from '../../project/open';
import { classify, loadClassifier } from './classifier';
import { readSquare } from './embed';
import { batchPlan } from '../../ml/images/batch-plan';

export async function runImagePredict(spec: ImagePredictJobSpec, ctx: JobContext): Promise<ImagePrediction[]> {
  const db = connect(spec.projectPath, true);
  const { tf, info: runtime } = await loadTf();
  const c = await loadClassifier(tf, db, spec.runId, spec.phase);
  const batchSize = batchPlan(runtime, c.info.inputSize, 1).embed;
  db.close();
  try {
    const s = c.info.inputSize;
    const K = c.classes.length;
    const out: ImagePrediction[] = [];
    const pixels = new Uint8Array(batchSize * s * s * 3);
    for (let b = 0; b < spec.paths.length; b += batchSize) {
      ctx.checkCancelled();
      const batch = spec.paths.slice(b, b + batchSize);
      const ok: { path: string; slot: number }[] = [];
      const results = new Map<string, ImagePrediction>();
      for (const p of batch) {
        try {
          await readSquare(p, s, pixels, ok.length * s * s * 3);
          ok.push({ path: p, slot: ok.length });
        } catch (err) {
          results.set(p, { path: p, label: null, confidence: 0, top: [], error: err instanceof Error ? err.message : String(err) });
        }
      }
      if (ok.length > 0) {
        const proba = await classify(tf, c, pixels.subarray(0, ok.length * s * s * 3), ok.length);
        for (const { path, slot } of ok) {
          const row = Array.from(proba.subarray(slot * K, (slot + 1) * K));
          const top = row.map((p, k) => ({ label: c.classes[k]!, probability: p })).sort((a, b2) => b2.probability - a.probability);
          results.set(path, { path, label: top[0]!.label, confidence: top[0]!.probability, top: top.slice(0, 5), error: null });
        }
      }
      for (const p of batch) out.push(results.get(p)!);
      ctx.progress({ kind: 'images-predict', value: out.length / spec.paths.length, title: 'Predicting', detail: `${out.length} of ${spec.paths.length}` });
    }
    return out;
  } finally {
    c.dispose();
  }
}
