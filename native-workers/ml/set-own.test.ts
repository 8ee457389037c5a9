import { describe, expect, it } from 'vitest';
import { setOwn } from './set-own';

describe('setOwn', () => {
  it('keeps a "__proto__" field as an own, enumerable, writable, deletable property, leaving the prototype alone', () => {
    const row: Record<string, unknown> = {};
    setOwn(row, '__proto__', { polluted: true });
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.keys(row)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toEqual({ polluted: true });
    expect(JSON.stringify(row)).toBe('{"__proto__":{"polluted":true}}');
    setOwn(row, '__proto__', 2);
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe(2);
    // Once own, plain assignment writes the field (a read-only one would throw in strict code).
    row['__proto__'] = 4;
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe(4);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(delete row['__proto__']).toBe(true);
    expect(Object.keys(row)).toEqual([]);
  });

  it('assigns every other key, in order', () => {
    const row: Record<string, number> = {};
    setOwn(row, 'b', 1);
    setOwn(row, 'constructor', 2);
    setOwn(row, 'b', 3);
    expect(row).toEqual({ b: 3, constructor: 2 });
    expect(Object.keys(row)).toEqual(['b', 'constructor']);
  });
});
