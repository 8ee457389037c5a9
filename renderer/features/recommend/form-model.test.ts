import { describe, expect, it } from 'vitest';
import { holdoutOf, parseParams } from './form-model';

describe('the recommend form', () => {
  it('reads parameters as NAME=VALUE pairs and says what is wrong with a bad one', () => {
    expect(parseParams('')).toEqual({ ok: true, value: {} });
    expect(parseParams('factors=32, alpha=20 regularization=0.1')).toEqual({ ok: true, value: { factors: 32, alpha: 20, regularization: 0.1 } });
    expect(parseParams('factors')).toEqual({ ok: false, error: '"factors" is not NAME=VALUE (e.g. factors=32).' });
    expect(parseParams('alpha=lots')).toEqual({ ok: false, error: 'alpha must be a number, not "lots".' });
  });

  it('turns the holdout choice into the request, refusing what cannot work', () => {
    expect(holdoutOf('default', 0, false)).toEqual({ ok: true, value: undefined });
    expect(holdoutOf('last', 2, true)).toEqual({ ok: true, value: { kind: 'last', n: 2 } });
    expect(holdoutOf('random', 0.25, false)).toEqual({ ok: true, value: { kind: 'random', fraction: 0.25 } });
    expect(holdoutOf('none', 0, false)).toEqual({ ok: true, value: { kind: 'none' } });
    expect(holdoutOf('last', 2, false)).toMatchObject({ ok: false, error: expect.stringContaining('needs a time column') });
    expect(holdoutOf('last', 1.5, true)).toMatchObject({ ok: false });
    expect(holdoutOf('random', 1, true)).toMatchObject({ ok: false, error: expect.stringContaining('between 0 and 1') });
  });
});
