import path from 'node:path';
import { parseArgs } from 'node:util';
import { listDatasets, unfinishedImports } from '../../native-workers/project/datasets';
import { holderText } from '../../native-workers/project/owner-lock';
import { listRuns } from '../../native-workers/project/runs';
import { requireProject } from '../host/project/access';
import { cliHost, UsageError } from './common';
import { plural } from '../../preload/contract/plural';

/**
 * `assay info FILE.assay [--json]`: reads the project without writing it. A job still marked
 * running is live only while another Assay process holds the project; otherwise that process
 * died mid-way, and info says "interrupted" (the next read-write open records it so and drops
 * the partial import) rather than repeating a status that is no longer true.
 */
export async function cmdInfo(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError('assay info takes one FILE.assay');
  const host = cliHost();
  try {
    const project = host.openProject(path.resolve(positionals[0]), true);
    const store = requireProject(host.currentProject);
    const db = store.db;
    const writer = store.liveWriter();
    const datasets = listDatasets(db).map((d) => ({
      id: d.id,
      name: d.name,
      rows: d.rowCount,
      columns: d.columns.length,
      quarantined: d.quarantinedCount,
    }));
    const unfinished = unfinishedImports(db).map((d) => d.name);
    const runs = listRuns(db).map((r) => ({
      id: r.id,
      kind: r.kind,
      status: writer === null && (r.status === 'running' || r.status === 'queued') ? ('interrupted' as const) : r.status,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
    }));
    const interrupted = runs.filter((r) => r.status === 'interrupted').length;
    const backend = await host.probeBackend();
    const usedBy = writer ? { pid: writer.pid, hostname: writer.hostname, since: writer.startedAt } : null;
    if (values.json) {
      const imports = writer ? { importing: unfinished } : { interruptedImports: unfinished };
      process.stdout.write(`${JSON.stringify({ project: project.path, schemaVersion: project.schemaVersion, usedBy, datasets, ...imports, runs, backend })}\n`);
      return;
    }
    const lines = [
      `project   ${project.path} (schema ${project.schemaVersion})`,
      ...(writer ? [`in use    by ${holderText(writer)}: its running jobs are live`] : []),
      `backend   ${backend.name}${backend.gpu ? ` on ${backend.gpu.adapter}` : ''} — ${backend.reason}`,
      `datasets  ${datasets.length}`,
      ...datasets.map((d) => `  ${d.name}: ${plural(d.rows, 'row')} × ${plural(d.columns, 'column')}${d.quarantined ? `, ${d.quarantined} quarantined` : ''}`),
      ...unfinished.map((name) => `  ${name}: ${writer ? 'importing' : 'interrupted import (removed when the project is next opened for writing)'}`),
      `runs      ${runs.length}${interrupted ? ` (${interrupted} interrupted: Assay stopped while they ran; opening the project records them as failed)` : ''}`,
      ...runs.slice(0, 10).map((r) => `  #${r.id} ${r.kind} ${r.status}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await host.close();
  }
}
