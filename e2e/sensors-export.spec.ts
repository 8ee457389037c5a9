import path from 'node:path';
import { assay, expect, makeProject, shot, test, sharedData } from './fixtures';
import { datasetTable } from '../native-workers/project/datasets';
import { tableCells, tableRows } from '../native-workers/project/inspect';
import { openDatabase } from '../native-workers/project/open';

const sensorCsv = path.join(sharedData, 'sensor_single_hop.csv');

test('exporting a recording: a disabled Export says why, the label clash is asked about, columns are chosen and typed', async ({ page, openApp, tmp }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const project = makeProject(tmp, 'export');
  // A stream with a labelled recording, made headless by the CLI from a real sensor file (its own "label" column included).
  assay(path.join(tmp, 'home'), 'record', project, '--replay', sensorCsv, '--rate', '2000', '--duration', '1', '--label', 'idle', '--name', 'bench', '--json');
  await openApp({ project });
  await page.getByTestId('section-sensors').click();
  await page.getByTestId('stream-item').click();
  await page.getByTestId('stream-tab-recordings').click();

  const button = page.getByTestId('export-button');
  const hint = page.getByTestId('export-hint');
  await expect(button).toBeDisabled();
  await expect(hint).toHaveText('Tick one or more finished recordings above to export them.');
  await expect(button).toHaveAttribute('title', 'Tick one or more finished recordings above to export them.');
  await page.getByTestId('recording-select').check();
  await expect(hint).toHaveText('Name the dataset to export to.');
  await page.getByTestId('export-name').fill('idle-session');

  // The source's "label" clashes with the recording's label: asked, with the source field renamed at first.
  const clash = page.getByTestId('export-clash');
  await expect(clash).toContainText('field named “label”');
  await expect(clash.getByTestId('clash-rename-field')).toBeChecked();
  const column = (key: string) => page.locator(`[data-testid="export-column"][data-key="${key}"]`);
  await expect(column('field:label').getByTestId('export-column-name')).toHaveValue('label_source');
  await expect(column('recording:device_time').getByTestId('export-column-include')).not.toBeChecked();
  await expect(column('recording:device_time')).toContainText('empty in every reading');
  await expect(column('recording:host_time')).toContainText('datetime');
  await expect(button).toBeEnabled();
  await shot(page, 'sensors-export-columns-1024');

  // Renaming the recording's column instead; a name typed twice blocks Export and says so.
  await clash.getByTestId('clash-rename-recording').check();
  await expect(column('field:label').getByTestId('export-column-name')).toHaveValue('label');
  await expect(column('recording:label').getByTestId('export-column-name')).toHaveValue('recording_label');
  await column('recording:label').getByTestId('export-column-name').fill('label');
  await expect(button).toBeDisabled();
  await expect(hint).toHaveText('Two columns are named "label": rename one.');
  await column('recording:label').getByTestId('export-column-name').fill('session');
  await column('field:reading').getByTestId('export-column-include').uncheck();
  await expect(button).toBeEnabled();
  await button.click();
  await expect(page.getByTestId('toast-success')).toContainText('idle-session');

  const db = openDatabase(project, { readonly: true });
  try {
    const ds = tableRows(db, 'datasets', { columns: ['id'], where: { name: 'idle-session' } })[0] as { id: number };
    expect(tableRows(db, 'dataset_columns', { columns: ['name', 'type'], where: { dataset_id: ds.id }, orderBy: 'position' })).toEqual([
      { name: 'host_time', type: 'datetime' },
      { name: 'mote_id', type: 'number' },
      { name: 'indoor', type: 'number' },
      { name: 'humidity', type: 'number' },
      { name: 'temperature', type: 'number' },
      { name: 'label', type: 'number' },
      { name: 'session', type: 'text' },
    ]);
    const stored = tableRows(db, 'st_1', { columns: ['host_time', 'f5'], where: { recording_id: 1 }, orderBy: 'seq' })[0] as { host_time: number; f5: number };
    const first = tableCells(db, datasetTable(ds.id))[0];
    expect(first).toEqual([new Date(stored.host_time).toISOString(), 1, 1, 45.93, 27.97, stored.f5, 'idle']);
  } finally {
    db.close();
  }
});
