export { LivePlot, type LivePlotDraw, type LivePlotHandle, type LivePlotMarker, type LivePlotProps, type LivePlotSeries, type LivePlotView } from './LivePlot';
