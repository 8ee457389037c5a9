import Database from 'better-sqlite3';
import path from 'node:path';
import { assay, expect, makeProject, shot, test } from './fixtures';

const sensorCsv = '/work/shared/data/sensor_single_hop.csv';

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

  const db = new Database(project, { readonly: true });
  try {
    const ds = db.prepare("SELECT id FROM datasets WHERE name = 'idle-session'").get() as { id: number };
    expect(db.prepare('SELECT name, type FROM dataset_columns WHERE dataset_id = ? ORDER BY position').all(ds.id)).toEqual([
      { name: 'host_time', type: 'datetime' },
      { name: 'mote_id', type: 'number' },
      { name: 'indoor', type: 'number' },
      { name: 'humidity', type: 'number' },
      { name: 'temperature', type: 'number' },
      { name: 'label', type: 'number' },
      { name: 'session', type: 'text' },
    ]);
    const stored = db.prepare('SELECT host_time AS t, f5 AS label FROM st_1 WHERE recording_id = 1 ORDER BY seq LIMIT 1').get() as { t: number; label: number };
    const first = db.prepare(`SELECT * FROM ds_${ds.id} ORDER BY rowid LIMIT 1`).raw(true).get() as unknown[];
    expect(first).toEqual([new Date(stored.t).toISOString(), 1, 1, 45.93, 27.97, stored.label, 'idle']);
  } finally {
    db.close();
  }
});
