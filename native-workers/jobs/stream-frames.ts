import type { LiveFrame } from '../../preload/contract/sensors';
import { lttb } from '../ml/stream/decimate';
import type { PipelineFlag } from '../ml/stream/pipeline';

/** Points per field in one frame; more are LTTB-decimated (what a plot can show in ~30 ms anyway). */
export const maxFramePoints = 500;
const maxFrameAnomalies = 200;

/**
 * Collects pipeline outputs between frames and turns them into a LiveFrame:
 * every point when few, else the union of each field's LTTB picks, so peaks
 * of every field survive while all series share one time axis.
 */
export class FrameBuilder {
  private t: number[] = [];
  private values: Record<string, (number | null)[]> = {};
  /** The arrays of `values`, in field order: filled by index, no key lookups per reading. */
  private columns: (number | null)[][] = [];
  private anomalies: { t: number; field: string; reason: string }[] = [];
  private newestArrival = 0;
  private fields: readonly string[];
  private readonly streamId: number;

  constructor(streamId: number, fields: readonly string[]) {
    this.streamId = streamId;
    this.fields = fields;
    this.reset();
  }

  /** The pipeline changed: its outputs may have other names. Call take() first. */
  setFields(fields: readonly string[]): void {
    this.fields = fields;
    this.reset();
  }

  /** One reading's pipeline outputs, in the order of `fields` (Pipeline.step's slots). */
  add(t: number, slots: readonly (number | null)[], flags: readonly PipelineFlag[]): void {
    this.t.push(t);
    const columns = this.columns;
    for (let i = 0; i < columns.length; i++) columns[i].push(slots[i] ?? null);
    if (t > this.newestArrival) this.newestArrival = t;
    for (const flag of flags) {
      if (this.anomalies.length < maxFrameAnomalies) this.anomalies.push({ t, field: flag.field, reason: flag.reason });
    }
  }

  get size(): number {
    return this.t.length;
  }

  take(): LiveFrame | null {
    if (this.t.length === 0) return null;
    const n = this.t.length;
    let t = this.t;
    let series: Record<string, (number | null)[]> = this.values;
    if (n > maxFramePoints) {
      const index = Array.from({ length: n }, (_, i) => i);
      const keep = new Set<number>();
      for (const f of this.fields) for (const i of lttb(index, this.values[f], maxFramePoints).t) keep.add(i);
      const picked = [...keep].sort((a, b) => a - b);
      t = picked.map((i) => this.t[i]);
      series = {};
      for (const f of this.fields) {
        const all = this.values[f];
        series[f] = picked.map((i) => all[i]);
      }
    }
    const frame: LiveFrame = { streamId: this.streamId, t, series, anomalies: this.anomalies, newestArrival: this.newestArrival };
    this.reset();
    return frame;
  }

  private reset(): void {
    this.t = [];
    this.columns = this.fields.map(() => []);
    this.values = Object.fromEntries(this.fields.map((f, i) => [f, this.columns[i]]));
    this.anomalies = [];
    this.newestArrival = 0;
  }
}
