import { describe, expect, it } from 'vitest';
import { emptyRecipe, emptyRuleSet, ruleSetVersion } from '../../../preload/contract';
import { dbSourceName, httpSourceName } from '../../../preload/contract/sources';
import { sourceKeyOf } from '../../../preload/contract/recipe';
import { choiceCount, stepsPreview } from './steps';

describe('source steps', () => {
  it('shows the preview cells as the text a file preview would hold', () => {
    const p = stepsPreview('sqlite-readings', ['id', 'ok', 'note'], [[1, 1, null], [2.5, 0, 'x']]);
    expect(p.columns).toEqual(['id', 'ok', 'note']);
    expect(p.rows).toEqual([['1', '1', ''], ['2.5', '0', 'x']]);
    expect(p.fileName).toBe('sqlite-readings');
  });

  it('counts what each step holds for its tab', () => {
    expect(choiceCount({}, 'rules')).toBe(0);
    expect(choiceCount({ rules: emptyRuleSet, recipe: emptyRecipe }, 'recipe')).toBe(0);
    expect(choiceCount({ rules: { version: ruleSetVersion, rules: [{ kind: 'required', column: 'id' }] } }, 'rules')).toBe(1);
    expect(choiceCount({ schema: { columns: { a: { rename: 'b' }, c: { type: 'text' } } } }, 'schema')).toBe(2);
  });

  it('names a source for its stored recipe as the worker does: no page number or key from the query', () => {
    expect(sourceKeyOf(dbSourceName('postgres', { table: 'Orders2024' }))).toBe('postgres-orders#');
    expect(sourceKeyOf(dbSourceName('mysql', { query: 'SELECT 1' }))).toBe('mysql-query');
    expect(sourceKeyOf(httpSourceName('https://api.example.com/v1/items?page=3&api_key=s3cret'))).toBe('items');
  });
});
