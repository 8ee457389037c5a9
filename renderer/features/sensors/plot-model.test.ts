import { describe, expect, it } from 'vitest';
import { buildTraces, groupSeries, hasNumbers, toLocalAxis } from './plot-model';

describe('groupSeries', () => {
  it('draws analytic outputs over their field, fields in declared order', () => {
    const names = ['humidity', 'temperature', 'temperature.mean', 'temperature.std', 'dew_point', 'humidity.ewma'];
    expect(groupSeries(names, ['temperature', 'humidity'])).toEqual([
      { field: 'temperature', series: ['temperature', 'temperature.mean', 'temperature.std'] },
      { field: 'humidity', series: ['humidity', 'humidity.ewma'] },
      { field: 'dew_point', series: ['dew_point'] },
    ]);
  });

  it('prefers the longest field prefix for dotted field names', () => {
    expect(groupSeries(['env', 'env.temp', 'env.temp.mean'], ['env', 'env.temp'])).toEqual([
      { field: 'env', series: ['env'] },
      { field: 'env.temp', series: ['env.temp', 'env.temp.mean'] },
    ]);
  });

  it('has no plot for a field that sent nothing yet', () => {
    expect(groupSeries(['a'], ['a', 'b'])).toEqual([{ field: 'a', series: ['a'] }]);
  });
});

describe('buildTraces', () => {
  const data = { t: [1000, 2000, 3000], series: { temp: [20, 21, 30], 'temp.mean': [20, 20.5, 23.7], label: [null, null, null] } };

  it('makes a line per series and red markers for anomalies, with the reason as hover text', () => {
    const traces = buildTraces({ field: 'temp', series: ['temp', 'temp.mean'] }, data, [{ t: 3000, field: 'temp', reason: 'z-score 3.4 > 3' }], 100);
    expect(traces.map((t) => [t.name, t.mode])).toEqual([
      ['temp', 'lines'],
      ['temp.mean', 'lines'],
      ['anomalies', 'markers'],
    ]);
    expect(traces[1]?.line?.dash).toBe('dot');
    expect(traces[2]?.y).toEqual([30]);
    expect(traces[2]?.x).toEqual([toLocalAxis(3000)]);
    expect(traces[2]?.hovertext).toEqual(['temp: z-score 3.4 > 3']);
  });

  it('skips series without numbers and anomalies outside the window', () => {
    const traces = buildTraces({ field: 'label', series: ['label'] }, data, [{ t: 99_999, field: 'label', reason: 'x' }], 100);
    expect(traces).toEqual([]);
    expect(hasNumbers([null, 1])).toBe(true);
    expect(hasNumbers(undefined)).toBe(false);
  });
});
