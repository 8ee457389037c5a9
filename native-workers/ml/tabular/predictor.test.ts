import { describe, expect, it } from 'vitest';
import { frameFromRecords, type FrameColumnSpec } from './frame';
import { createModel } from './models';
import { labelPrediction, loadPredictor, type ModelDocument } from './predictor';
import { fitPipeline } from './preprocess/fit';
import { rng } from './rng';

const specs: FrameColumnSpec[] = [
  { name: 'x', kind: 'numeric' },
  { name: 'colour', kind: 'categorical' },
];
const r = rng(5);
const records = Array.from({ length: 80 }, (_, i) => ({ x: r.normal(), colour: ['red', 'blue', 'green'][i % 3]! }));

/** A document as training stores it: the fitted pipeline and a learner fitted on its output. */
async function doc(task: ModelDocument['task'], classes: string[] | null, threshold: number | null): Promise<ModelDocument> {
  const pipeline = fitPipeline(frameFromRecords(records, specs));
  const X = pipeline.transform(frameFromRecords(records, specs));
  const y = Float64Array.from(records, (rec, i) => (task === 'regression' ? 3 * rec.x + 1 : task === 'binary' ? Number(rec.x > 0) : i % 3));
  const model = createModel(task === 'regression' ? 'linear' : 'logreg', task, {});
  await model.fit(X, y, { task, nClasses: classes?.length ?? 1, seed: 1 });
  return { format: 'assay-tabular/1', task, target: 'y', classes, threshold, pipeline: pipeline.toJSON(), model: model.toJSON() };
}

describe('loadPredictor', () => {
  it('predicts raw JSON rows as its frame path does, labelled per task', async () => {
    const reg = loadPredictor(await doc('regression', null, null));
    const rows = [{ x: 0.5, colour: 'red' }, { x: -1, colour: 'green' }];
    const raw = reg.predictFrame(frameFromRecords(rows, reg.inputColumns));
    expect(reg.predictRecords(rows)).toEqual([{ value: raw[0] }, { value: raw[1] }]);
    expect(raw[0]).toBeCloseTo(2.5, 6);
    expect(reg.task).toBe('regression');
    expect(reg.inputColumns.map((c) => c.name)).toEqual(['x', 'colour']);
    expect([...reg.seenCategories.get('colour')!].sort()).toEqual(['blue', 'green', 'red']);

    const three = loadPredictor(await doc('multiclass', ['a', 'b', 'c'], null));
    const out = three.predictRecords(rows);
    const probs = three.predictFrame(frameFromRecords(rows, three.inputColumns));
    for (let i = 0; i < rows.length; i++) {
      expect(Object.values(out[i]!.probabilities!)).toEqual(Array.from(probs.subarray(i * 3, i * 3 + 3)));
      expect(out[i]!.label).toBe(['a', 'b', 'c'][Array.from(probs.subarray(i * 3, i * 3 + 3)).indexOf(Math.max(...probs.subarray(i * 3, i * 3 + 3)))]);
    }
  });

  it('refuses a document of another format, saying a newer Assay made it', async () => {
    const d = { ...(await doc('regression', null, null)), format: 'assay-tabular/2' } as unknown as ModelDocument;
    expect(() => loadPredictor(d)).toThrow('Unknown model format "assay-tabular/2": this model was made by a newer Assay.');
  });
});

describe('labelPrediction', () => {
  const binary = { task: 'binary' as const, classes: ['no', 'yes'] };
  it('takes the positive class from the threshold up (0.5 without one), with every probability', () => {
    expect(labelPrediction({ ...binary, threshold: 0.7 }, [0.3, 0.7])).toEqual({ label: 'yes', probabilities: { no: 0.3, yes: 0.7 } });
    expect(labelPrediction({ ...binary, threshold: 0.7 }, [0.35, 0.65]).label).toBe('no');
    expect(labelPrediction({ ...binary, threshold: null }, [0.5, 0.5]).label).toBe('yes');
    expect(labelPrediction({ ...binary, threshold: null }, [0.51, 0.49]).label).toBe('no');
    expect(labelPrediction({ ...binary, threshold: 0.2 }, [0.75, 0.25]).label).toBe('yes');
  });

  it('takes the most probable of several classes, the first on a tie; a value for regression', () => {
    const three = { task: 'multiclass' as const, classes: ['a', 'b', 'c'], threshold: null };
    expect(labelPrediction(three, [0.2, 0.5, 0.3]).label).toBe('b');
    expect(labelPrediction(three, [0.1, 0.2, 0.7]).label).toBe('c');
    expect(labelPrediction(three, [0.4, 0.4, 0.2]).label).toBe('a');
    expect(labelPrediction(three, [0.2, 0.4, 0.4]).label).toBe('b');
    expect(labelPrediction({ task: 'regression', classes: null, threshold: null }, [4.25])).toEqual({ value: 4.25 });
  });
});
