export type Plotly = typeof import('plotly.js-dist-min');

let plotlyPromise: Promise<Plotly> | null = null;

/** Plotly is ~3 MB: loaded on first use (Profile tab, live sensor plots) so the first screen does not wait for it. */
export function loadPlotly(): Promise<Plotly> {
  plotlyPromise ??= import('plotly.js-dist-min');
  return plotlyPromise;
}

/** Loads Plotly while the page is idle (a screen that will plot soon), so the first chart does not pay for it. */
export function preloadPlotly(): void {
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void) => void }).requestIdleCallback ?? ((cb: () => void) => setTimeout(cb, 200));
  idle(() => void loadPlotly());
}

const queue: (() => void)[] = [];
let draining = false;

/**
 * Runs chart draws one per task: a page of ten charts drawn in one go blocks
 * the main thread for seconds, one at a time it stays responsive between them.
 */
export function drawSoon(draw: () => void): void {
  queue.push(draw);
  if (draining) return;
  draining = true;
  const next = (): void => {
    const job = queue.shift();
    if (!job) {
      draining = false;
      return;
    }
    job();
    setTimeout(next, 0);
  };
  setTimeout(next, 0);
}
