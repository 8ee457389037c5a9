import { rowInserter, type Bindable, type RowInserter } from './rows';
import type { Db } from './open';

export type { Bindable } from './rows';

/**
 * Appends rows with the data layer's multi-row INSERTs (see rowInserter): buffers values until a
 * statement's worth of rows is set, then writes them in one call. Use run() inside a transaction.
 */
export class BatchInserter {
  private readonly width: number;
  private readonly perStatement: number;
  private readonly insert: RowInserter;
  private readonly batch: Bindable[];
  private inBatch = 0;

  constructor(db: Db, table: string, columns: readonly string[] | null, width: number) {
    this.width = width;
    this.insert = rowInserter(db, table, columns, width);
    this.perStatement = this.insert.rowsPerStatement;
    this.batch = new Array<Bindable>(width * this.perStatement);
  }

  /** Sets value `column` of the row being built; commitRow() when all `width` are set. */
  set(column: number, value: Bindable | undefined): void {
    this.batch[this.inBatch * this.width + column] = value === undefined ? null : value;
  }

  commitRow(): void {
    if (++this.inBatch === this.perStatement) {
      this.insert.many(this.batch);
      this.inBatch = 0;
    }
  }

  /**
   * Runs `fill` (set() and commitRow() per row) and writes the partly filled
   * last batch. A failure (e.g. SQLITE_BUSY, rolling the transaction back)
   * leaves no half-built batch behind for the next run.
   */
  run(fill: () => void): void {
    this.inBatch = 0;
    try {
      fill();
      for (let r = 0; r < this.inBatch; r++) this.insert.one(this.batch.slice(r * this.width, (r + 1) * this.width));
    } finally {
      this.inBatch = 0;
    }
  }
}
