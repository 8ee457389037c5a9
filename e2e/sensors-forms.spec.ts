import type { Locator, Page } from '@playwright/test';
import { expect, makeProject, shot, test } from './fixtures';

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  if (b === null) throw new Error(`${l.toString()} is not laid out`);
  return b;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Every box of the form's fields (label, control, hint) must keep clear of the Detect button. */
async function expectDetectClear(page: Page): Promise<void> {
  const detect = await box(page.getByTestId('detect-button'));
  const parts = page.getByTestId('source-form').locator('.field > *, label.check');
  const n = await parts.count();
  expect(n).toBeGreaterThan(3);
  for (let i = 0; i < n; i++) {
    const part = parts.nth(i);
    const b = await box(part);
    expect(overlaps(detect, b), `Detect overlaps "${(await part.textContent()) ?? ''}"`).toBe(false);
  }
}

/** A hint spans its control's column, not a sliver of it. */
async function expectHintsWide(page: Page): Promise<void> {
  const form = await box(page.getByTestId('source-form'));
  const hints = page.getByTestId('source-form').locator('.field-hint');
  for (let i = 0; i < (await hints.count()); i++) expect((await box(hints.nth(i))).width).toBeGreaterThan(form.width * 0.5);
}

for (const size of [
  { width: 1024, height: 700 },
  { width: 1400, height: 900 },
]) {
  test(`source forms hold their grid at ${size.width}×${size.height}`, async ({ page, openApp, tmp }) => {
    await page.setViewportSize(size);
    await openApp({ project: makeProject(tmp, 'forms') });
    await page.getByTestId('section-sensors').click();

    // Serial: Detect sits below the declared rate, never on it.
    const rate = page.getByTestId('serial-declared-rate');
    await expect(rate).toBeVisible();
    const rateLabel = page.getByText('Declared rate (Hz, optional)');
    const detect = await box(page.getByTestId('detect-button'));
    expect(overlaps(detect, await box(rate))).toBe(false);
    expect(overlaps(detect, await box(rateLabel))).toBe(false);
    // Label and control share a row of the grid: the label left of its input, on the same line.
    const rateBox = await box(rate);
    const labelBox = await box(rateLabel);
    expect(labelBox.x + labelBox.width).toBeLessThanOrEqual(rateBox.x);
    expect(Math.abs(labelBox.y + labelBox.height / 2 - (rateBox.y + rateBox.height / 2))).toBeLessThan(rateBox.height);
    await expectDetectClear(page);
    await expectHintsWide(page);
    await page.getByTestId('serial-baud').selectOption('custom');
    await expectDetectClear(page);
    await shot(page, `sensors-form-serial-${size.width}`);

    await page.getByTestId('source-kind-mqtt').click();
    await page.getByTestId('mqtt-url').fill('mqtts://broker.lab:8883');
    await expect(page.getByTestId('mqtt-reject-unauthorized')).toBeVisible();
    await expectDetectClear(page);
    await expectHintsWide(page);
    await shot(page, `sensors-form-mqtt-${size.width}`);

    await page.getByTestId('source-kind-replay').click();
    await expectDetectClear(page);
    await expectHintsWide(page);
    // The Loop checkbox sits with its label: inside it, on one line, in the controls' column.
    const loop = page.getByTestId('replay-loop');
    const loopText = page.locator('label.check', { has: loop });
    await expect(loopText).toHaveText('Loop: start again at the end');
    const cb = await box(loop);
    const text = await box(loopText);
    expect(cb.x - text.x).toBeLessThan(2);
    expect(text.height).toBeLessThan(cb.height * 2);
    expect(text.width).toBeGreaterThan(cb.width * 5);
    expect(Math.abs(cb.y + cb.height / 2 - (text.y + text.height / 2))).toBeLessThan(4);
    expect(Math.abs(cb.x - (await box(page.getByTestId('replay-rate'))).x)).toBeLessThan(4);
    await loopText.click();
    await expect(loop).toBeChecked();
    await shot(page, `sensors-form-replay-${size.width}`);

    // Nothing spills sideways at this width.
    const card = page.getByTestId('source-form');
    expect(await card.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0);
  });
}
