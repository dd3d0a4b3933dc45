/**
 * A store's iterator: merges the partition's latest table (a LevelDB scan over its pages) with the store's
 * overrides (overlay and changes, sorted by key). Both are in byte order, so one pass yields the live entries in
 * byte order. The scan starts on the first `next()`; LevelDB iterators read an implicit snapshot, so a commit
 * during the iteration does not show. While the caller consumes one chunk of pages, the next is already being
 * read on a worker thread.
 */
import { SluiceError } from '../types/errors.js';
import type { LatestTable, StateDbIterator } from './latest-table.js';
import { StatePage } from './state-page.js';
import type { StorePartition } from './store-partition.js';

/** How many pages the iterator fetches per round trip (at most the table's scan chunk of them). */
const SCAN_BATCH = 1024;
const NEED_FILL = 0;
const DONE = 1;

export class MergingIterator implements AsyncIterator<[Uint8Array, Uint8Array]> {
  private scan: StateDbIterator | undefined;
  private pending: Promise<[Buffer, Buffer][]> | undefined;
  private buffer: [Buffer, Buffer][] = [];
  private pos = 0;
  private page: StatePage | undefined;
  private entry = 0;
  private scanDone = false;
  private overrideIndex = 0;

  constructor(
    private readonly table: LatestTable,
    private readonly partition: StorePartition,
    /** Throws unless the store being iterated is still usable. */
    private readonly checkOpen: () => void,
    private readonly overrideKeys: readonly Uint8Array[],
    private readonly overrideValues: readonly (Uint8Array | undefined)[],
  ) {}

  next(): Promise<IteratorResult<[Uint8Array, Uint8Array]>> {
    const r = this.step();
    return r !== undefined ? Promise.resolve(r) : this.fillAndStep();
  }

  async return(): Promise<IteratorResult<[Uint8Array, Uint8Array]>> {
    await this.close();
    return { done: true, value: undefined };
  }

  /** The next result from what is buffered; undefined when the scan must be read further first. */
  private step(): IteratorResult<[Uint8Array, Uint8Array]> | undefined {
    for (;;) {
      const page = this.currentPage();
      if (page === NEED_FILL) return undefined;
      if (this.overrideIndex < this.overrideKeys.length) {
        const oKey = this.overrideKeys[this.overrideIndex]!;
        const cmp = page === DONE ? 1 : page.compareAt(this.entry, oKey, 0, oKey.length);
        if (cmp < 0) return this.tableEntry(page as StatePage);
        if (cmp === 0) this.entry++;
        const v = this.overrideValues[this.overrideIndex++];
        if (v !== undefined) return { done: false, value: [oKey, v] };
        continue;
      }
      if (page === DONE) return { done: true, value: undefined };
      return this.tableEntry(page);
    }
  }

  private tableEntry(page: StatePage): IteratorResult<[Uint8Array, Uint8Array]> {
    const e = this.entry++;
    return { done: false, value: [page.keyAt(e), page.valueAt(e)] };
  }

  /** The page holding the next table entry; NEED_FILL when the scan must be read first, DONE at its end. */
  private currentPage(): StatePage | typeof NEED_FILL | typeof DONE {
    while (this.page === undefined || this.entry >= this.page.count) {
      if (this.pos < this.buffer.length) {
        const page = StatePage.parse(this.buffer[this.pos++]![1]);
        if (page === undefined) {
          const p = this.partition;
          throw new SluiceError('CHECKPOINT_ERROR', `state store is damaged: operator ${p.operatorId}, partition `
            + `${p.partitionId}: a page is unreadable`);
        }
        this.page = page;
        this.entry = 0;
      } else {
        return this.scanDone ? DONE : NEED_FILL;
      }
    }
    return this.page;
  }

  private async fillAndStep(): Promise<IteratorResult<[Uint8Array, Uint8Array]>> {
    for (;;) {
      await this.fill();
      const r = this.step();
      if (r !== undefined) return r;
    }
  }

  private async fill(): Promise<void> {
    if (this.scan === undefined) {
      this.checkOpen();
      this.scan = this.table.scan(this.partition);
      this.pending = this.scan.nextv(SCAN_BATCH);
    }
    this.buffer = await this.pending!;
    this.pos = 0;
    if (this.buffer.length === 0) {
      this.pending = undefined;
      await this.close();
    } else {
      this.pending = this.scan.nextv(SCAN_BATCH);
    }
  }

  private async close(): Promise<void> {
    if (this.scanDone) return;
    this.scanDone = true;
    if (this.scan === undefined) return;
    await this.pending?.catch(() => undefined);
    await this.scan.close();
  }
}
