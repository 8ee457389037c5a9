import type { Cell } from '../../../preload/contract';
import { fetchRows } from './actions';

type Row = readonly Cell[];

/**
 * Rows of one dataset in fixed-size pages, fetched on demand and kept in a
 * small LRU, so scrolling a million rows holds only what is near the view.
 */
export class PageCache {
  private readonly pages = new Map<number, readonly Row[]>();
  private readonly inflight = new Set<number>();
  private readonly failed = new Set<number>();
  private disposed = false;

  constructor(
    private readonly datasetId: number,
    readonly pageSize: number,
    private readonly onLoad: () => void,
    private readonly onError: (err: unknown) => void,
    private readonly maxPages = 48,
  ) {}

  row(index: number): Row | undefined {
    const page = this.pages.get(Math.floor(index / this.pageSize));
    return page?.[index % this.pageSize];
  }

  ensure(pageIndexes: readonly number[]): void {
    for (const p of pageIndexes) {
      const have = this.pages.get(p);
      if (have) {
        // Refresh recency.
        this.pages.delete(p);
        this.pages.set(p, have);
        continue;
      }
      if (this.inflight.has(p) || this.failed.has(p)) continue;
      this.inflight.add(p);
      fetchRows(this.datasetId, p * this.pageSize, this.pageSize).then(
        (page) => {
          this.inflight.delete(p);
          if (this.disposed) return;
          this.pages.set(p, page.rows);
          while (this.pages.size > this.maxPages) {
            const oldest = this.pages.keys().next().value;
            if (oldest === undefined) break;
            this.pages.delete(oldest);
          }
          this.onLoad();
        },
        (err: unknown) => {
          this.inflight.delete(p);
          // Don't hammer the host with a page that fails; the error is shown once.
          this.failed.add(p);
          if (!this.disposed) this.onError(err);
        },
      );
    }
  }

  dispose(): void {
    this.disposed = true;
  }
}
