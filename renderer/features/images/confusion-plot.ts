import type { Layout, PlotData } from 'plotly.js-dist-min';

/**
 * A confusion matrix as a Plotly heatmap: true classes down, predicted across,
 * counts written in the cells. Cells sit at numeric positions with the class
 * names as tick labels: class names like "0", "1", "7" would otherwise be read
 * as numbers and the cells drawn at the wrong places.
 */
export function confusionHeatmap(classes: readonly string[], confusion: readonly (readonly number[])[], title: string): { data: PlotData[]; layout: Layout } {
  const max = Math.max(1, ...confusion.flat());
  const idx = classes.map((_, k) => k);
  const data = [
    {
      type: 'heatmap',
      z: confusion.map((r) => [...r]),
      x: idx,
      y: idx,
      text: confusion.map((r, i) => r.map((v, j) => `true ${classes[i]} → predicted ${classes[j]}: ${v}`)),
      hoverinfo: 'text',
      colorscale: [
        [0, '#f4f6fb'],
        [1, '#3d57d1'],
      ],
      zmin: 0,
      zmax: max,
      showscale: false,
    },
  ] as unknown as PlotData[];
  const annotations = confusion.flatMap((row, i) => row.map((v, j) => ({ x: j, y: i, text: String(v), showarrow: false, font: { color: v > max / 2 ? 'white' : '#1d2230' } })));
  const ticks = { tickmode: 'array', tickvals: idx, ticktext: [...classes] };
  const layout = {
    title: { text: title, font: { size: 13 } },
    height: Math.min(460, 140 + 32 * classes.length),
    margin: { l: 70, r: 10, t: 36, b: 50 },
    xaxis: { title: { text: 'predicted' }, ...ticks, side: 'bottom' },
    yaxis: { title: { text: 'true' }, ...ticks, autorange: 'reversed' },
    annotations,
  } as unknown as Layout;
  return { data, layout };
}
