import type { WindowAggregation, WindowRow } from '../../preload/contract/sensors';
import { Enricher, RecordWindows } from '../ml/stream/windows';
import type { Value } from '../ml/stream/protocols';
import type { Db } from '../project/open';
import { lateRowWriter, lookupDataset, openWindowDataset, windowRowWriter, type LateRow, type WindowRowWriter } from '../project/stream-windows';

/** Rows held for the next frame; older ones are only stored (the live table shows the latest). */
const frameRowLimit = 200;

interface Running {
  readonly spec: WindowAggregation;
  readonly windows: RecordWindows;
  readonly pending: WindowRow[];
  readonly late: LateRow[];
  writer: WindowRowWriter | null;
  lateWriter: ((rows: readonly LateRow[]) => void) | null;
}

/**
 * A stream's windowed aggregations in the worker: readings in, window rows out to their datasets
 * (on flush, with the readings) and to the next live frame; kept late events to a dataset of their own.
 */
export class StreamWindows {
  private running: Running[] = [];
  /** Replaced aggregations whose last rows are not stored yet. */
  private retired: Running[] = [];
  private forFrame: WindowRow[] = [];
  /** Rows stored since start, over all aggregations. */
  stored = 0;

  constructor(
    private readonly db: Db,
    private readonly streamId: number,
    private readonly streamName: string,
  ) {}

  /**
   * Sets the aggregations (a pipeline change). One whose spec is unchanged keeps running (an edited
   * transform must not cut its open windows short); the others are closed, their windows emitted.
   */
  set(specs: readonly WindowAggregation[]): void {
    const same = new Map(this.running.map((r) => [JSON.stringify(r.spec), r]));
    // Built first: an enrichment that cannot load leaves the running aggregations as they were.
    const next = specs.map((spec): Running => {
      const kept = same.get(JSON.stringify(spec));
      if (kept) return kept;
      const enricher = spec.enrich ? enricherFor(this.db, spec) : null;
      const pending: WindowRow[] = [];
      const late: LateRow[] = [];
      const windows = new RecordWindows(
        spec,
        {
          result: (row) => {
            const out: WindowRow = { window: spec.name, ...row };
            pending.push(out);
            this.forFrame.push(out);
            if (this.forFrame.length > frameRowLimit) this.forFrame.splice(0, this.forFrame.length - frameRowLimit);
          },
          late: (e) => late.push({ t: e.t, key: e.key, values: e.values.map((x) => (Number.isNaN(x) ? null : x)) }),
        },
        enricher,
      );
      return { spec, windows, pending, late, writer: null, lateWriter: null };
    });
    const gone = this.running.filter((r) => !next.includes(r));
    for (const r of gone) r.windows.operator.flush();
    this.retired.push(...gone);
    this.running = next;
  }

  get active(): boolean {
    return this.running.length > 0;
  }

  /** Rows or late events emitted and not stored yet. */
  get pending(): boolean {
    return [...this.retired, ...this.running].some((r) => r.pending.length > 0 || r.late.length > 0);
  }

  /** Late events over all aggregations (kept or dropped). */
  get late(): number {
    return this.running.reduce((n, r) => n + r.windows.operator.late, 0);
  }

  add(arrivedAt: number, record: Readonly<Record<string, Value>>): void {
    for (const r of this.running) r.windows.add(arrivedAt, record);
  }

  /** Stores the rows emitted since the last flush (throws when the project is busy: the rows stay pending). */
  flush(): void {
    for (const r of [...this.retired, ...this.running]) {
      const plan = r.windows.operator.plan;
      const shape = { streamId: this.streamId, streamName: this.streamName, window: r.spec.name, keys: r.spec.groupBy, aggregates: plan.names };
      if (r.pending.length > 0) {
        if (!r.writer) r.writer = windowRowWriter(this.db, openWindowDataset(this.db, shape, r.pending[0]).id, r.spec.groupBy.length, plan.names.length);
        r.writer(r.pending);
        this.stored += r.pending.length;
        r.pending.length = 0;
      }
      if (r.late.length > 0) {
        r.lateWriter ??= lateRowWriter(this.db, shape, plan.fields, r.late[0]);
        r.lateWriter(r.late);
        r.late.length = 0;
      }
    }
    this.retired = [];
  }

  /** Rows emitted since the last frame. */
  takeRows(): WindowRow[] | null {
    if (this.forFrame.length === 0) return null;
    const rows = this.forFrame;
    this.forFrame = [];
    return rows;
  }

  /** End of the stream (or of these aggregations): every open window is emitted. Call flush() after. */
  close(): void {
    for (const r of this.running) r.windows.operator.flush();
  }
}

function enricherFor(db: Db, spec: WindowAggregation): Enricher {
  const enrich = spec.enrich;
  if (!enrich) throw new Error('enricherFor without enrich');
  const { names, rows } = lookupDataset(db, enrich.datasetId);
  return new Enricher(enrich, names, rows);
}
