import { describe, expect, it } from 'vitest';
import { describeStep, needsWholeColumn, parseRecipe, sourceKeyOf } from './recipe';

describe('recipe contract', () => {
  it('source keys ignore folders, case and digits, so monthly files share a recipe', () => {
    expect(sourceKeyOf('/data/in/Sales-2024-03.CSV')).toBe('sales-#-#.csv');
    expect(sourceKeyOf('upload:sales-2024-04.csv')).toBe('sales-#-#.csv');
    expect(sourceKeyOf('C:\\exports\\sales_7.csv')).toBe('sales_#.csv');
  });

  it('fills defaults, accepts a bare list of steps, and splits row-local from whole-column steps', () => {
    const r = parseRecipe([
      { kind: 'outliers', column: 'x', method: 'zscore' },
      { kind: 'date', column: 'd' },
      { kind: 'impute', column: 'x', method: 'ffill' },
    ]);
    expect(r.steps).toEqual([
      { kind: 'outliers', column: 'x', method: 'zscore', threshold: 3, action: 'flag' },
      { kind: 'date', column: 'd', from: 'auto' },
      { kind: 'impute', column: 'x', method: 'ffill' },
    ]);
    expect(r.steps.map(needsWholeColumn)).toEqual([true, true, false]);
    expect(describeStep({ kind: 'unit', column: 't', factor: 5 / 9, offset: -160 / 9, from: '°F', to: '°C', rename: 't_c' })).toBe(
      'Convert t from °F to °C (× 0.555556 + -17.7778), renamed t_c',
    );
  });

  it('says which step and field is wrong', () => {
    expect(() => parseRecipe({ format: 'assay-recipe/9', steps: [] })).toThrow('Recipe format: is "assay-recipe/9"; this Assay reads assay-recipe/1.');
    expect(() => parseRecipe({ steps: [{ kind: 'trim' }, { kind: 'shout' }] })).toThrow('Recipe step 2.kind: must be one of trim, case, map, date, unit, impute, duplicates, outliers.');
    expect(() => parseRecipe({ steps: [{ kind: 'impute', column: 'a', method: 'constant' }] })).toThrow('Recipe step 1.value: is needed to fill with a constant.');
    expect(() => parseRecipe({ steps: [{ kind: 'map', column: 'a', mapping: { x: [1] } }] })).toThrow('Recipe step 1.mapping.x: must be text, a number, true/false or null.');
    expect(() => parseRecipe('nope')).toThrow('Recipe: must be an object.');
  });
});
