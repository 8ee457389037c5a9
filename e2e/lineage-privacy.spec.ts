import fs from 'node:fs';
import path from 'node:path';
import { assay, expect, shot, test } from './fixtures';

const header = 'id,full_name,email,card,amount';
const rows = [
  '1,Ada Lovelace,ada@example.org,4111 1111 1111 1111,10.5',
  '2,Alan Turing,alan@example.org,5500-0000-0000-0004,7',
  '3,Grace Hopper,grace@example.com,340000000000009,3.25',
];

/** A project holding "people": imported from one file, then a second file appended. */
function peopleProject(tmp: string): string {
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home, { recursive: true });
  const project = path.join(tmp, 'gov.assay');
  const first = path.join(tmp, 'people.csv');
  const second = path.join(tmp, 'people-feb.csv');
  fs.writeFileSync(first, `${header}\n${rows.slice(0, 2).join('\n')}\n`);
  fs.writeFileSync(second, `${header}\n${rows.slice(2).join('\n')}\nbroken\n`);
  assay(home, 'new', project);
  assay(home, 'import', project, first);
  assay(home, 'import', project, second, '--append', '--name', 'people');
  return project;
}

test('the Lineage tab shows the chain of imports and appends with their details', async ({ page, openApp, tmp }) => {
  await openApp({ project: peopleProject(tmp) });
  await page.getByTestId('tab-lineage').click();
  const events = page.getByTestId('lineage-event');
  await expect(events).toHaveCount(2);
  await expect(events.nth(0).getByTestId('lineage-title')).toHaveText('Imported');
  await expect(events.nth(0).getByTestId('lineage-summary')).toHaveText('people.csv · 2 read · 2 accepted · 0 quarantined');
  await expect(events.nth(1).getByTestId('lineage-title')).toHaveText('Appended');
  await expect(events.nth(1).getByTestId('lineage-summary')).toHaveText('people-feb.csv · 2 read · 1 accepted · 1 quarantined');
  // The newest step is open: source path, hash, parser, schema, rule/recipe slots, app version.
  const detail = events.nth(1).locator('.lineage-detail');
  await expect(detail).toContainText(path.join(tmp, 'people-feb.csv'));
  await expect(detail).toContainText('format csv, encoding utf-8, delimiter ,');
  await expect(detail).toContainText('full_name: text');
  await expect(detail).toContainText('App version');
  await shot(page, 'incremental-lineage');
});

test('the Privacy tab finds personal data, applies keyed pseudonyms and masks, and lineage records it', async ({ page, openApp, tmp }) => {
  await openApp({ project: peopleProject(tmp) });
  await page.getByTestId('tab-privacy').click();
  await expect(page.getByTestId('privacy-kind-email')).toHaveText('email');
  await expect(page.getByTestId('privacy-kind-card')).toHaveText('card');
  await expect(page.getByTestId('privacy-kind-full_name')).toHaveText('name');
  await expect(page.getByTestId('privacy-kind-amount')).toHaveText('—');
  // Suggested: pseudonymise identifiers, mask card numbers.
  await expect(page.getByTestId('privacy-action-email')).toHaveValue('pseudonymise');
  await expect(page.getByTestId('privacy-action-card')).toHaveValue('mask');
  await page.getByTestId('privacy-action-full_name').selectOption('drop');
  const keyFile = path.join(tmp, 'secret', 'assay.key');
  await page.getByTestId('privacy-key-file').fill(keyFile);
  await expect(page.getByTestId('privacy-key-info')).toContainText('created (0600) on first use');
  await shot(page, 'incremental-privacy-before');
  await page.getByTestId('privacy-apply').click();
  await expect(page.getByTestId('privacy-done')).toBeVisible();
  await expect(page.getByTestId('privacy-key-info')).toContainText('fingerprint');
  expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
  await expect(page.getByTestId('privacy-row-full_name')).toHaveCount(0);
  await shot(page, 'incremental-privacy-after');

  await page.getByTestId('tab-data').click();
  const grid = page.getByTestId('data-grid');
  await expect(grid).toContainText('***************1111');
  await expect(grid).not.toContainText('ada@example.org');

  await page.getByTestId('tab-lineage').click();
  await expect(page.getByTestId('lineage-event')).toHaveCount(3);
  const last = page.getByTestId('lineage-event').nth(2);
  await expect(last.getByTestId('lineage-title')).toHaveText('Privacy applied');
  await expect(last.getByTestId('lineage-summary')).toHaveText('full_name: drop · email: pseudonymise · card: mask');
  await expect(last.locator('.lineage-detail')).toContainText(`file ${keyFile} (fingerprint`);
  await shot(page, 'incremental-lineage-privacy');
  // The key itself is not in the project.
  const key = fs.readFileSync(keyFile, 'utf8').trim();
  expect(fs.readFileSync(path.join(tmp, 'gov.assay')).includes(Buffer.from(key))).toBe(false);
});

test('a watched folder lists its files and their statuses live', async ({ page, openApp, tmp }) => {
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home, { recursive: true });
  const project = path.join(tmp, 'w.assay');
  assay(home, 'new', project);
  const inbox = path.join(tmp, 'inbox');
  fs.mkdirSync(inbox);
  await openApp({ project });
  await page.getByTestId('watch-path').fill(inbox);
  await page.getByTestId('watch-add').click();
  await expect(page.getByTestId('watch-folder')).toContainText('watching');
  fs.writeFileSync(path.join(inbox, 'jan.csv'), `${header}\n${rows.join('\n')}\n`);
  fs.writeFileSync(path.join(inbox, 'readme.md'), '# not data\n');
  await expect(page.getByTestId('watch-file-jan.csv')).toContainText('ingested');
  await expect(page.getByTestId('watch-file-readme.md')).toContainText('not a supported format (.md)');
  await expect(page.getByTestId('dataset-title')).toHaveText('inbox');
  fs.writeFileSync(path.join(inbox, 'feb.csv'), `${header}\n${rows[0]}\n`);
  await expect(page.getByTestId('watch-file-feb.csv')).toContainText('appended');
  // The grid on screen picks up the appended row.
  await expect(page.getByTestId('data-grid').locator('[data-row="4"]')).toContainText('Ada Lovelace');
  await shot(page, 'incremental-watch');
});

test('appending a file whose schema differs asks the user, and appends with the new column on consent', async ({ page, openApp, tmp }) => {
  await openApp({ project: peopleProject(tmp) });
  await page.getByTestId('tab-lineage').click();
  const more = path.join(tmp, 'more.csv');
  fs.writeFileSync(more, `${header},vip\n4,Edsger Dijkstra,ed@example.org,6011000000000004,1,yes\n`);
  await page.getByTestId('append-path').fill(more);
  await page.getByTestId('append-submit').click();
  await expect(page.getByTestId('append-difference')).toHaveText(['new column "vip" (text) is not in the dataset']);
  await shot(page, 'incremental-append-question');
  await page.getByTestId('append-accept').click();
  // Success shows the data: the new column is there, the old rows have it empty.
  await expect(page.getByTestId('data-grid')).toContainText('vip');
  await expect(page.getByTestId('data-grid').locator('[data-row="4"]')).toContainText('Edsger Dijkstra');
  await page.getByTestId('tab-lineage').click();
  await expect(page.getByTestId('lineage-event')).toHaveCount(3);
  await expect(page.getByTestId('lineage-event').nth(2).locator('.lineage-detail')).toContainText('new-column');
});
