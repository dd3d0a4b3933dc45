/**
 * The StateStore implementation: one (operator, partition) opened at a version. Reads see, in this order, the
 * batch's own changes, the rollback overlay (only when opened below the newest version) and the latest table
 * (through the page cache). Writes stay in memory until the manager commits them in one write batch.
 *
 * Every key the batch reads or writes gets an entry in one ByteKeyTable; parallel arrays hold the entry's new
 * value (once changed) and its value at `version` ("previous", once known), each as a range of some byte array —
 * the caller's value, a packed buffer, a page — so no entry needs an object of its own. The undo record and the
 * key count need every change's previous value; the operator almost always read the key just before writing it,
 * so the read already left it in the entry, and the rest are looked up in one sorted pass by `resolvePrevious`
 * (called by `numKeys` and by the commit). So `numKeys` is a sum of counters kept up to date by every change.
 *
 * A million-key batch must not cost a million of anything but byte copies: the usual pattern — read a batch of
 * distinct keys once, then write each in the same order — is served without hashing (`firstRead`, the put hint),
 * with one sort of the keys shared by the read and the commit, and with per-key objects only where the API asks
 * for them. Its packed form — one `getManyPacked`, then `putManyPacked` of the same packed keys — needs no
 * entries at all (BulkBatch): the store keeps the caller's buffers, the read's sort and where the read found
 * each key, and the commit merges the values into the very pages the read found, in the read's order. Any other
 * call turns the batch into entries first (`materialize`), so every mix of calls behaves the same.
 */
import { runtimeError } from '../types/errors.js';
import { ByteKeyTable, grow } from './byte-key-table.js';
import { compareRanges, sortKeys, sortPackedKeys, type SortedKeys } from './byte-key-sort.js';
import type { LatestTable, PageLookup, PagesToWrite } from './latest-table.js';
import { MergingIterator } from './merging-iterator.js';
import type { SortedChanges, UndoSink } from './page-run-writer.js';
import { copyRange } from './byte-encoding.js';
import { scratchBytes, scratchInts } from './scratch-space.js';
import type { PackedBytes, PackedValues, StateStore, StateStoreMetrics } from './state-store.js';
import type { StorePartition } from './store-partition.js';

/** Rough fixed cost of one entry (table slots and hash, array slots, ranges), in bytes. */
export const ENTRY_OVERHEAD_BYTES = 64;

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

/** Values as ranges: value i is `bytes[i][starts[i], ends[i])`, or absent when bytes[i] is undefined. */
export interface ValueRanges {
  readonly bytes: readonly (Uint8Array | undefined)[];
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/** A store's changes: their keys sorted, and the ids of the changed entries in ascending id order. */
export interface StoreChangeSet {
  /** Sorted from `ids` (its `positions` index into `ids`). */
  readonly sorted: SortedKeys;
  readonly ids: Int32Array;
}

/**
 * What the latest table must take on for a store's commit (see VersionedStateStore.overrides): sorted keys and
 * their values, the k-th key's being value `ids[sorted.positions[k]]` of `values`.
 */
export interface TableOverrides {
  readonly sorted: SortedKeys;
  readonly ids: Int32Array;
  readonly values: ValueRanges;
}

/** What a commit writes for one store (see VersionedStateStore.commitChanges). */
export interface CommitChanges {
  /** The keys the latest table must take on, sorted. */
  readonly sorted: SortedKeys;
  /** Where a read of the same sorted keys found their pages, if one did (see LatestTable.loadForWrite). */
  readonly located: PagesToWrite | undefined;
  /** Their values in key order; scratch, so call it right before writing the pages. */
  tableChanges(): SortedChanges;
  /** Adds the undo entry of every change; only for a store opened below the newest version. */
  addUndo(undo: UndoSink): void;
}

/**
 * A batch that so far made exactly one packed read (and possibly one packed write of the same keys): kept as the
 * caller's packed buffers, the read's sort and the read's answers, with no entry per key. Anything else the
 * batch does first turns it into entries (`materialize`).
 */
interface BulkBatch {
  readonly keys: PackedBytes;
  /** The keys sorted; `positions[k]` is the index of the k-th key in `keys`. */
  readonly sorted: SortedKeys;
  /** The read's answers (see LatestTable.lookup), which also tell the commit which pages the keys fall into. */
  readonly found: PageLookup;
  /** How many of the keys exist at `version`. */
  readonly numPresent: number;
  values: PackedBytes | undefined;
}

/** Commits stores; the manager. */
export interface StoreCommitter {
  commitAll(stores: readonly StateStore[]): Promise<number>;
}

type StoreState = 'open' | 'committing' | 'committed' | 'aborted';

const present = (v: Uint8Array | undefined): number => (v === undefined ? 0 : 1);

/** A value range as an array of its own (a view unless it is the whole array). */
function view(bytes: Uint8Array | undefined, start: number, end: number): Uint8Array | undefined {
  if (bytes === undefined) return undefined;
  return start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end);
}

/**
 * A lookup's answers for sorted keys as PackedValues indexed by the keys' positions: the values are copied in key
 * order, which reads the pages front to back, and each lands where its key's position says.
 */
function packFound(found: PageLookup, sorted: SortedKeys): PackedValues & { numPresent: number } {
  const { pages, pageOf, valueStart, valueEnd } = found;
  const n = sorted.count;
  let total = 0;
  let numPresent = 0;
  for (let k = 0; k < n; k++) {
    if (valueStart[k]! < 0) continue;
    total += valueEnd[k]! - valueStart[k]!;
    numPresent++;
  }
  const bytes = new Uint8Array(total);
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  let at = 0;
  for (let k = 0; k < n; k++) {
    const i = sorted.positions[k]!;
    const start = valueStart[k]!;
    if (start < 0) {
      starts[i] = -1;
      continue;
    }
    starts[i] = at;
    at = copyRange(bytes, at, pages[pageOf[k]!]!.bytes, start, valueEnd[k]!);
    ends[i] = at;
  }
  return { bytes, starts, ends, numPresent };
}

/**
 * The changes of a packed write in key order, its values left where they are: value k is the caller's value at
 * the k-th key's position (one gather of offsets; the page writer then reads each value once). Scratch.
 */
function bulkTableChanges(sorted: SortedKeys, values: PackedBytes): SortedChanges {
  const n = sorted.count;
  const valueStart = scratchInts('valueStarts', n);
  const valueEnd = scratchInts('valueEnds', n);
  const { positions } = sorted;
  const offsets = values.offsets;
  for (let k = 0; k < n; k++) {
    const i = positions[k]!;
    valueStart[k] = offsets[i]!;
    valueEnd[k] = offsets[i + 1]!;
  }
  return { keys: sorted, valueBytes: values.bytes, valueStart, valueEnd };
}

export class VersionedStateStore implements StateStore {
  readonly operatorId: number;
  readonly partitionId: number;
  private state: StoreState = 'open';
  private entries = new ByteKeyTable();
  /** New values of changed entries (undefined = removed). */
  private values = newRanges();
  /** Values at `version` of entries whose previous value is known (undefined = absent). */
  private previous = newRanges();
  private flags = new Uint8Array(64);
  private numChanged = 0;
  /** Sum over changed entries with a known previous value of (present now ? 1 : 0) - (present before ? 1 : 0). */
  private knownDelta = 0;
  private unknownPrevious = 0;
  /**
   * Every entry's key, sorted, when the first read added all of them: the usual batch reads its keys once and
   * then writes each of them, so the commit can reuse this sort instead of sorting the same keys again.
   */
  private sortedAll: SortedKeys | undefined;
  /** The entry the next put is expected to write (see `change`). */
  private nextPut = 0;
  private bulk: BulkBatch | undefined;
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
    this.materialize();
    const n = keys.length;
    const out = new Array<Uint8Array | undefined>(n);
    if (this.canReadFirst(n)) {
      const sorted = await this.firstRead(keys, n);
      this.checkOpen('getMany');
      if (sorted !== undefined) {
        // After a first read, entry i is key i.
        for (let i = 0; i < n; i++) out[i] = this.current(i);
        return out;
      }
    }
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = this.entryOf(keys[i]!, 0, keys[i]!.length);
    await this.readUnknown(ids, n);
    this.checkOpen('getMany');
    for (let i = 0; i < n; i++) out[i] = this.current(ids[i]!);
    return out;
  }

  async getManyPacked(keys: PackedBytes): Promise<PackedValues> {
    this.checkOpen('getMany');
    const n = keys.offsets.length - 1;
    if (this.canReadFirst(n) && this.bulk === undefined) {
      const out = await this.bulkRead(keys, n);
      this.checkOpen('getMany');
      if (out !== undefined) return out;
    }
    this.materialize();
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = this.entryOf(keys.bytes, keys.offsets[i]!, keys.offsets[i + 1]!);
    await this.readUnknown(ids, n);
    this.checkOpen('getMany');
    return this.packCurrent(ids, n);
  }

  put(key: Uint8Array, value: Uint8Array): void {
    this.checkOpen('put');
    this.materialize();
    this.change(key, 0, key.length, value, 0, value.length);
  }

  putManyPacked(keys: PackedBytes, values: PackedBytes): void {
    this.checkOpen('put');
    const n = keys.offsets.length - 1;
    if (values.offsets.length - 1 !== n) {
      throw runtimeError(`state store: putManyPacked got ${n} keys but ${values.offsets.length - 1} values`);
    }
    const bulk = this.bulk;
    if (bulk !== undefined && bulk.values === undefined && bulk.keys === keys) {
      bulk.values = values;
      return;
    }
    this.materialize();
    for (let i = 0; i < n; i++) {
      this.change(keys.bytes, keys.offsets[i]!, keys.offsets[i + 1]!,
        values.bytes, values.offsets[i]!, values.offsets[i + 1]!);
    }
  }

  remove(key: Uint8Array): void {
    this.checkOpen('remove');
    this.materialize();
    this.change(key, 0, key.length, undefined, 0, 0);
  }

  iterator(): AsyncIterable<[Uint8Array, Uint8Array]> {
    this.checkOpen('iterator');
    this.materialize();
    // A snapshot of the overrides: changes made while iterating must not show.
    const overrides = this.overrides(this.changeSet());
    const { bytes, offsets, positions, count } = overrides.sorted;
    const keys = new Array<Uint8Array>(count);
    const values = new Array<Uint8Array | undefined>(count);
    const v = overrides.values;
    for (let k = 0; k < count; k++) {
      keys[k] = bytes.subarray(offsets[k]!, offsets[k + 1]!);
      const id = overrides.ids[positions[k]!]!;
      values[k] = view(v.bytes[id], v.starts[id]!, v.ends[id]!);
    }
    const checkOpen = (): void => this.checkOpen('iterate');
    return { [Symbol.asyncIterator]: () => new MergingIterator(this.table, this.partition, checkOpen, keys, values) };
  }

  *updates(): Iterable<[Uint8Array, Uint8Array | undefined]> {
    if (this.state === 'aborted') throw runtimeError(this.misuse('updates', 'aborted'));
    this.materialize();
    const flags = this.flags;
    const v = this.values;
    for (let id = 0; id < this.entries.size; id++) {
      if ((flags[id]! & CHANGED) !== 0) yield [this.entries.key(id), view(v.bytes[id], v.starts[id]!, v.ends[id]!)];
    }
  }

  commit(): Promise<number> {
    return this.committer.commitAll([this]);
  }

  abort(): void {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    this.reset();
  }

  async numKeys(): Promise<number> {
    if (this.finalMetrics !== undefined) return this.finalMetrics.numKeys;
    this.checkOpen('numKeys');
    if (this.bulk !== undefined) return this.counts().numKeys;
    await this.resolvePrevious();
    return this.baseNumKeys + this.knownDelta;
  }

  metrics(): StateStoreMetrics {
    if (this.finalMetrics !== undefined) return this.finalMetrics;
    const { numKeys, numUpdated, numRemoved } = this.counts();
    const bulk = this.bulk;
    if (bulk !== undefined) {
      const n = bulk.sorted.count;
      const bytes = n * ENTRY_OVERHEAD_BYTES + bulk.sorted.bytes.length + (bulk.values?.bytes.length ?? 0);
      return { numKeys, memoryUsedBytes: bytes + this.partition.cachedBytes, numUpdated, numRemoved };
    }
    let bytes = 0;
    const { starts, ends } = this.entries;
    const v = this.values;
    for (let id = 0; id < this.entries.size; id++) {
      bytes += ENTRY_OVERHEAD_BYTES + ends[id]! - starts[id]! + v.ends[id]! - v.starts[id]!;
    }
    return {
      numKeys: this.baseNumKeys + this.knownDelta,
      memoryUsedBytes: bytes + (this.overlay?.bytes ?? 0) + this.partition.cachedBytes,
      numUpdated,
      numRemoved,
    };
  }

  /**
   * The batch's counts: keys put, and keys removed that existed (a removal whose previous value is not known
   * yet counts too). After `resolvePrevious`, `numKeys` is the key count after the commit.
   */
  counts(): { numKeys: number; numUpdated: number; numRemoved: number } {
    const bulk = this.bulk;
    if (bulk !== undefined) {
      // A packed write puts every key: the keys that did not exist are new.
      if (bulk.values === undefined) return { numKeys: this.baseNumKeys, numUpdated: 0, numRemoved: 0 };
      const n = bulk.sorted.count;
      return { numKeys: this.baseNumKeys + n - bulk.numPresent, numUpdated: n, numRemoved: 0 };
    }
    let numUpdated = 0;
    let numRemoved = 0;
    const flags = this.flags;
    for (let id = 0; id < this.entries.size; id++) {
      const f = flags[id]!;
      if ((f & CHANGED) === 0) continue;
      if (this.values.bytes[id] !== undefined) numUpdated++;
      else if ((f & PREVIOUS_KNOWN) === 0 || this.previous.bytes[id] !== undefined) numRemoved++;
    }
    return { numKeys: this.baseNumKeys + this.knownDelta, numUpdated, numRemoved };
  }

  /** Looks up, in one sorted pass over the latest table, the previous value of every change not knowing it. */
  async resolvePrevious(): Promise<void> {
    if (this.bulk !== undefined || this.unknownPrevious === 0) return;
    const pending = new Int32Array(this.unknownPrevious);
    let n = 0;
    const flags = this.flags;
    for (let id = 0; id < this.entries.size; id++) {
      if ((flags[id]! & (CHANGED | PREVIOUS_KNOWN)) === CHANGED) pending[n++] = id;
    }
    await this.readPrevious(pending, n);
  }

  /**
   * What the commit writes (after `resolvePrevious`). A packed read followed by a packed write of the same keys
   * commits straight from the packed buffers, in the order of the read's sort.
   */
  commitChanges(): CommitChanges {
    const bulk = this.bulk;
    if (bulk !== undefined && bulk.values !== undefined) {
      const values = bulk.values;
      return {
        sorted: bulk.sorted,
        located: bulk.found.located,
        tableChanges: () => bulkTableChanges(bulk.sorted, values),
        addUndo: () => undefined,
      };
    }
    this.materialize();
    const changes = this.changeSet();
    const overrides = this.overrides(changes);
    return {
      sorted: overrides.sorted,
      located: undefined,
      tableChanges: () => this.tableChanges(overrides),
      addUndo: (undo) => this.addUndo(changes, undo),
    };
  }

  /** The batch's changes (their previous values are known after `resolvePrevious`). */
  changeSet(): StoreChangeSet {
    const ids = new Int32Array(this.numChanged);
    let n = 0;
    const flags = this.flags;
    for (let id = 0; id < this.entries.size; id++) if ((flags[id]! & CHANGED) !== 0) ids[n++] = id;
    const all = this.sortedAll;
    // Reusable when every entry changed: then `ids` is 0..n-1, what the first read sorted.
    const sorted = all !== undefined && all.count === n && n === this.entries.size ? all : sortKeys(this.entries, ids, n);
    return { sorted, ids };
  }

  /**
   * The batch's changes plus — when the store was opened below the newest version — the overlay's values of the
   * keys the batch did not change (restoring them discards the newer versions), sorted.
   */
  overrides(changes: StoreChangeSet): TableOverrides {
    const overlay = this.overlay;
    if (overlay === undefined || overlay.keys.size === 0) {
      return { sorted: changes.sorted, ids: changes.ids, values: this.values };
    }
    const restoredIds = new Int32Array(overlay.keys.size);
    let numRestored = 0;
    const ok = overlay.keys;
    for (let o = 0; o < ok.size; o++) {
      const id = this.entries.find(ok.bytes[o]!, ok.starts[o]!, ok.ends[o]!);
      if (id < 0 || (this.flags[id]! & CHANGED) === 0) restoredIds[numRestored++] = o;
    }
    const restored = sortKeys(ok, restoredIds, numRestored);
    const ours = changes.sorted;
    const count = restored.count + ours.count;
    const bytes = new Uint8Array(restored.bytes.length + ours.bytes.length);
    const offsets = new Int32Array(count + 1);
    const values = newRanges(count);
    let a = 0;
    let b = 0;
    let o = 0;
    for (let k = 0; k < count; k++) {
      offsets[k] = o;
      const takeRestored = b === ours.count || (a < restored.count && compareRanges(
        restored.bytes, restored.offsets[a]!, restored.offsets[a + 1]!,
        ours.bytes, ours.offsets[b]!, ours.offsets[b + 1]!) < 0);
      const from = takeRestored ? restored : ours;
      const i = takeRestored ? a++ : b++;
      bytes.set(from.bytes.subarray(from.offsets[i]!, from.offsets[i + 1]!), o);
      o += from.offsets[i + 1]! - from.offsets[i]!;
      if (takeRestored) {
        const value = overlay.values[from.ids[i]!];
        setRange(values, k, value, 0, value?.length ?? 0);
      } else {
        const id = from.ids[i]!;
        setRange(values, k, this.values.bytes[id], this.values.starts[id]!, this.values.ends[id]!);
      }
    }
    offsets[count] = o;
    const identity = Int32Array.from({ length: count }, (_, k) => k);
    const sorted = { bytes, offsets, ids: identity, positions: identity, count, distinct: true };
    return { sorted, ids: identity, values };
  }

  /**
   * The overrides with their values copied into one buffer in key order. The values are read in the order of
   * `ids` — the order they were put — and each is written to its sorted place (scattered writes are far cheaper
   * than scattered reads). The result is scratch: use it before the next await.
   */
  tableChanges(overrides: TableOverrides): SortedChanges {
    const { sorted, ids, values } = overrides;
    const n = sorted.count;
    const rank = scratchInts('valueRanks', n);
    for (let k = 0; k < n; k++) rank[sorted.positions[k]!] = k;
    // Lengths in key order (-1 = removal), then their running sums give each value's place.
    const valueStart = scratchInts('valueStarts', n);
    const valueEnd = scratchInts('valueEnds', n);
    for (let j = 0; j < n; j++) {
      const id = ids[j]!;
      valueEnd[rank[j]!] = values.bytes[id] === undefined ? -1 : values.ends[id]! - values.starts[id]!;
    }
    let total = 0;
    for (let k = 0; k < n; k++) {
      const len = valueEnd[k]!;
      valueStart[k] = len < 0 ? -1 : total;
      if (len > 0) total += len;
      valueEnd[k] = total;
    }
    const valueBytes = scratchBytes('values', total);
    for (let j = 0; j < n; j++) {
      const id = ids[j]!;
      const bytes = values.bytes[id];
      if (bytes !== undefined) copyRange(valueBytes, valueStart[rank[j]!]!, bytes, values.starts[id]!, values.ends[id]!);
    }
    return { keys: sorted, valueBytes, valueStart, valueEnd };
  }

  /** Adds the undo entry of every change (the previous values must be known) in the order they were made. */
  addUndo(changes: StoreChangeSet, undo: UndoSink): void {
    const { bytes, starts, ends } = this.entries;
    const p = this.previous;
    for (const id of changes.ids) {
      const previous = p.bytes[id];
      if (this.values.bytes[id] === undefined && previous === undefined) continue;
      undo.add(bytes[id]!, starts[id]!, ends[id]!, previous, p.starts[id]!, p.ends[id]!);
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

  private reset(): void {
    this.entries = new ByteKeyTable();
    this.values = newRanges();
    this.previous = newRanges();
    this.flags = new Uint8Array(64);
    this.sortedAll = undefined;
    this.bulk = undefined;
    this.nextPut = 0;
    this.numChanged = 0;
    this.knownDelta = 0;
    this.unknownPrevious = 0;
  }

  /** The batch's value of entry `id`: its change if any, else its previous value (which must be known). */
  private current(id: number): Uint8Array | undefined {
    const r = (this.flags[id]! & CHANGED) !== 0 ? this.values : this.previous;
    return view(r.bytes[id], r.starts[id]!, r.ends[id]!);
  }

  /** The current values of entries `ids[0..n)`, packed in that order. */
  private packCurrent(ids: Int32Array, n: number): PackedValues {
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      const r = (this.flags[id]! & CHANGED) !== 0 ? this.values : this.previous;
      if (r.bytes[id] !== undefined) total += r.ends[id]! - r.starts[id]!;
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      const r = (this.flags[id]! & CHANGED) !== 0 ? this.values : this.previous;
      const src = r.bytes[id];
      if (src === undefined) {
        starts[i] = -1;
        continue;
      }
      starts[i] = at;
      at = copyRange(bytes, at, src, r.starts[id]!, r.ends[id]!);
      ends[i] = at;
    }
    return { bytes, starts, ends };
  }

  /**
   * The batch's first read, of packed keys: sorts them straight from the caller's buffer and keeps the sort and
   * the table's answers as the batch's state (BulkBatch). Returns undefined, having changed nothing, when the
   * keys are not distinct.
   */
  private async bulkRead(keys: PackedBytes, n: number): Promise<PackedValues | undefined> {
    const sorted = sortPackedKeys(keys.bytes, keys.offsets, n);
    if (!sorted.distinct) return undefined;
    let out: PackedValues | undefined;
    let bulk: BulkBatch | undefined;
    await this.table.lookup(this.partition, sorted, (found) => {
      const { bytes, starts, ends, numPresent } = packFound(found, sorted);
      out = { bytes, starts, ends };
      bulk = { keys, sorted, found, numPresent, values: undefined };
    }, true);
    // Another call may have started the batch's state meanwhile; then the general path answers.
    if (this.state !== 'open' || this.entries.size !== 0 || this.bulk !== undefined) return undefined;
    this.bulk = bulk;
    return out;
  }

  /** Turns a BulkBatch into entries, so the general paths see it: key i becomes entry i. */
  private materialize(): void {
    const bulk = this.bulk;
    if (bulk === undefined) return;
    this.bulk = undefined;
    const { keys, sorted } = bulk;
    const { pages, pageOf, valueStart, valueEnd } = bulk.found;
    const n = sorted.count;
    this.entries.appendDistinct(keys.bytes, keys.offsets, n);
    this.reserve(n);
    this.values.bytes = new Array<Uint8Array | undefined>(n).fill(undefined);
    this.previous.bytes = new Array<Uint8Array | undefined>(n).fill(undefined);
    this.sortedAll = sorted;
    const positions = sorted.positions;
    for (let k = 0; k < n; k++) {
      const start = valueStart[k]!;
      if (start < 0) this.settlePrevious(positions[k]!, undefined, 0, 0);
      else this.settlePrevious(positions[k]!, pages[pageOf[k]!]!.bytes, start, valueEnd[k]!);
    }
    const values = bulk.values;
    if (values === undefined) return;
    const { bytes, offsets } = keys;
    for (let i = 0; i < n; i++) {
      this.change(bytes, offsets[i]!, offsets[i + 1]!, values.bytes, values.offsets[i]!, values.offsets[i + 1]!);
    }
  }

  /** Whether a read of n keys can take the `firstRead` path. */
  private canReadFirst(n: number): boolean {
    return this.entries.size === 0 && this.overlay === undefined && n > 1;
  }

  /**
   * The usual first read of a batch — distinct keys, store at the newest version — without the hash index: the
   * keys become entries 0..n-1 in their order, and the sort that finds their pages also shows they are distinct
   * (equal keys would be adjacent). Returns the sorted keys (key i is entry i), or undefined, having changed
   * nothing, when they are not distinct.
   */
  private async firstRead(keys: readonly Uint8Array[], n: number): Promise<SortedKeys | undefined> {
    this.entries.appendDistinct(keys, undefined, n);
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = i;
    const sorted = sortKeys(this.entries, ids, n);
    if (!sorted.distinct) {
      this.reset();
      return undefined;
    }
    this.reserve(n);
    this.values.bytes = new Array<Uint8Array | undefined>(n).fill(undefined);
    this.previous.bytes = new Array<Uint8Array | undefined>(n).fill(undefined);
    this.sortedAll = sorted;
    await this.settleFromTable(sorted, ids);
    return sorted;
  }

  /** Reads the previous values of those of entries `ids[0..n)` that know neither a change nor a previous value. */
  private async readUnknown(ids: Int32Array, n: number): Promise<void> {
    const pending = new Int32Array(n);
    let numPending = 0;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      if ((this.flags[id]! & (CHANGED | PREVIOUS_KNOWN)) === 0) pending[numPending++] = id;
    }
    if (numPending > 0) await this.readPrevious(pending, numPending);
  }

  /** Reads the latest table's values of entries `ids[0..n)` and records them as their previous values. */
  private async readPrevious(ids: Int32Array, n: number): Promise<void> {
    await this.settleFromTable(sortKeys(this.entries, ids, n), ids);
  }

  /**
   * Looks the sorted keys up in the latest table and records their values (ranges of the pages) as the previous
   * values of entries `ids[sorted.positions[k]]`. The lookup's answers come in key order and are read in that
   * order, each written to its entry: scattered writes are far cheaper than scattered reads.
   */
  private async settleFromTable(sorted: SortedKeys, ids: Int32Array): Promise<void> {
    const n = sorted.count;
    const entries = this.entries;
    await this.table.lookup(this.partition, sorted, (found) => {
      // The store may have been aborted while reading: its arrays are gone then.
      if (entries !== this.entries) return;
      const { pages, pageOf, valueStart, valueEnd } = found;
      const positions = sorted.positions;
      for (let k = 0; k < n; k++) {
        const id = ids[positions[k]!]!;
        const start = valueStart[k]!;
        if (start < 0) this.settlePrevious(id, undefined, 0, 0);
        else this.settlePrevious(id, pages[pageOf[k]!]!.bytes, start, valueEnd[k]!);
      }
    });
  }

  private settlePrevious(id: number, bytes: Uint8Array | undefined, start: number, end: number): void {
    const f = this.flags[id]!;
    if ((f & PREVIOUS_KNOWN) !== 0) return;
    this.flags[id] = f | PREVIOUS_KNOWN;
    setRange(this.previous, id, bytes, start, end);
    if ((f & CHANGED) !== 0) {
      this.unknownPrevious--;
      this.knownDelta += present(this.values.bytes[id]) - present(bytes);
    }
  }

  /** The entry id of key `bytes[start, end)`, adding an entry (previous value known only if the overlay has it). */
  private entryOf(bytes: Uint8Array, start: number, end: number): number {
    const before = this.entries.size;
    const id = this.entries.findOrAdd(bytes, start, end);
    if (id !== before) return id;
    this.reserve(id + 1);
    this.values.bytes.push(undefined);
    this.previous.bytes.push(undefined);
    this.flags[id] = 0;
    const overlay = this.overlay;
    if (overlay !== undefined) {
      const o = overlay.keys.find(bytes, start, end);
      if (o >= 0) {
        const value = overlay.values[o];
        setRange(this.previous, id, value, 0, value?.length ?? 0);
        this.flags[id] = PREVIOUS_KNOWN;
      }
    }
    return id;
  }

  private change(
    key: Uint8Array, keyStart: number, keyEnd: number,
    value: Uint8Array | undefined, valueStart: number, valueEnd: number,
  ): void {
    // Writers usually put the keys they read in the order they read them: then the key is the very range of
    // the next entry, and no hash lookup is needed.
    const next = this.nextPut;
    const e = this.entries;
    let id: number;
    if (next < e.size && e.bytes[next] === key && e.starts[next] === keyStart && e.ends[next] === keyEnd) {
      id = next;
      this.nextPut = next + 1;
    } else {
      id = this.entryOf(key, keyStart, keyEnd);
    }
    const f = this.flags[id]!;
    if ((f & CHANGED) !== 0) {
      if ((f & PREVIOUS_KNOWN) !== 0) this.knownDelta += present(value) - present(this.values.bytes[id]);
    } else {
      this.flags[id] = f | CHANGED;
      this.numChanged++;
      if ((f & PREVIOUS_KNOWN) !== 0) this.knownDelta += present(value) - present(this.previous.bytes[id]);
      else this.unknownPrevious++;
    }
    setRange(this.values, id, value, valueStart, valueEnd);
  }

  /** Makes room in the per-entry arrays for ids below `capacity`. */
  private reserve(capacity: number): void {
    if (capacity <= this.flags.length) return;
    const size = Math.max(capacity, this.flags.length * 2);
    this.flags = grow(this.flags, size);
    growRanges(this.values, size);
    growRanges(this.previous, size);
  }
}

interface MutableRanges {
  bytes: (Uint8Array | undefined)[];
  starts: Int32Array;
  ends: Int32Array;
}

function newRanges(capacity = 64): MutableRanges {
  return { bytes: [], starts: new Int32Array(capacity), ends: new Int32Array(capacity) };
}

function growRanges(r: MutableRanges, size: number): void {
  r.starts = grow(r.starts, size);
  r.ends = grow(r.ends, size);
}

function setRange(r: MutableRanges, i: number, bytes: Uint8Array | undefined, start: number, end: number): void {
  r.bytes[i] = bytes;
  r.starts[i] = start;
  r.ends[i] = end;
}
