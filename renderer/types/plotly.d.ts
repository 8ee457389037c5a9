/** The small part of plotly.js Assay uses; the package ships no types. */
declare module 'plotly.js-dist-min' {
  export interface BarData {
    type: 'bar';
    x: readonly (number | string)[];
    y: readonly (number | string)[];
    orientation?: 'h' | 'v';
    width?: readonly number[];
    marker?: { color?: string; line?: { color?: string; width?: number } };
    hovertemplate?: string;
    name?: string;
  }
  export interface ScatterData {
    type: 'scatter';
    mode: 'lines' | 'markers' | 'lines+markers';
    x: readonly (number | string)[];
    y: readonly (number | null)[];
    name?: string;
    line?: { color?: string; width?: number; dash?: 'solid' | 'dot' | 'dash' };
    marker?: { color?: string; size?: number; line?: { color?: string; width?: number } };
    hovertemplate?: string;
    hovertext?: readonly string[];
    hoverinfo?: string;
  }
  export type PlotData = BarData | ScatterData;
  export interface Layout {
    margin?: { l?: number; r?: number; t?: number; b?: number; pad?: number };
    height?: number;
    bargap?: number;
    showlegend?: boolean;
    paper_bgcolor?: string;
    plot_bgcolor?: string;
    font?: { family?: string; size?: number; color?: string };
    xaxis?: Record<string, unknown>;
    yaxis?: Record<string, unknown>;
    uirevision?: string | number;
  }
  export interface Config {
    displayModeBar?: boolean;
    responsive?: boolean;
    staticPlot?: boolean;
  }
  export function newPlot(el: HTMLElement, data: readonly PlotData[], layout?: Layout, config?: Config): Promise<HTMLElement>;
  export function react(el: HTMLElement, data: readonly PlotData[], layout?: Layout, config?: Config): Promise<HTMLElement>;
  export function purge(el: HTMLElement): void;
}
