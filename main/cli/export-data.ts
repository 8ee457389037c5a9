import path from 'node:path';
import { parseArgs } from 'node:util';
import { AssayError } from '../../preload/contract/errors';
import { plural } from '../../preload/contract/plural';
import { listDatasets } from '../../native-workers/project/datasets';
import { exportDatasetFile } from '../../native-workers/project/dataset-export';
import { requireProject } from '../host/project/access';
import { cliHost, UsageError } from './common';

export const exportDataUsage = `  assay export-data FILE.assay DATASET --to OUT.csv|OUT.parquet|OUT.arrow [--json]
      writes a dataset (by name or id) for other tools; the format follows OUT's extension`;

/** `assay export-data FILE.assay DATASET --to OUT`: reads the project read-only, never writes it. */
export async function cmdExportData(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { to: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 2) throw new UsageError('assay export-data takes FILE.assay and DATASET');
  if (!values.to) throw new UsageError('assay export-data needs --to OUT.csv|OUT.parquet|OUT.arrow');
  const [project, dataset] = positionals as [string, string];
  const host = cliHost();
  try {
    host.openProject(path.resolve(project), true);
    const db = requireProject(host.currentProject).db;
    const all = listDatasets(db);
    const ds = all.find((d) => d.name === dataset) ?? all.find((d) => String(d.id) === dataset);
    if (!ds) throw new AssayError('NOT_FOUND', `No dataset "${dataset}" in this project; it has: ${all.map((d) => `"${d.name}"`).join(', ') || 'none'}.`);
    const out = await exportDatasetFile(db, ds.id, path.resolve(values.to));
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ dataset: ds.name, ...out })}\n`);
      return;
    }
    const misfits = out.misfits ? `; ${plural(out.misfits, 'cell')} that did not fit their column's type written empty` : '';
    process.stdout.write(`wrote ${plural(out.rows, 'row')} × ${plural(out.columns, 'column')} of "${ds.name}" to ${out.file} (${out.format})${misfits}\n`);
  } finally {
    await host.close();
  }
}
