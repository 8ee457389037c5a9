import { expect, it } from 'vitest';
import golden from '../fixtures/metrics-golden.json';
import { numpyArgsort } from './numpy-argsort';

it("orders ties exactly as numpy's default argsort", () => {
  for (const c of golden.argsort) expect(Array.from(numpyArgsort(c.values))).toEqual(c.order);
});
