import { expect, shot, test } from './fixtures';

test('creates a new project from the welcome screen', async ({ page, openApp }) => {
  await openApp();
  await expect(page.getByTestId('welcome')).toBeVisible();
  await shot(page, 'welcome');
  await page.getByTestId('new-project-name').fill('churn-study');
  await expect(page.getByTestId('new-project-form')).toContainText('churn-study.assay');
  await page.getByTestId('new-project-create').click();
  await expect(page.getByTestId('project-name')).toHaveText('churn-study');
  // The worker's backend probe reports back: wasm here, since tfjs-node cannot install.
  await expect(page.getByTestId('backend')).toContainText('wasm');
  await expect(page.getByTestId('backend-reason')).toContainText('tensorflow: not installed');
  // WebGPU was tried first and says why not (on CI only lavapipe, a software adapter, or no Vulkan driver);
  // the whole reason is the pill's tooltip.
  await expect(page.getByTestId('backend')).toHaveAttribute(
    'title',
    /webgpu: (no adapter \(Dawn found no .+\)|not installed|only a software \(lavapipe\) adapter, slower than wasm)/,
  );
  await expect(page.getByTestId('no-dataset')).toBeVisible();
  await shot(page, 'empty-project');

  // Close goes back to the welcome screen, which now lists the project as recent.
  await page.getByTestId('close-button').click();
  await expect(page.getByTestId('recent-item')).toContainText('churn-study');
});

test('keyboard shortcuts: Save As, close and open', async ({ page, openApp }) => {
  await openApp();
  await page.getByTestId('new-project-name').fill('first');
  await page.getByTestId('new-project-create').click();
  await expect(page.getByTestId('project-name')).toHaveText('first');

  await page.keyboard.press('Control+Shift+S');
  await expect(page.getByTestId('dialog-saveAs')).toBeVisible();
  await shot(page, 'save-as-dialog');
  await page.getByTestId('save-as-path').fill('second');
  await page.getByTestId('save-as-submit').click();
  await expect(page.getByTestId('project-name')).toHaveText('second');
  await expect(page.getByTestId('dialog-saveAs')).toHaveCount(0);

  await page.keyboard.press('Control+W');
  await expect(page.getByTestId('welcome')).toBeVisible();
  await page.keyboard.press('Control+O');
  await expect(page.getByTestId('dialog-open')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('dialog-open')).toHaveCount(0);
});
