import type { WindowAggregation } from '../../../../preload/contract/sensors';
import { toNumber } from '../pipeline';
import type { Value } from '../protocols';
import type { Enricher } from './enrich';
import { WindowOperator, type LateEvent, type WindowResult } from './operator';
import type { KeyPart } from './types';

/** Below this, an event-time field is read as seconds (as the replay source reads its time column). */
const secondsBelow = 1e11;

/**
 * A windowed aggregation over records (the stream pipeline's output): picks
 * the event time, the key and the aggregated fields out of each record,
 * enriched first when the aggregation joins a dataset.
 */
export class RecordWindows {
  readonly operator: WindowOperator;
  /** Events whose time field was missing or not a number: counted, not aggregated. */
  untimed = 0;
  private readonly values: Float64Array;

  constructor(
    readonly spec: WindowAggregation,
    sink: { result(row: WindowResult): void; late?(event: LateEvent): void },
    private readonly enricher: Enricher | null = null,
  ) {
    this.operator = new WindowOperator(spec, sink);
    this.values = new Float64Array(this.operator.plan.fields.length);
  }

  /** arrivedAt (ms) is the event time when the aggregation names no time field; the field holds ms, s (below 1e11) or ISO 8601 text. */
  add(arrivedAt: number, record: Readonly<Record<string, Value>>): void {
    let get = (name: string): Value | undefined => (Object.hasOwn(record, name) ? record[name] : undefined);
    // A lookup only when enriching: this runs per event.
    if (this.enricher) {
      const extra = this.enricher.lookup(get(this.enricher.spec.on));
      const columns = this.enricher.columns;
      const base = get;
      get = (name) => {
        const i = extra ? columns.indexOf(name) : -1;
        return i >= 0 && extra ? extra[i] : base(name);
      };
    }
    let t = arrivedAt;
    if (this.spec.timeField) {
      const value = get(this.spec.timeField);
      const raw = toNumber(value);
      // An ISO 8601 text (as JSON payloads often carry) is read as the instant it names.
      const parsed = raw === null && typeof value === 'string' ? Date.parse(value) : NaN;
      if (raw === null && Number.isNaN(parsed)) {
        this.untimed++;
        return;
      }
      t = raw === null ? parsed : Math.abs(raw) < secondsBelow ? raw * 1000 : raw;
    }
    const groupBy = this.spec.groupBy;
    const key = new Array<KeyPart>(groupBy.length);
    for (let i = 0; i < groupBy.length; i++) key[i] = get(groupBy[i]) ?? null;
    const fields = this.operator.plan.fields;
    for (let i = 0; i < fields.length; i++) this.values[i] = toNumber(get(fields[i])) ?? NaN;
    this.operator.add(t, key, this.values);
  }
}
