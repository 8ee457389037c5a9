import { checkColumns, type RuleSet } from '../../../../preload/contract/rules';
import { factsFromProfile, suggestRules } from '../../../../preload/contract/rules-suggest';
import { ColumnAccumulator } from '../../../../native-workers/ml/profile';
import { datasetTable, getDataset, loadProfile } from '../../../../native-workers/project/datasets';
import { datasetFirstRows } from '../../../../native-workers/project/columns/dataset-rows';
import type { Db } from '../../../../native-workers/project/open';

const suggestSampleRows = 5000;

/**
 * Suggestions from the stored profile when there is one (every row), else from a profile of the
 * first rows; pattern detection always looks at sample values of the first rows.
 */
export function suggestForDataset(db: Db, datasetId: number): RuleSet {
  const ds = getDataset(db, datasetId);
  const rows = datasetFirstRows(db, { id: datasetId, table: datasetTable(datasetId) }, suggestSampleRows);
  const samples = ds.columns.map((_, i) =>
    rows
      .map((r) => r[i])
      .filter((v): v is string | number => v !== null)
      .slice(0, 200)
      .map(String),
  );
  const stored = loadProfile(db, datasetId);
  const profile =
    stored?.columns ??
    ds.columns.map((c, i) => {
      const acc = new ColumnAccumulator(c.name, c.type);
      for (const r of rows) acc.push(r[i]);
      return acc.result();
    });
  const suggested = suggestRules(factsFromProfile(profile, samples));
  checkColumns(suggested, ds.columns.map((c) => c.name));
  return suggested;
}
