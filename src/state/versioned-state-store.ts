/**
 * The StateStore implementation: one (operator, partition) opened at a version. Reads see, in this order, the
 * batch's own changes, the rollback overlay (only when opened below the newest version) and the latest table
 * (through the page cache). Writes stay in memory until the manager commits them in one write batch.
 *
 * Every key the batch reads or writes gets an entry in one ByteKeyTable; parallel arrays hold the entry's new
 * value (once changed) and its value at `version` ("previous", once known). The undo record and the key count
 * need every change's previous value; the operator almost always read the key just before writing it, so the
 * read already left it in the entry, and the rest are looked up in one sorted pass by `resolvePrevious` (called
 * by `numKeys` and by the commit). So `numKeys` is a sum of counters kept up to date by every change.
 */
import { SluiceError, runtimeError } from '../types/errors.js';
import { ByteKeyTable } from './byte-key-table.js';
import { compareBytes, sortIdsByKey } from './byte-key-sort.js';
import type { LatestTable, StateDbIterator } from './latest-table.js';
import type { SortedChanges } from './page-run-writer.js';
import { StatePage } from './state-page.js';
import type { StateStore, StateStoreMetrics } from './state-store.js';
import type { StorePartition } from './store-partition.js';

/** Rough fixed cost of one entry (table slots, array slots, the key array's header), in bytes. */
export const ENTRY_OVERHEAD_BYTES = 96;
/** How many pages the iterator fetches per round trip (at most SCAN_CHUNK_BYTES of them). */
const SCAN_BATCH = 1024;

/** Entry flags. */
const CHANGED = 1;
const PREVIOUS_KNOWN = 2;

/** What a store opened below the newest version needs: version `version`'s values of the keys changed since. */
export interface RollbackOverlay {
  readonly keys: ByteKeyTable;
  /** By entry id of `keys`: the value at the store's version; undefined = absent. */
  readonly values: readonly (Uint8Array | undefined)[];
  /** Keys of the undo records of the versions above the store's version; a commit deletes them. */
  readonly undoKeys: readonly Buffer[];
  readonly bytes: number;
}

/** A store's changes for its commit: entry ids ascending by key, with their new and previous values. */
export interface StoreChangeSet {
  readonly keys: readonly Uint8Array[];
  readonly values: readonly (Uint8Array | undefined)[];
  readonly previous: readonly (Uint8Array | undefined)[];
  readonly order: Int32Array;
  readonly count: number;
}

/** Commits stores; the manager. */
export interface StoreCommitter {
  commitAll(stores: readonly StateStore[]): Promise<number>;
}

type StoreState = 'open' | 'committing' | 'committed' | 'aborted';

const present = (v: Uint8Array | undefined): number => (v === undefined ? 0 : 1);

export class VersionedStateStore implements StateStore {
  readonly operatorId: number;
  readonly partitionId: number;
  private state: StoreState = 'open';
  private entries = new ByteKeyTable();
  private values: (Uint8Array | undefined)[] = [];
  private previous: (Uint8Array | undefined)[] = [];
  private flags = new Uint8Array(64);
  private numChanged = 0;
  /** Sum over changed entries with a known previous value of (present now ? 1 : 0) - (present before ? 1 : 0). */
  private knownDelta = 0;
  private unknownPrevious = 0;
  private finalMetrics: StateStoreMetrics | undefined;

  constructor(
    readonly committer: StoreCommitter,
    private readonly table: LatestTable,
    readonly partition: StorePartition,
    readonly version: number,
    /** Number of keys at `version`. */
    readonly baseNumKeys: number,
    /** The partition's newest version when this store was opened; a commit requires it unchanged. */
    readonly baseLatest: number,
    readonly overlay: RollbackOverlay | undefined,
  ) {
    this.operatorId = partition.operatorId;
    this.partitionId = partition.partitionId;
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    return (await this.getMany([key]))[0];
  }

  async getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    this.checkOpen('getMany');
    const n = keys.length;
    const ids = new Int32Array(n);
    const pending = new Int32Array(n);
    let numPending = 0;
    for (let i = 0; i < n; i++) {
      const id = this.entryOf(keys[i]!);
      ids[i] = id;
      if ((this.flags[id]! & (CHANGED | PREVIOUS_KNOWN)) === 0) pending[numPending++] = id;
    }
    if (numPending > 0) await this.readPrevious(pending, numPending);
    const out = new Array<Uint8Array | undefined>(n);
    const flags = this.flags;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      out[i] = (flags[id]! & CHANGED) !== 0 ? this.values[id] : this.previous[id];
    }
    return out;
  }

  put(key: Uint8Array, value: Uint8Array): void {
    this.checkOpen('put');
    this.change(key, value);
  }

  remove(key: Uint8Array): void {
    this.checkOpen('remove');
    this.change(key, undefined);
  }

  iterator(): AsyncIterable<[Uint8Array, Uint8Array]> {
    this.checkOpen('iterator');
    // A snapshot of the overrides: changes made while iterating must not show.
    const overrides = this.tableChanges(this.changeSet());
    const keys = new Array<Uint8Array>(overrides.count);
    const values = new Array<Uint8Array | undefined>(overrides.count);
    for (let k = 0; k < overrides.count; k++) {
      const id = overrides.order[k]!;
      keys[k] = overrides.keys[id]!;
      values[k] = overrides.values[id];
    }
    return { [Symbol.asyncIterator]: () => new MergingIterator(this, this.table, keys, values) };
  }

  *updates(): Iterable<[Uint8Array, Uint8Array | undefined]> {
    if (this.state === 'aborted') throw runtimeError(this.misuse('updates', 'aborted'));
    const flags = this.flags;
    for (let id = 0; id < this.entries.size; id++) {
      if ((flags[id]! & CHANGED) !== 0) yield [this.entries.keys[id]!, this.values[id]];
    }
  }

  commit(): Promise<number> {
    return this.committer.commitAll([this]);
  }

  abort(): void {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    this.entries = new ByteKeyTable();
    this.values = [];
    this.previous = [];
    this.flags = new Uint8Array(0);
  }

  async numKeys(): Promise<number> {
    if (this.finalMetrics !== undefined) return this.finalMetrics.numKeys;
    this.checkOpen('numKeys');
    await this.resolvePrevious();
    return this.baseNumKeys + this.knownDelta;
  }

  metrics(): StateStoreMetrics {
    if (this.finalMetrics !== undefined) return this.finalMetrics;
    let numUpdated = 0;
    let numRemoved = 0;
    let bytes = 0;
    const flags = this.flags;
    for (let id = 0; id < this.entries.size; id++) {
      bytes += ENTRY_OVERHEAD_BYTES + this.entries.keys[id]!.length + (this.values[id]?.length ?? 0);
      const f = flags[id]!;
      if ((f & CHANGED) === 0) continue;
      if (this.values[id] !== undefined) numUpdated++;
      else if ((f & PREVIOUS_KNOWN) === 0 || this.previous[id] !== undefined) numRemoved++;
    }
    return {
      numKeys: this.baseNumKeys + this.knownDelta,
      memoryUsedBytes: bytes + (this.overlay?.bytes ?? 0) + this.partition.cachedBytes,
      numUpdated,
      numRemoved,
    };
  }

  /** Looks up, in one sorted pass over the latest table, the previous value of every change not knowing it. */
  async resolvePrevious(): Promise<void> {
    if (this.unknownPrevious === 0) return;
    const pending = new Int32Array(this.unknownPrevious);
    let n = 0;
    const flags = this.flags;
    for (let id = 0; id < this.entries.size; id++) {
      if ((flags[id]! & (CHANGED | PREVIOUS_KNOWN)) === CHANGED) pending[n++] = id;
    }
    await this.readPrevious(pending, n);
  }

  /** The batch's changes sorted by key (their previous values are known after `resolvePrevious`). */
  changeSet(): StoreChangeSet {
    const order = new Int32Array(this.numChanged);
    let n = 0;
    const flags = this.flags;
    for (let id = 0; id < this.entries.size; id++) if ((flags[id]! & CHANGED) !== 0) order[n++] = id;
    sortIdsByKey(this.entries.keys, order, n);
    return { keys: this.entries.keys, values: this.values, previous: this.previous, order, count: n };
  }

  /**
   * What the latest table must take on so that it holds this store's version with the batch's changes: the
   * changes, plus — when the store was opened below the newest version — the overlay's values of the keys the
   * batch did not change (restoring them discards the newer versions).
   */
  tableChanges(changes: StoreChangeSet): SortedChanges {
    const overlay = this.overlay;
    if (overlay === undefined || overlay.keys.size === 0) return changes;
    const restored = new Int32Array(overlay.keys.size);
    let numRestored = 0;
    for (let o = 0; o < overlay.keys.size; o++) {
      const id = this.entries.find(overlay.keys.keys[o]!);
      if (id < 0 || (this.flags[id]! & CHANGED) === 0) restored[numRestored++] = o;
    }
    sortIdsByKey(overlay.keys.keys, restored, numRestored);
    const count = numRestored + changes.count;
    const keys = new Array<Uint8Array>(count);
    const values = new Array<Uint8Array | undefined>(count);
    let a = 0;
    let b = 0;
    for (let k = 0; k < count; k++) {
      const ka = a < numRestored ? overlay.keys.keys[restored[a]!]! : undefined;
      const kb = b < changes.count ? changes.keys[changes.order[b]!]! : undefined;
      if (kb === undefined || (ka !== undefined && compareBytes(ka, kb) < 0)) {
        keys[k] = ka!;
        values[k] = overlay.values[restored[a++]!];
      } else {
        const id = changes.order[b++]!;
        keys[k] = kb;
        values[k] = changes.values[id];
      }
    }
    return { keys, values, order: Int32Array.from({ length: count }, (_, k) => k), count };
  }

  /** Called by the manager under its commit lock: the store stops accepting calls. */
  beginCommit(): void {
    this.checkOpen('commit');
    this.state = 'committing';
  }

  /** Called by the manager when the commit failed: the store may be committed again or aborted. */
  failCommit(): void {
    if (this.state === 'committing') this.state = 'open';
  }

  finishCommit(metrics: StateStoreMetrics): void {
    this.state = 'committed';
    this.finalMetrics = metrics;
  }

  /** Throws unless the store accepts reads and writes. */
  checkOpen(operation: string): void {
    if (this.state !== 'open') throw runtimeError(this.misuse(operation, this.state));
  }

  private misuse(operation: string, state: StoreState): string {
    return `state store of operator ${this.operatorId}, partition ${this.partitionId} (version ${this.version}) `
      + `cannot ${operation}: it is already ${state === 'committing' ? 'being committed' : state}`;
  }

  /** The entry id of `key`, adding an entry (previous value known only if the overlay has the key). */
  private entryOf(key: Uint8Array): number {
    const before = this.entries.size;
    const id = this.entries.findOrAdd(key);
    if (id !== before) return id;
    this.values.push(undefined);
    this.previous.push(undefined);
    if (id === this.flags.length) {
      const grown = new Uint8Array(id * 2);
      grown.set(this.flags);
      this.flags = grown;
    }
    this.flags[id] = 0;
    const overlay = this.overlay;
    if (overlay !== undefined) {
      const o = overlay.keys.find(key);
      if (o >= 0) {
        this.previous[id] = overlay.values[o];
        this.flags[id] = PREVIOUS_KNOWN;
      }
    }
    return id;
  }

  /** Reads the latest table's values of entries `ids[0..n)` and records them as their previous values. */
  private async readPrevious(ids: Int32Array, n: number): Promise<void> {
    const keys = this.entries.keys;
    sortIdsByKey(keys, ids, n);
    const values = await this.table.read(this.partition, keys, ids, n);
    // The store may have been aborted while reading: its arrays are gone then.
    if (keys !== this.entries.keys) return;
    for (let k = 0; k < n; k++) this.settlePrevious(ids[k]!, values[k]);
  }

  private settlePrevious(id: number, value: Uint8Array | undefined): void {
    const f = this.flags[id]!;
    if ((f & PREVIOUS_KNOWN) !== 0) return;
    this.flags[id] = f | PREVIOUS_KNOWN;
    this.previous[id] = value;
    if ((f & CHANGED) !== 0) {
      this.unknownPrevious--;
      this.knownDelta += present(this.values[id]) - present(value);
    }
  }

  private change(key: Uint8Array, value: Uint8Array | undefined): void {
    const id = this.entryOf(key);
    const f = this.flags[id]!;
    if ((f & CHANGED) !== 0) {
      if ((f & PREVIOUS_KNOWN) !== 0) this.knownDelta += present(value) - present(this.values[id]);
    } else {
      this.flags[id] = f | CHANGED;
      this.numChanged++;
      if ((f & PREVIOUS_KNOWN) !== 0) this.knownDelta += present(value) - present(this.previous[id]);
      else this.unknownPrevious++;
    }
    this.values[id] = value;
  }
}

const NEED_FILL = 0;
const DONE = 1;

/**
 * Merges the partition's latest table (a LevelDB scan over its pages) with the store's overrides (overlay and
 * changes, sorted by key): both are in byte order, so one pass yields the live entries in byte order. The scan
 * starts on the first `next()`; LevelDB iterators read an implicit snapshot, so a commit during the iteration does
 * not show. While the caller consumes one chunk of pages, the next is already being read on a worker thread.
 */
class MergingIterator implements AsyncIterator<[Uint8Array, Uint8Array]> {
  private scan: StateDbIterator | undefined;
  private pending: Promise<[Buffer, Buffer][]> | undefined;
  private buffer: [Buffer, Buffer][] = [];
  private pos = 0;
  private page: StatePage | undefined;
  private entry = 0;
  private scanDone = false;
  private overrideIndex = 0;

  constructor(
    private readonly store: VersionedStateStore,
    private readonly table: LatestTable,
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
        const cmp = page === DONE ? 1 : page.compareAt(this.entry, oKey);
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
          const p = this.store.partition;
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
      this.store.checkOpen('iterate');
      this.scan = this.table.scan(this.store.partition);
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
