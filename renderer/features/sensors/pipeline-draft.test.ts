import { describe, expect, it } from 'vitest';
import { defaultAnalytic, defaultRule, defaultTransform, parseCoefficients, pipelineProblems, removeAt, replaceAt } from './pipeline-draft';

const fields = ['temperature', 'humidity'];

describe('pipeline draft', () => {
  it('accepts the default row of every kind', () => {
    const p = {
      validation: (['type', 'range', 'required', 'stuck', 'rate'] as const).map((k) => defaultRule(k, 'temperature')),
      transforms: (['linear', 'polynomial', 'derived'] as const).map((k) => defaultTransform(k, 'temperature')),
      analytics: (['rolling', 'ewma', 'zscore', 'rate-of-change'] as const).map((k) => defaultAnalytic(k, 'temperature')),
    };
    expect(pipelineProblems(p, fields)).toEqual([]);
  });

  it('names the row and the problem', () => {
    const p = {
      validation: [{ kind: 'range' as const, field: 'temperature', min: 10, max: 5 }],
      transforms: [{ kind: 'derived' as const, name: '2bad', expression: '' }],
      analytics: [
        { kind: 'ewma' as const, field: 'pressure', alpha: 2 },
        { kind: 'rolling' as const, field: 'humidity', windowSeconds: 0, stats: [] },
      ],
    };
    expect(pipelineProblems(p, fields)).toEqual([
      'Rule 1: min must not exceed max',
      'Transform 1: the name must be a word (letters, digits, _ .)',
      'Transform 1: the expression is empty',
      'Analytic 1: unknown field "pressure"',
      'Analytic 1: alpha must be in (0, 1]',
      'Analytic 2: the window must be above 0 s',
      'Analytic 2: pick at least one statistic',
    ]);
  });

  it('lets rules and analytics use a derived field', () => {
    const p = {
      validation: [],
      transforms: [{ kind: 'derived' as const, name: 'temp_f', expression: 'temperature * 9 / 5 + 32' }],
      analytics: [defaultAnalytic('zscore', 'temp_f')],
    };
    expect(pipelineProblems(p, fields)).toEqual([]);
  });

  it('parses coefficients and edits rows immutably', () => {
    expect(parseCoefficients('1, 0.5 -2')).toEqual([1, 0.5, -2]);
    expect(parseCoefficients('1, x')).toBeNull();
    expect(parseCoefficients('')).toBeNull();
    const list = [1, 2, 3];
    expect(replaceAt(list, 1, 9)).toEqual([1, 9, 3]);
    expect(removeAt(list, 0)).toEqual([2, 3]);
    expect(list).toEqual([1, 2, 3]);
  });
});
