/**
 * The StateStore implementation: one (operator, partition) opened at a version. Reads see, in this order, the
 * batch's buffered changes, the rollback overlay (only when opened below the newest version) and the latest
 * table through the hot-key cache. Writes stay in memory until the manager commits them in one write batch.
 *
 * For the undo record and the key count, every change must know the key's value at `version` ("previous").
 * Most changes learn it for free when they are made — the operator read the key just before, so it sits in the
 * overlay or the cache; the rest are looked up in one multi-get by `resolvePrevious` (called by `numKeys` and by
 * the commit).
 */
import { runtimeError } from '../types/errors.js';
import { keyString } from './hot-key-cache.js';
import type { LatestTable, StateDbIterator } from './latest-table.js';
import type { StateStore, StateStoreMetrics } from './state-store.js';
import type { StorePartition } from './store-partition.js';

/** Rough fixed cost of one buffered change or overlay entry, in bytes. */
export const CHANGE_OVERHEAD_BYTES = 96;
/** How many LevelDB entries the iterator fetches per round trip (at most SCAN_CHUNK_BYTES of them). */
const SCAN_BATCH = 4096;

export interface OverlayEntry {
  readonly key: Uint8Array;
  /** The key's value at the store's version; undefined = absent. */
  readonly value: Uint8Array | undefined;
}

/** What a store opened below the newest version needs: version `version`'s values of the keys changed since. */
export interface RollbackOverlay {
  /** Keyed by latin1 key string. */
  readonly entries: ReadonlyMap<string, OverlayEntry>;
  /** Keys of the undo records of the versions above the store's version; a commit deletes them. */
  readonly undoKeys: readonly Buffer[];
  readonly bytes: number;
}

export interface StoreChange {
  key: Uint8Array;
  /** The new value; undefined = removed. */
  value: Uint8Array | undefined;
  /** The value at the store's version, once `previousKnown`. */
  previous: Uint8Array | undefined;
  previousKnown: boolean;
}

/** Commits stores; the manager. */
export interface StoreCommitter {
  commitAll(stores: readonly StateStore[]): Promise<number>;
}

type StoreState = 'open' | 'committing' | 'committed' | 'aborted';

export class VersionedStateStore implements StateStore {
  readonly operatorId: number;
  readonly partitionId: number;
  readonly changes = new Map<string, StoreChange>();
  private state: StoreState = 'open';
  private changeBytes = 0;
  /** Sum over changes with a known previous value of (present now ? 1 : 0) - (present before ? 1 : 0). */
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
    this.checkOpen('get');
    const s = keyString(key);
    const c = this.changes.get(s);
    if (c !== undefined) return c.value;
    const o = this.overlay?.entries.get(s);
    if (o !== undefined) return o.value;
    return this.table.read(this.partition, s, key);
  }

  async getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    this.checkOpen('getMany');
    const n = keys.length;
    const out = new Array<Uint8Array | undefined>(n);
    const changes = this.changes.size > 0 ? this.changes : undefined;
    const overlay = this.overlay !== undefined && this.overlay.entries.size > 0 ? this.overlay.entries : undefined;
    const missIndex: number[] = [];
    const missStrs: string[] = [];
    const missKeys: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const s = keyString(key);
      if (changes !== undefined) {
        const c = changes.get(s);
        if (c !== undefined) { out[i] = c.value; continue; }
      }
      if (overlay !== undefined) {
        const o = overlay.get(s);
        if (o !== undefined) { out[i] = o.value; continue; }
      }
      missIndex.push(i);
      missStrs.push(s);
      missKeys.push(key);
    }
    if (missIndex.length === 0) return out;
    if (missIndex.length === n) return this.table.readMany(this.partition, missStrs, missKeys);
    const values = await this.table.readMany(this.partition, missStrs, missKeys);
    for (let j = 0; j < missIndex.length; j++) out[missIndex[j]!] = values[j];
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
    const overrides = new Map<string, OverlayEntry>();
    if (this.overlay !== undefined) for (const [s, e] of this.overlay.entries) overrides.set(s, e);
    for (const [s, c] of this.changes) overrides.set(s, c);
    const sorted = [...overrides.keys()].sort();
    const keys = new Array<Uint8Array>(sorted.length);
    const values = new Array<Uint8Array | undefined>(sorted.length);
    for (let i = 0; i < sorted.length; i++) {
      const e = overrides.get(sorted[i]!)!;
      keys[i] = e.key;
      values[i] = e.value;
    }
    return { [Symbol.asyncIterator]: () => new MergingIterator(this, this.table, keys, values) };
  }

  *updates(): Iterable<[Uint8Array, Uint8Array | undefined]> {
    if (this.state === 'aborted') throw runtimeError(this.misuse('updates', 'aborted'));
    for (const c of this.changes.values()) yield [c.key, c.value];
  }

  commit(): Promise<number> {
    return this.committer.commitAll([this]);
  }

  abort(): void {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    this.changes.clear();
    this.changeBytes = 0;
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
    for (const c of this.changes.values()) {
      if (c.value !== undefined) numUpdated++;
      else if (!c.previousKnown || c.previous !== undefined) numRemoved++;
    }
    return {
      numKeys: this.baseNumKeys + this.knownDelta,
      memoryUsedBytes: this.changeBytes + (this.overlay?.bytes ?? 0) + this.partition.cache.bytes,
      numUpdated,
      numRemoved,
    };
  }

  /** Looks up, in one multi-get, the previous value of every change that does not know it yet. */
  async resolvePrevious(): Promise<void> {
    if (this.unknownPrevious === 0) return;
    const pending: StoreChange[] = [];
    const strs: string[] = [];
    const keys: Uint8Array[] = [];
    for (const [s, c] of this.changes) {
      if (c.previousKnown) continue;
      pending.push(c);
      strs.push(s);
      keys.push(c.key);
    }
    // The commit caches the new values of these keys, so their old ones need not be.
    const values = await this.table.readMany(this.partition, strs, keys, false);
    for (let i = 0; i < pending.length; i++) {
      const c = pending[i]!;
      if (c.previousKnown) continue;
      c.previous = values[i];
      c.previousKnown = true;
      this.unknownPrevious--;
      this.knownDelta += (c.value !== undefined ? 1 : 0) - (c.previous !== undefined ? 1 : 0);
    }
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

  private change(key: Uint8Array, value: Uint8Array | undefined): void {
    const s = keyString(key);
    const size = value === undefined ? 0 : value.length;
    const c = this.changes.get(s);
    if (c !== undefined) {
      if (c.previousKnown) this.knownDelta += (value !== undefined ? 1 : 0) - (c.value !== undefined ? 1 : 0);
      this.changeBytes += size - (c.value === undefined ? 0 : c.value.length);
      c.key = key;
      c.value = value;
      return;
    }
    let previous: Uint8Array | undefined;
    let previousKnown = false;
    const o = this.overlay?.entries.get(s);
    if (o !== undefined) {
      previous = o.value;
      previousKnown = true;
    } else {
      const cached = this.table.peek(this.partition, s);
      if (cached !== undefined) {
        previous = cached ?? undefined;
        previousKnown = true;
      }
    }
    this.changes.set(s, { key, value, previous, previousKnown });
    this.changeBytes += s.length + size + CHANGE_OVERHEAD_BYTES;
    if (previousKnown) this.knownDelta += (value !== undefined ? 1 : 0) - (previous !== undefined ? 1 : 0);
    else this.unknownPrevious++;
  }
}

/**
 * Merges the partition's latest table (a LevelDB scan) with the store's overrides (overlay and changes, sorted
 * by key): both are in byte order, so one pass yields the live entries in byte order. The scan starts on the
 * first `next()`; LevelDB iterators read an implicit snapshot, so a commit during the iteration does not show.
 * While the caller consumes one chunk of the scan, the next is already being read on a worker thread.
 */
class MergingIterator implements AsyncIterator<[Uint8Array, Uint8Array]> {
  private scan: StateDbIterator | undefined;
  private pending: Promise<[Buffer, Buffer][]> | undefined;
  private buffer: [Buffer, Buffer][] = [];
  private pos = 0;
  private scanDone = false;
  private overrideIndex = 0;
  private readonly prefixLength: number;

  constructor(
    private readonly store: VersionedStateStore,
    private readonly table: LatestTable,
    private readonly overrideKeys: readonly Uint8Array[],
    private readonly overrideValues: readonly (Uint8Array | undefined)[],
  ) {
    this.prefixLength = store.partition.dataPrefix.length;
  }

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
      if (this.pos === this.buffer.length && !this.scanDone) return undefined;
      const entry = this.pos < this.buffer.length ? this.buffer[this.pos]! : undefined;
      if (this.overrideIndex < this.overrideKeys.length) {
        const oKey = this.overrideKeys[this.overrideIndex]!;
        const cmp = entry === undefined ? 1 : entry[0].compare(oKey, 0, oKey.length, this.prefixLength);
        if (cmp < 0) {
          this.pos++;
          return { done: false, value: [this.userKey(entry![0]), entry![1]] };
        }
        if (cmp === 0) this.pos++;
        const v = this.overrideValues[this.overrideIndex++];
        if (v !== undefined) return { done: false, value: [oKey, v] };
        continue;
      }
      if (entry === undefined) return { done: true, value: undefined };
      this.pos++;
      return { done: false, value: [this.userKey(entry[0]), entry[1]] };
    }
  }

  private async fillAndStep(): Promise<IteratorResult<[Uint8Array, Uint8Array]>> {
    for (;;) {
      await this.fill();
      const r = this.step();
      if (r !== undefined) return r;
    }
  }

  private userKey(dbKey: Buffer): Uint8Array {
    return new Uint8Array(dbKey.buffer, dbKey.byteOffset + this.prefixLength, dbKey.length - this.prefixLength);
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
