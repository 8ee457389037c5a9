import { expect, it } from 'vitest';
import golden from '../fixtures/metrics-golden.json';
import { numpyArgsort } from './numpy-argsort';
import { cases } from '../../../../main/host/testing';

it("orders ties exactly as numpy's default argsort", () => {
  for (const c of cases(golden.argsort, 'argsort cases')) expect(Array.from(numpyArgsort(c.values))).toEqual(c.order);
});
