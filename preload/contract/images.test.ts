import { describe, expect, it } from 'vitest';
import { checkPayload } from './check-payload';
import { AssayError } from './errors';
import { imageTrainNumberProblem, imageTrainSpecProblems } from './images';

function refusal(payload: unknown): string {
  try {
    checkPayload('images:train', payload);
  } catch (err) {
    expect(err).toBeInstanceOf(AssayError);
    expect((err as AssayError).code).toBe('BAD_INPUT');
    return (err as AssayError).message;
  }
  throw new Error('accepted');
}

describe('image training settings: one table of ranges for the form, the door and the CLI', () => {
  it('says what each setting allows, in words', () => {
    expect(imageTrainNumberProblem('epochs', 0)).toBe('must be a whole number from 1 to 10000; got 0');
    expect(imageTrainNumberProblem('epochs', 2.5)).toMatch(/whole number/);
    expect(imageTrainNumberProblem('epochs', 30)).toBeNull();
    expect(imageTrainNumberProblem('inputSize', 100)).toBe('must be a multiple of 32 from 32 to 512; got 100');
    expect(imageTrainNumberProblem('fineTuneBlocks', 0)).toBeNull();
    expect(imageTrainNumberProblem('dropout', 1)).toBe('must be at least 0 and below 1; got 1');
    expect(imageTrainNumberProblem('learningRate', 0)).toBe('must be above 0 and below 1; got 0');
    // An empty form field is an error, never a default; text that is not a number is quoted.
    expect(imageTrainNumberProblem('epochs', '')).toBe('must be a whole number from 1 to 10000; got nothing');
    expect(imageTrainNumberProblem('dropout', 'abc')).toBe('must be a number at least 0 and below 1; got "abc"');
    expect(imageTrainSpecProblems({ imageSetId: 1, epochs: 0, batchSize: 0, seed: 3 })).toEqual(['epochs must be a whole number from 1 to 10000; got 0', 'batchSize must be a whole number from 1 to 4096; got 0']);
  });

  it('the images:train schema refuses epochs 0 (and every other bad number) naming the field', () => {
    expect(refusal({ imageSetId: 1, epochs: 0 })).toBe('images:train: epochs: must be a whole number from 1 to 10000; got 0. Fix the request and send it again.');
    expect(refusal({ imageSetId: 1, fineTuneEpochs: 0 })).toMatch(/^images:train: fineTuneEpochs: must be a whole number from 1/);
    expect(refusal({ imageSetId: 1, inputSize: 100 })).toMatch(/inputSize: must be a multiple of 32/);
    expect(refusal({ imageSetId: 1, head: 'svm' })).toMatch(/head must be one of "logreg", "dense"/);
    expect(checkPayload('images:train', { imageSetId: 1, epochs: 1, head: 'dense', fineTuneBlocks: 0 })).toMatchObject({ epochs: 1, head: 'dense' });
  });
});
