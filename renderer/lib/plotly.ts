export type Plotly = typeof import('plotly.js-dist-min');

let plotlyPromise: Promise<Plotly> | null = null;

/** Plotly is ~3 MB: loaded on first use (Profile tab, live sensor plots) so the first screen does not wait for it. */
export function loadPlotly(): Promise<Plotly> {
  plotlyPromise ??= import('plotly.js-dist-min');
  return plotlyPromise;
}
