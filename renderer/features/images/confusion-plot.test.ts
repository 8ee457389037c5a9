import { describe, expect, it } from 'vitest';
import { confusionHeatmap } from './confusion-plot';

describe('confusionHeatmap', () => {
  it('puts each count at its (predicted, true) cell with class names as ticks, numeric-looking names included', () => {
    const { data, layout } = confusionHeatmap(['0', '1', '7'], [[2, 0, 1], [0, 3, 0], [1, 0, 4]], 'Phase 1');
    const trace = data[0] as unknown as { z: number[][]; x: number[]; y: number[] };
    expect(trace.z).toEqual([[2, 0, 1], [0, 3, 0], [1, 0, 4]]);
    expect(trace.x).toEqual([0, 1, 2]);
    const l = layout as unknown as { annotations: { x: number; y: number; text: string }[]; xaxis: { ticktext: string[] }; yaxis: { autorange: string } };
    expect(l.xaxis.ticktext).toEqual(['0', '1', '7']);
    expect(l.yaxis.autorange).toBe('reversed');
    // true class 7 (row 2) predicted as 0 (column 0): 1.
    expect(l.annotations.find((a) => a.x === 0 && a.y === 2)!.text).toBe('1');
    expect(l.annotations).toHaveLength(9);
  });
});
