/** The small part of plotly.js Assay uses; the package ships no types. */
declare module 'plotly.js-dist-min' {
  export interface ErrorBar {
    type: 'data';
    array: readonly number[];
    visible?: boolean;
    color?: string;
    thickness?: number;
    width?: number;
  }
  export interface BarData {
    type: 'bar';
    x: readonly (number | string)[];
    y: readonly (number | string)[];
    orientation?: 'h' | 'v';
    width?: readonly number[];
    marker?: { color?: string; line?: { color?: string; width?: number } };
    error_y?: ErrorBar;
    hovertemplate?: string;
    name?: string;
    opacity?: number;
  }
  export interface ScatterData {
    type: 'scatter';
    mode: 'lines' | 'markers' | 'lines+markers';
    x: readonly (number | string)[];
    y: readonly (number | null)[];
    name?: string;
    line?: { color?: string; width?: number; dash?: 'solid' | 'dot' | 'dash' };
    marker?: { color?: string; size?: number; opacity?: number; line?: { color?: string; width?: number } };
    hovertemplate?: string;
    hovertext?: readonly string[];
    hoverinfo?: string;
    opacity?: number;
    showlegend?: boolean;
    legendgroup?: string;
    yaxis?: 'y' | 'y2';
  }
  export interface HeatmapData {
    type: 'heatmap';
    z: readonly (readonly number[])[];
    x: readonly string[];
    y: readonly string[];
    colorscale?: readonly (readonly [number, string])[];
    showscale?: boolean;
    texttemplate?: string;
    textfont?: { size?: number; color?: string };
    hovertemplate?: string;
    xgap?: number;
    ygap?: number;
  }
  export interface BoxData {
    type: 'box';
    y: readonly number[];
    name?: string;
    boxpoints?: 'all' | 'outliers' | false;
    jitter?: number;
    pointpos?: number;
    boxmean?: boolean;
    marker?: { color?: string; size?: number };
    line?: { color?: string; width?: number };
    fillcolor?: string;
    hovertemplate?: string;
  }
  export type PlotData = BarData | ScatterData | HeatmapData | BoxData;
  export interface Shape {
    type: 'line' | 'rect';
    x0: number | string;
    x1: number | string;
    y0: number | string;
    y1: number | string;
    xref?: 'x' | 'paper';
    yref?: 'y' | 'paper';
    line?: { color?: string; width?: number; dash?: 'solid' | 'dot' | 'dash' };
  }
  export interface Annotation {
    x: number | string;
    y: number | string;
    xref?: 'x' | 'paper';
    yref?: 'y' | 'paper';
    text: string;
    showarrow?: boolean;
    xanchor?: 'left' | 'center' | 'right';
    yanchor?: 'top' | 'middle' | 'bottom';
    font?: { size?: number; color?: string };
  }
  export interface Layout {
    margin?: { l?: number; r?: number; t?: number; b?: number; pad?: number };
    height?: number;
    bargap?: number;
    bargroupgap?: number;
    barmode?: 'group' | 'stack' | 'overlay';
    showlegend?: boolean;
    legend?: Record<string, unknown>;
    paper_bgcolor?: string;
    plot_bgcolor?: string;
    font?: { family?: string; size?: number; color?: string };
    xaxis?: Record<string, unknown>;
    yaxis?: Record<string, unknown>;
    yaxis2?: Record<string, unknown>;
    shapes?: readonly Shape[];
    annotations?: readonly Annotation[];
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
