import { describe, expect, it } from 'vitest';
import { baudWarning, formatNumber, RateEstimator } from './rate';

function sampleStd(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

describe('RateEstimator', () => {
  it('is 0 with too few points', () => {
    const r = new RateEstimator();
    expect(r.rateHz()).toBe(0);
    expect(r.jitterMs()).toBe(0);
    r.add(1000);
    expect(r.rateHz()).toBe(0);
    r.add(1010);
    expect(r.rateHz()).toBeCloseTo(100, 9);
    expect(r.jitterMs()).toBe(0); // one interval has no spread
  });

  it('measures a steady 100 Hz with no jitter', () => {
    const r = new RateEstimator(5);
    for (let i = 0; i < 2000; i++) r.add(1_700_000_000_000 + i * 10);
    expect(r.rateHz()).toBeCloseTo(100, 9);
    expect(r.jitterMs()).toBeLessThan(1e-6);
    expect(r.size).toBe(501); // [t - 5 s, t] at 10 ms
  });

  it('matches a direct computation over the window with jittery arrivals', () => {
    let seed = 42;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const r = new RateEstimator(2);
    const times: number[] = [];
    let t = 1_700_000_000_000;
    for (let i = 0; i < 5000; i++) {
      t += 5 + Math.floor(rand() * 10);
      times.push(t);
      r.add(t);
    }
    const win = times.filter((x) => x >= t - 2000);
    const intervals = win.slice(1).map((x, i) => x - win[i]);
    expect(r.rateHz()).toBeCloseTo(((win.length - 1) * 1000) / (win[win.length - 1] - win[0]), 9);
    expect(r.jitterMs()).toBeCloseTo(sampleStd(intervals), 9);
  });

  it('follows a rate change once the old arrivals leave the window', () => {
    const r = new RateEstimator(1);
    let t = 0;
    for (let i = 0; i < 300; i++) r.add((t += 10));
    for (let i = 0; i < 30; i++) r.add((t += 50));
    expect(r.rateHz()).toBeCloseTo(20, 9);
    // sqrt amplifies rounding in a variance of ~0: sub-microsecond is zero for a serial port.
    expect(r.jitterMs()).toBeLessThan(1e-5);
  });

  it('restarts when the clock steps backwards', () => {
    const r = new RateEstimator();
    r.add(10_000);
    r.add(10_010);
    r.add(5_000);
    expect(r.size).toBe(1);
    r.add(5_020);
    expect(r.rateHz()).toBeCloseTo(50, 9);
  });
});

describe('RateEstimator edges', () => {
  it('ignores a non-finite time, and counts two arrivals at one instant (a zero span is rate 0, not ∞)', () => {
    const r = new RateEstimator();
    r.add(NaN);
    r.add(Infinity);
    expect(r.size).toBe(0);
    r.add(5);
    r.add(5);
    expect(r.size).toBe(2);
    expect(r.rateHz()).toBe(0);
    r.add(15); // an equal time is no step back: the window keeps all three
    expect(r.size).toBe(3);
    expect(r.rateHz()).toBeCloseTo(200, 9);
  });

  it('re-bases its sums as the window turns over, so intervals far from the first do not lose the jitter', () => {
    // The running sums are shifted by the first interval (100 ms here); without the re-base, 0.01 ms
    // intervals minus that shift square to ~10⁴ each, and a variance of ~10⁻⁵ ms² drowns in their rounding.
    let seed = 7;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const r = new RateEstimator(1);
    const times: number[] = [];
    let t = 0;
    for (let i = 0; i < 30; i++) times.push((t += 100));
    for (let i = 0; i < 300_000; i++) times.push((t += 0.01 + rand() * 0.01));
    for (const x of times) r.add(x);
    const win = times.filter((x) => x >= t - 1000);
    const intervals = win.slice(1).map((x, i) => x - win[i]);
    expect(r.jitterMs()).toBeCloseTo(sampleStd(intervals), 9);
  });
});

describe('baudWarning', () => {
  it('warns when the rate cannot fit the baud rate', () => {
    expect(baudWarning(120, 48, 9600)).toBe('120 Hz × 48 bytes needs 57,600 baud; the port runs at 9,600');
    expect(baudWarning(1000, 40, 115200)).toBe('1,000 Hz × 40 bytes needs 400,000 baud; the port runs at 115,200');
    expect(baudWarning(99.5, 20, 9600, 11)).toBe('99.5 Hz × 20 bytes needs 21,890 baud; the port runs at 9,600');
  });

  it('is null when it fits, and for meaningless inputs', () => {
    expect(baudWarning(100, 48, 57600)).toBeNull();
    expect(baudWarning(120, 48, 57600)).toBeNull(); // exactly full
    expect(baudWarning(0, 48, 9600)).toBeNull();
    expect(baudWarning(NaN, 48, 9600)).toBeNull();
    expect(baudWarning(120, 48, 9600, NaN)).toBeNull();
    expect(baudWarning(120, 0, 9600)).toBeNull();
    expect(baudWarning(120, 48, 0)).toBeNull();
  });

  it('formats numbers without the locale', () => {
    expect(formatNumber(1234567.25, 1)).toBe('1,234,567.3');
    expect(formatNumber(-1000, 0)).toBe('-1,000');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(12)).toBe('12');
    expect(formatNumber(0)).toBe('0');
  });
});
