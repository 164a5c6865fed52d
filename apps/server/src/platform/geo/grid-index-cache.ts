// One GridIndex per district, built on first use and dropped when the district's grids change.
import { GridIndex, type GridShape } from './grid-index.ts';

export class GridIndexCache {
  private readonly built = new Map<string, Promise<GridIndex>>();

  /**
   * The district's index, loading its grids with `loader` only when no index is cached.
   * Concurrent callers share one load; a failed load is forgotten so the next call retries.
   */
  get(districtId: string, loader: () => Promise<readonly GridShape[]>): Promise<GridIndex> {
    let index = this.built.get(districtId);
    if (!index) {
      index = loader().then((grids) => new GridIndex(grids));
      this.built.set(districtId, index);
      index.catch(() => {
        if (this.built.get(districtId) === index) this.built.delete(districtId);
      });
    }
    return index;
  }

  /** Call after grids of the district are added, moved or removed. */
  invalidate(districtId: string): void {
    this.built.delete(districtId);
  }

  clear(): void {
    this.built.clear();
  }
}

/** The process-wide cache the server's modules share. */
export const gridIndexCache = new GridIndexCache();
