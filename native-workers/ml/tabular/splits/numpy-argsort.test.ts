import { expect, it } from 'vitest';
import golden from '../fixtures/metrics-golden.json';
import { numpyArgsort, numpyHeapArgsort } from './numpy-argsort';
import { cases } from '../../../../main/host/testing';

it("orders ties exactly as numpy's default argsort", () => {
  for (const c of cases(golden.argsort, 'argsort cases')) expect(Array.from(numpyArgsort(c.values))).toEqual(c.order);
});

it("orders ties exactly as numpy's heapsort, the fallback past the depth limit", () => {
  for (const c of cases(golden.argsortHeap, 'heapsort cases')) expect(Array.from(numpyHeapArgsort(c.values))).toEqual(c.order);
});

it('orders two values too (the shortest input that needs a swap)', () => {
  expect(Array.from(numpyArgsort([2, 1]))).toEqual([1, 0]);
  expect(Array.from(numpyArgsort([1, 2]))).toEqual([0, 1]);
  expect(Array.from(numpyArgsort([5]))).toEqual([0]);
  expect(Array.from(numpyArgsort([]))).toEqual([]);
});
