/**
 * The latest table — every partition's newest committed version, stored as pages of sorted entries
 * (`02 op part lo → entries`, see state-store-layout.ts) — read through the page cache and rewritten page by page
 * at commit. Reads and writes take their keys sorted: one walk over the page index finds each key's page, one
 * LevelDB multi-get fetches the pages not cached, and a galloping search finds the keys in each page.
 *
 * A read that had to go to LevelDB checks the partition's epoch afterwards: if a commit ran meanwhile, the pages
 * it looked up may have been replaced or deleted, so it starts over on the new page index (and does not cache
 * what it read).
 */
import type { ChainedBatch, Iterator as LevelIterator, Level } from 'level';
import { SluiceError } from '../types/errors.js';
import { compareBytesAt, type SortedKeys } from './byte-key-sort.js';
import type { PageCache } from './page-cache.js';
import { PageRunWriter, type SortedChanges, type UndoSink } from './page-run-writer.js';
import { PageRef, StatePage } from './state-page.js';
import { scratchInts } from './scratch-space.js';
import { PAGE_RANGE, decodePageKey, pageKey } from './state-store-layout.js';
import type { StorePartition } from './store-partition.js';

export type StateDb = Level<Buffer, Buffer>;
export type StateDbIterator = LevelIterator<StateDb, Buffer, Buffer>;
export type StateDbBatch = ChainedBatch<StateDb, Buffer, Buffer>;

/**
 * A multi-get of more pages than this is split into concurrent LevelDB requests: classic-level runs each on a
 * libuv worker thread, so a large cold read uses every core instead of one.
 */
const SPLIT_READ_PAGES = 64;
const MAX_CONCURRENT_READS = 4;
/** How much a scan reads per round trip (classic-level's default of 16 KiB is a round trip per few pages). */
const SCAN_CHUNK_BYTES = 1 << 20;
/** How many page keys loading the page index reads per round trip. */
const INDEX_BATCH = 4096;

const EMPTY = new Uint8Array(0);
const EMPTY_PAGE = new StatePage(EMPTY, new Int32Array(0));

export function ioError(action: string, err: unknown): SluiceError {
  const detail = err instanceof Error ? err.message : String(err);
  return new SluiceError('IO_ERROR', `state store: ${action} failed: ${detail}`);
}

function corruptError(p: StorePartition, detail: string): SluiceError {
  return new SluiceError('CHECKPOINT_ERROR', `state store is damaged: operator ${p.operatorId}, partition `
    + `${p.partitionId}: ${detail}`);
}

/** What a commit will make of a partition's page index once its write batch is durable. */
export interface PageIndexEdit {
  readonly pages: PageRef[];
  /** Pages of the old index that the new one no longer has. */
  readonly replaced: readonly PageRef[];
  /** Pages of the new index that the commit wrote, with their content. */
  readonly written: readonly { readonly ref: PageRef; readonly page: StatePage }[];
}

/** The pages a commit rewrites, found and loaded (see LatestTable.loadForWrite). */
export interface PagesToWrite {
  /** The partition's page index (or, for a partition without pages, its future first page). */
  readonly pages: readonly PageRef[];
  readonly positions: readonly number[];
  readonly pageOfKey: Int32Array;
  readonly contents: readonly StatePage[];
}

/** Where the values of sorted keys are (see LatestTable.lookup). */
export interface PageLookup {
  readonly pages: readonly StatePage[];
  readonly pageOf: Int32Array;
  readonly valueStart: Int32Array;
  readonly valueEnd: Int32Array;
  /** The pages the keys fall into, as a commit of the same keys needs them; undefined without pages. */
  readonly located: PagesToWrite | undefined;
}

/** The pages a sorted list of keys falls into: `positions` (ascending, distinct) and, per key, an index into it. */
interface PageAssignment {
  readonly positions: number[];
  readonly pageOfKey: Int32Array;
}

export class LatestTable {
  constructor(
    private readonly db: StateDb,
    private readonly cache: PageCache,
  ) {}

  /** Reads every partition's page index (at open). */
  async loadIndex(partition: (operatorId: number, partitionId: number) => StorePartition): Promise<void> {
    const it = this.db.keys({ gte: PAGE_RANGE.gte, lt: PAGE_RANGE.lt });
    try {
      for (;;) {
        const keys = await it.nextv(INDEX_BATCH);
        if (keys.length === 0) break;
        for (const key of keys) {
          const decoded = decodePageKey(key);
          if (decoded === undefined) continue;
          const p = partition(decoded.operatorId, decoded.partitionId);
          if (p.pages.length === 0 && decoded.lo.length !== 0) throw corruptError(p, 'its first page is missing');
          p.pages.push(new PageRef(decoded.lo, key));
        }
      }
    } catch (err) {
      if (err instanceof SluiceError) throw err;
      throw ioError('reading the page index', err);
    } finally {
      await it.close();
    }
  }

  /**
   * Looks the sorted keys up at the partition's latest version and hands `consume` where their values are: key
   * k's value is `pages[pageOf[k]].bytes[valueStart[k], valueEnd[k])`, or absent when valueStart[k] is -1.
   * Positions, not views, so the caller makes the views in the order it will use them; the arrays are scratch,
   * valid only during `consume`, unless `keep` asks for arrays of the caller's own.
   */
  async lookup(
    p: StorePartition,
    keys: SortedKeys,
    consume: (found: PageLookup) => void,
    keep = false,
  ): Promise<void> {
    const n = keys.count;
    for (;;) {
      const pages = p.pages;
      const epoch = p.epoch;
      const located = pages.length === 0 || n === 0 ? undefined : locate(pages, keys);
      const contents = located === undefined
        ? []
        : await this.load(p, located.positions.map((pos) => pages[pos]!), epoch, true);
      if (contents === undefined) continue;
      const valueStart = keep ? new Int32Array(n) : scratchInts('lookupStarts', n);
      const valueEnd = keep ? new Int32Array(n) : scratchInts('lookupEnds', n);
      valueStart.fill(-1);
      if (located !== undefined) {
        const pageOfKey = located.pageOfKey;
        const { bytes, offsets } = keys;
        let from = 0;
        let current = -1;
        for (let k = 0; k < n; k++) {
          const j = pageOfKey[k]!;
          if (j !== current) {
            current = j;
            from = 0;
          }
          const page = contents[j]!;
          const found = page.search(bytes, offsets[k]!, offsets[k + 1]!, from);
          if (found >= 0) {
            valueEnd[k] = page.valueEndAt(found);
            valueStart[k] = page.valueStartAt(found);
            from = found + 1;
          } else {
            from = -found - 1;
          }
        }
      }
      // Without pages every key is absent and pageOf is never read.
      consume({
        pages: contents, pageOf: located?.pageOfKey ?? valueEnd, valueStart, valueEnd,
        located: located === undefined
          ? undefined
          : { pages, positions: located.positions, pageOfKey: located.pageOfKey, contents },
      });
      return;
    }
  }

  /**
   * The first half of a commit's page writes: finds the pages the sorted keys fall into and loads those not
   * cached. Runs under the manager's commit lock. `known` is what a lookup of the same keys found: still right
   * when the partition's page index is the one it searched (an index is replaced, never changed, and pages
   * are never modified).
   */
  async loadForWrite(p: StorePartition, keys: SortedKeys, known: PagesToWrite | undefined): Promise<PagesToWrite> {
    if (known !== undefined && known.pages === p.pages) return known;
    const pages = p.pages.length > 0 ? p.pages : [new PageRef(EMPTY, pageKey(p.pagePrefix, EMPTY))];
    const { positions, pageOfKey } = locate(pages, keys);
    const contents = p.pages.length > 0
      ? await this.load(p, positions.map((pos) => pages[pos]!), p.epoch, false)
      : [EMPTY_PAGE];
    if (contents === undefined) throw corruptError(p, 'its pages changed during a commit');
    return { pages, positions, pageOfKey, contents };
  }

  /**
   * The second half: adds to `batch` the page writes that apply `changes` (the same sorted keys, with values) to
   * the loaded pages, and returns the page index they produce, to `install` once the batch is durable. `undo`,
   * when given, receives the latest version's value of every key the changes alter.
   */
  writePages(
    p: StorePartition,
    batch: StateDbBatch,
    loaded: PagesToWrite,
    changes: SortedChanges,
    undo: UndoSink | undefined,
  ): PageIndexEdit {
    const { pages, positions, pageOfKey, contents } = loaded;
    const count = changes.keys.count;
    const changeStart = new Array<number>(positions.length).fill(count);
    const changeEnd = new Array<number>(positions.length).fill(0);
    for (let k = 0; k < count; k++) {
      const j = pageOfKey[k]!;
      if (k < changeStart[j]!) changeStart[j] = k;
      changeEnd[j] = k + 1;
    }
    const writer = new PageRunWriter(changes, undo);
    const next: PageRef[] = [];
    const replaced: PageRef[] = [];
    const written: { ref: PageRef; page: StatePage }[] = [];
    let kept = 0;
    for (let r = 0; r < positions.length;) {
      // A run: touched pages at consecutive positions.
      let end = r + 1;
      while (end < positions.length && positions[end] === positions[end - 1]! + 1) end++;
      const first = positions[r]!;
      const runRefs = pages.slice(first, first + (end - r));
      const out = writer.write(contents.slice(r, end), runRefs.map((ref) => ref.lo),
        changeStart.slice(r, end), changeEnd.slice(r, end), first === 0);
      if (out !== undefined) {
        for (let i = kept; i < first; i++) next.push(pages[i]!);
        kept = first + runRefs.length;
        const oldByLo = new Map(runRefs.map((ref) => [ref.lo, ref]));
        const reused = new Set<Uint8Array>();
        for (const w of out) {
          const old = oldByLo.get(w.lo);
          const ref = new PageRef(w.lo, old !== undefined ? old.dbKey : pageKey(p.pagePrefix, w.lo));
          batch.put(ref.dbKey, Buffer.from(w.bytes.buffer, w.bytes.byteOffset, w.bytes.length));
          reused.add(w.lo);
          next.push(ref);
          written.push({ ref, page: new StatePage(w.bytes, w.starts) });
        }
        for (const ref of runRefs) {
          if (!reused.has(ref.lo) && p.pages.length > 0) batch.del(ref.dbKey);
          replaced.push(ref);
        }
      }
      r = end;
    }
    if (kept === 0 && written.length === 0) return { pages: p.pages, replaced, written };
    for (let i = kept; i < pages.length; i++) next.push(pages[i]!);
    return { pages: next, replaced, written };
  }

  /** Makes a prepared page index the partition's, caching the pages the commit wrote. */
  install(p: StorePartition, edit: PageIndexEdit): void {
    for (const ref of edit.replaced) this.cache.release(p, ref);
    p.pages = edit.pages;
    for (const { ref, page } of edit.written) this.cache.admit(p, ref, page);
    this.cache.trim();
  }

  /** An iterator over the partition's pages in key order (keys are page keys, values encoded pages). */
  scan(p: StorePartition): StateDbIterator {
    return this.db.iterator({ gte: p.pagePrefix, lt: p.pageEnd, highWaterMarkBytes: SCAN_CHUNK_BYTES });
  }

  /**
   * The content of each of `refs` — from the cache, or read from LevelDB in one multi-get (and cached when
   * `admit`) — or undefined when a commit of the partition moved its epoch away from `epoch` while reading.
   */
  private async load(
    p: StorePartition,
    refs: readonly PageRef[],
    epoch: number,
    admit: boolean,
  ): Promise<StatePage[] | undefined> {
    const contents = new Array<StatePage>(refs.length);
    const missing: number[] = [];
    for (let j = 0; j < refs.length; j++) {
      const ref = refs[j]!;
      const page = ref.content;
      if (page === undefined) {
        missing.push(j);
      } else {
        ref.referenced = true;
        contents[j] = page;
      }
    }
    if (missing.length === 0) return contents;
    const values = await this.getMany(missing.map((j) => refs[j]!.dbKey));
    if (p.epoch !== epoch) return undefined;
    for (let m = 0; m < missing.length; m++) {
      const j = missing[m]!;
      const bytes = values[m];
      if (bytes === undefined) throw corruptError(p, 'a page of its index is missing');
      const page = StatePage.parse(bytes);
      if (page === undefined) throw corruptError(p, 'a page is unreadable');
      contents[j] = page;
      if (admit) this.cache.admit(p, refs[j]!, page);
    }
    if (admit) this.cache.trim();
    return contents;
  }

  private async getMany(keys: Buffer[]): Promise<(Buffer | undefined)[]> {
    try {
      if (keys.length < SPLIT_READ_PAGES) return await this.db.getMany(keys);
      const parts = Math.min(MAX_CONCURRENT_READS, Math.ceil(keys.length / SPLIT_READ_PAGES));
      const size = Math.ceil(keys.length / parts);
      const pending: Promise<(Buffer | undefined)[]>[] = [];
      for (let s = 0; s < keys.length; s += size) pending.push(this.db.getMany(keys.slice(s, s + size)));
      return (await Promise.all(pending)).flat();
    } catch (err) {
      throw ioError('read', err);
    }
  }
}

/** The page of each sorted key — the last page whose lo is ≤ the key — found by galloping over the index. */
function locate(pages: readonly PageRef[], keys: SortedKeys): PageAssignment {
  const positions: number[] = [];
  const n = keys.count;
  const { bytes, offsets } = keys;
  const pageOfKey = new Int32Array(n);
  const m = pages.length;
  let cur = 0;
  for (let k = 0; k < n; k++) {
    const start = offsets[k]!;
    const len = offsets[k + 1]! - start;
    if (cur + 1 < m && compareBytesAt(pages[cur + 1]!.lo, bytes, start, len) <= 0) {
      // pages[lo].lo ≤ key; find the first hi with pages[hi].lo > key (or m), then binary search between.
      let lo = cur + 1;
      let hi = lo + 1;
      let step = 2;
      while (hi < m && compareBytesAt(pages[hi]!.lo, bytes, start, len) <= 0) {
        lo = hi;
        hi += step;
        step *= 2;
      }
      if (hi > m) hi = m;
      while (hi - lo > 1) {
        const mid = (lo + hi) >>> 1;
        if (compareBytesAt(pages[mid]!.lo, bytes, start, len) <= 0) lo = mid;
        else hi = mid;
      }
      cur = lo;
    }
    if (positions.length === 0 || positions[positions.length - 1] !== cur) positions.push(cur);
    pageOfKey[k] = positions.length - 1;
  }
  return { positions, pageOfKey };
}
