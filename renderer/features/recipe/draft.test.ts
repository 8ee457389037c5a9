import { describe, expect, it } from 'vitest';
import { parseRecipe } from '../../../preload/contract/recipe';
import { columnsBefore, formatCell, mappingText, moveStep, newStep, paletteKinds, parseMapping } from './draft';

describe('recipe drafts', () => {
  it('every palette kind makes a step the contract accepts', () => {
    const steps = paletteKinds.map((k) => newStep(k, ['a', 'b']));
    expect(parseRecipe({ format: 'assay-recipe/1', steps }).steps).toEqual(steps);
  });

  it('round-trips the mapping text, typing half a pair keeps the rest', () => {
    const m = parseMapping('yes=true, Y = true\nno=false, n/a=null, one=1, x=why, half');
    expect(m).toEqual({ yes: true, Y: true, no: false, 'n/a': null, one: 1, x: 'why' });
    expect(parseMapping(mappingText(m))).toEqual(m);
  });

  it('moves steps and formats cells', () => {
    const [a, b] = [newStep('trim', []), newStep('case', [])];
    expect(moveStep([a, b], 1, -1)).toEqual([b, a]);
    expect(moveStep([a, b], 0, -1)).toEqual([a, b]);
    expect([formatCell(null), formatCell(537.777777777778), formatCell(3), formatCell('x')]).toEqual(['∅', '537.778', '3', '"x"']);
  });
});

describe('columnsBefore', () => {
  it('follows renames and flag columns, the way the pass names them', () => {
    const steps = [
      { kind: 'unit', column: 'temp_f', factor: 1, offset: 0, from: 'F', to: 'C', rename: 'temp_c' },
      { kind: 'outliers', column: 'temp_c', method: 'iqr', action: 'flag' },
      { kind: 'duplicates', keys: [], action: 'flag' },
    ] as const;
    expect(columnsBefore(steps, 0, ['id', 'temp_f'])).toEqual(['id', 'temp_f']);
    expect(columnsBefore(steps, 3, ['id', 'temp_f', 'is_duplicate'])).toEqual(['id', 'temp_c', 'is_duplicate', 'temp_c_outlier', 'is_duplicate_2']);
  });
});
