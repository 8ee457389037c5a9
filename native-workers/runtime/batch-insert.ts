import type Database from 'better-sqlite3';

export type Bindable = string | number | bigint | Buffer | null;

/**
 * Appends rows with multi-row INSERT statements (up to 200 rows, ~4,000 values
 * each): crossing into SQLite once per row dominates the cost of narrow rows.
 * Use run() inside a transaction.
 */
export class BatchInserter {
  private readonly width: number;
  private readonly perStatement: number;
  private readonly one: Database.Statement;
  private readonly many: Database.Statement;
  private readonly batch: Bindable[];
  private inBatch = 0;

  constructor(db: Database.Database, table: string, columns: readonly string[] | null, width: number) {
    this.width = width;
    this.perStatement = Math.max(1, Math.min(200, Math.floor(4000 / width)));
    const tuple = `(${new Array<string>(width).fill('?').join(', ')})`;
    const head = `INSERT INTO ${table}${columns ? ` (${columns.join(', ')})` : ''} VALUES `;
    this.one = db.prepare(head + tuple);
    this.many = db.prepare(head + new Array<string>(this.perStatement).fill(tuple).join(', '));
    this.batch = new Array<Bindable>(width * this.perStatement);
  }

  /** Sets value `column` of the row being built; commitRow() when all `width` are set. */
  set(column: number, value: Bindable | undefined): void {
    this.batch[this.inBatch * this.width + column] = value === undefined ? null : value;
  }

  commitRow(): void {
    if (++this.inBatch === this.perStatement) {
      this.many.run(this.batch);
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
      for (let r = 0; r < this.inBatch; r++) this.one.run(this.batch.slice(r * this.width, (r + 1) * this.width));
    } finally {
      this.inBatch = 0;
    }
  }
}
