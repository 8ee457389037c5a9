/**
 * Reference vs current distribution of one column, for the Monitoring page's
 * overlay: a numeric column over the reference's decile bins (the bins PSI
 * uses), a categorical one over its categories. Read from the summaries the
 * drift check already built, so drawing it costs no extra pass over the data.
 */
import type { MonitorDistribution } from '../../preload/contract/monitoring';
import type { ColumnSummary } from '../ml/monitor';
import type { SketchPoints } from '../ml/monitor/sketch';
import { quantileEdges } from '../ml/monitor/summary';

/** Categories drawn one by one; the rest are summed as `other` so the chart stays readable. */
const TOP_CATEGORIES = 12;

function edgeText(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4).replace(/\.?0+$/, '');
}

/** Bin labels for the bins (−∞, e₁], (e₁, e₂], …, (e_k, ∞) (summary.ts binShares'). */
function binLabels(edges: readonly number[]): string[] {
  if (edges.length === 0) return ['all'];
  return [`≤ ${edgeText(edges[0]!)}`, ...edges.slice(1).map((e, i) => `(${edgeText(edges[i]!)}, ${edgeText(e)}]`), `> ${edgeText(edges[edges.length - 1]!)}`];
}

/** A sketch's weight (its rows) per bin, as binShares bins it, before the division: counts that sum to the rows. */
function binCounts(s: SketchPoints, edges: readonly number[]): number[] {
  const out = new Array<number>(edges.length + 1).fill(0);
  let bin = 0;
  for (let i = 0; i < s.values.length; i++) {
    while (bin < edges.length && s.values[i]! > edges[bin]!) bin++;
    out[bin] = out[bin]! + s.weights[i]!;
  }
  return out.map((w) => Math.round(w));
}

/** Null when the two summaries cannot be drawn on one axis (kinds differ). */
export function distributionOf(name: string, reference: ColumnSummary, current: ColumnSummary, window: string): MonitorDistribution | null {
  if (reference.kind === 'numeric' && current.kind === 'numeric') {
    const edges = reference.count > 0 ? quantileEdges(reference) : [];
    return {
      name,
      kind: 'numeric',
      bins: binLabels(edges),
      reference: reference.count > 0 ? binCounts(reference.sketch, edges) : [0],
      current: binCounts(current.sketch, edges),
      window,
      currentMissing: current.missing,
    };
  }
  if (reference.kind === 'categorical' && current.kind === 'categorical') {
    const all = new Set([...Object.keys(reference.counts), ...Object.keys(current.counts)]);
    const ranked = [...all].sort((a, b) => (reference.counts[b] ?? 0) + (current.counts[b] ?? 0) - ((reference.counts[a] ?? 0) + (current.counts[a] ?? 0)) || a.localeCompare(b));
    const shown = ranked.length > TOP_CATEGORIES ? ranked.slice(0, TOP_CATEGORIES - 1) : ranked;
    const rest = ranked.slice(shown.length);
    const sum = (c: Readonly<Record<string, number>>, keys: readonly string[]): number => keys.reduce((t, k) => t + (c[k] ?? 0), 0);
    return {
      name,
      kind: 'categorical',
      bins: [...shown, ...(rest.length ? ['other'] : [])],
      reference: [...shown.map((k) => reference.counts[k] ?? 0), ...(rest.length ? [sum(reference.counts, rest)] : [])],
      current: [...shown.map((k) => current.counts[k] ?? 0), ...(rest.length ? [sum(current.counts, rest)] : [])],
      window,
      currentMissing: current.missing,
    };
  }
  return null;
}
