import { describe, expect, it } from 'vitest';
import { groupSeries, plotMarkers, plotSeries } from './plot-model';

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

describe('plotSeries', () => {
  it('puts a rolling std on its own right axis and keeps mean, min, max and EWMA on the field axis (#14.12)', () => {
    const series = plotSeries({ field: 'temp', series: ['temp', 'temp.mean', 'temp.std', 'temp.max', 'temp.ewma'] });
    expect(series.map((s) => [s.label, s.axis ?? 'left', s.dash ?? false])).toEqual([
      ['temp', 'left', false],
      ['temp.mean', 'left', true],
      ['temp.std', 'right', true],
      ['temp.max', 'left', true],
      ['temp.ewma', 'left', true],
    ]);
  });

  it('does not take a field that merely ends in .std for a statistic of another field', () => {
    expect(plotSeries({ field: 'sensor.std', series: ['sensor.std'] })[0]?.axis).toBeUndefined();
  });
});

describe('plotMarkers', () => {
  it('marks the flagged readings of the plot’s own series with their reason', () => {
    const anomalies = [
      { t: 3000, field: 'temp', reason: 'z-score 3.4 > 3' },
      { t: 3500, field: 'humidity', reason: 'above 45' },
      { t: 4000, field: 'temp.mean', reason: 'x' },
    ];
    expect(plotMarkers({ field: 'temp', series: ['temp', 'temp.mean'] }, anomalies)).toEqual([
      { t: 3000, series: 0, label: 'temp: z-score 3.4 > 3' },
      { t: 4000, series: 1, label: 'temp.mean: x' },
    ]);
  });
});
