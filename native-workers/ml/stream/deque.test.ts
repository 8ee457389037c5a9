// TimeDeque against a plain array doing the same operations: wrap-around, growth while wrapped, and pops on
// an empty deque (#22: it had no test of its own, only through rates and rolling windows).
import { describe, expect, it } from 'vitest';
import { TimeDeque } from './deque';

function contents(d: TimeDeque): [number, number][] {
  return Array.from({ length: d.length }, (_, i) => [d.timeAt(i), d.valueAt(i)]);
}

describe('TimeDeque', () => {
  it('matches an array through pushes and pops at both ends, across wrap-around and growth', () => {
    const d = new TimeDeque(4);
    const model: [number, number][] = [];
    let seed = 7;
    for (let step = 0; step < 2000; step++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const r = seed % 10;
      if (r < 5) {
        d.pushBack(step, -step / 2);
        model.push([step, -step / 2]);
      } else if (r < 8) {
        d.popFront();
        model.shift();
      } else if (r < 9) {
        d.popBack();
        model.pop();
      } else if (model.length > 0) {
        d.setFrontV(step * 3);
        model[0]![1] = step * 3;
      }
      expect(d.length).toBe(model.length);
      if (model.length > 0) {
        expect([d.frontT(), d.frontV()]).toEqual(model[0]);
        expect([d.backT(), d.backV()]).toEqual(model.at(-1));
      }
      if (step % 97 === 0) expect(contents(d)).toEqual(model);
    }
    expect(contents(d)).toEqual(model);
  });

  it('grows when full while its front has wrapped past the end', () => {
    const d = new TimeDeque(1);
    for (let i = 0; i < 4; i++) d.pushBack(i, i * 10);
    d.popFront();
    d.popFront();
    for (let i = 4; i < 11; i++) d.pushBack(i, i * 10);
    expect(contents(d)).toEqual(Array.from({ length: 9 }, (_, k) => [k + 2, (k + 2) * 10]));
    expect([d.frontT(), d.backT(), d.backV()]).toEqual([2, 10, 100]);
  });

  it('pops on an empty deque do nothing; clear empties it', () => {
    const d = new TimeDeque();
    d.popFront();
    d.popBack();
    expect(d.length).toBe(0);
    d.pushBack(1, 2);
    d.pushBack(3, 4);
    d.clear();
    expect(d.length).toBe(0);
    d.pushBack(5, 6);
    expect(contents(d)).toEqual([[5, 6]]);
  });
});
