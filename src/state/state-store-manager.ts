/**
 * The state store manager: one LevelDB database (layout in state-store-layout.ts) holding every (operator,
 * partition) of a query, the stores opened on it, atomic multi-store commits, retention and maintenance.
 *
 * ```ts
 * const manager = await StateStoreManager.open(`${checkpoint}/state`, { retainedVersions: 20 });
 * const stores = await Promise.all([0, 1, 2, 3].map((p) => manager.getStore(0, p, batchId)));
 * // ... getMany / put / remove on each store ...
 * await manager.commitAll(stores);   // version batchId + 1 of all four partitions, or none of them
 * await manager.maintenance();       // now and then: drop versions older than the retention
 * await manager.close();
 * ```
 *
 * Opening reads every partition record and the keys of all pages: the page index stays in memory (one small
 * object per page of about 4 KiB, so about 1% of the state's size), pages themselves are read on demand.
 *
 * Loading version v of a partition whose newest version is L (oldest ≤ v ≤ L):
 *   v = L: the store reads the latest table directly (through the page cache).
 *   v < L: read the undo records of v+1..L in ascending order; for every key they mention, the first (oldest)
 *          previous value found is the key's value at v. These values form the store's overlay, consulted before
 *          the latest table; the number of keys at v is the header of v+1's undo record. Nothing is written.
 *
 * Committing stores S (all opened at the same version v; each partition's newest version still what it was
 * when its store was opened), in ONE LevelDB write batch written with sync:
 *   for each store: sort its changes by key; if it has an overlay (v < L), add to them the overlay's values of
 *     the keys the batch did not change, and delete every undo key of versions above v — this discards v+1..L,
 *     so re-running batch v after a crash replaces whatever an earlier run committed;
 *     rewrite the latest table's pages those keys fall into (page-run-writer.ts), reading the pages not
 *     cached in one multi-get; write its undo record as version v+1 (previous values, key count at v) and its
 *     partition record (latest = v+1).
 * LevelDB applies a write batch atomically, also across a crash at any moment (the log record is checksummed
 * and replayed whole or not at all), so after a SIGKILL every partition of the batch is at the old version or
 * every one is at the new; the write is fsynced before the commit returns, so a commit the engine saw complete
 * also survives a power loss. The in-memory partition records and the cache change only after the write
 * succeeded.
 *
 * The page cache holds pages of the latest table only, and pages are never modified: a commit installs new page
 * objects (cached, as they are hot) in place of the ones it rewrote, restored overlay keys included, so a
 * rollback never leaves a discarded run's value cached; a LevelDB read that overlapped a commit of its partition
 * is thrown away and redone (StorePartition.epoch).
 *
 * Maintenance, per partition: oldest' = max(oldest, latest - retainedVersions + 1). First the partition records
 * with the raised `oldest` are written (one batch), then the undo records of versions ≤ oldest' are deleted and
 * that key range compacted. A crash in between leaves unreachable undo records, deleted by the next run.
 *
 * One process owns the database (LevelDB's lock file); within it, one writer per partition at a time: a commit
 * from a store whose partition moved on since the store was opened is refused.
 */
import { mkdir } from 'node:fs/promises';
import { Level } from 'level';
import { SluiceError, runtimeError } from '../types/errors.js';
import { ByteKeyTable } from './byte-key-table.js';
import {
  LatestTable, ioError, type PageIndexEdit, type PagesToWrite, type StateDb, type StateDbBatch,
} from './latest-table.js';
import { PageCache } from './page-cache.js';
import type { StateStore, StateStoreMetrics } from './state-store.js';
import {
  FORMAT_KEY, FORMAT_VALUE, PARTITION_PREFIX_BYTES, PARTITION_RANGE, UndoChunkWriter, decodePartitionRecord,
  decodeUndoHeader, decodeUndoKey, encodePartitionRecord, encodeUndoHeader, forEachUndoEntry, partitionKey,
  prefixEnd, undoKey,
} from './state-store-layout.js';
import { StorePartition } from './store-partition.js';
import {
  ENTRY_OVERHEAD_BYTES, VersionedStateStore, type CommitChanges, type RollbackOverlay,
} from './versioned-state-store.js';

export interface StateStoreOptions {
  /** How many of the newest versions stay loadable after maintenance (at least 1). Default 20. */
  readonly retainedVersions?: number;
  /** Budget of the page cache in bytes (0 disables it). Default 64 MiB: about a million keys of ~40 bytes. */
  readonly cacheBytes?: number;
}

const DEFAULT_RETAINED_VERSIONS = 20;
const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;
/** LevelDB's own block cache and memtable; larger than the defaults because state commits come in bulk. */
const LEVELDB_BLOCK_CACHE_BYTES = 32 * 1024 * 1024;
const LEVELDB_WRITE_BUFFER_BYTES = 16 * 1024 * 1024;
const MAX_ID = 0xffff_ffff;

function checkpointError(message: string): SluiceError {
  return new SluiceError('CHECKPOINT_ERROR', message);
}

function checkId(what: string, id: number): void {
  if (!Number.isInteger(id) || id < 0 || id > MAX_ID) {
    throw runtimeError(`state store: ${what} must be an integer between 0 and ${MAX_ID}, got ${id}`);
  }
}

export class StateStoreManager {
  private readonly partitions = new Map<string, StorePartition>();
  private readonly table: LatestTable;
  private readonly cache: PageCache;
  private lock: Promise<unknown> = Promise.resolve();
  private maintenanceRun: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly db: StateDb,
    readonly dir: string,
    readonly retainedVersions: number,
    cacheBytes: number,
  ) {
    this.cache = new PageCache(cacheBytes);
    this.table = new LatestTable(db, this.cache);
  }

  /**
   * Opens (creating if needed) the state database in `dir`. Refuses a directory that holds a database in another
   * format, and one that another process has open.
   */
  static async open(dir: string, options: StateStoreOptions = {}): Promise<StateStoreManager> {
    const retained = options.retainedVersions ?? DEFAULT_RETAINED_VERSIONS;
    const cacheBytes = options.cacheBytes ?? DEFAULT_CACHE_BYTES;
    if (!Number.isInteger(retained) || retained < 1) {
      throw runtimeError(`state store: retainedVersions must be a positive integer, got ${retained}`);
    }
    if (!Number.isFinite(cacheBytes) || cacheBytes < 0) {
      throw runtimeError(`state store: cacheBytes must be a non-negative number, got ${cacheBytes}`);
    }
    try {
      await mkdir(dir, { recursive: true });
    } catch (err) {
      throw ioError(`creating ${dir}`, err);
    }
    const db: StateDb = new Level<Buffer, Buffer>(dir, {
      keyEncoding: 'buffer',
      valueEncoding: 'buffer',
      createIfMissing: true,
      cacheSize: LEVELDB_BLOCK_CACHE_BYTES,
      writeBufferSize: LEVELDB_WRITE_BUFFER_BYTES,
    });
    try {
      await db.open();
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause;
      if (cause?.code === 'LEVEL_LOCKED') {
        throw new SluiceError('IO_ERROR',
          `state store ${dir} is in use: another process or another open manager holds its lock (is the query `
          + 'already running?)');
      }
      throw ioError(`opening ${dir}`, err);
    }
    const manager = new StateStoreManager(db, dir, retained, cacheBytes);
    try {
      await manager.load();
    } catch (err) {
      await db.close();
      throw err;
    }
    return manager;
  }

  /** The newest committed version of a partition (0 when it never committed). */
  latestVersion(operatorId: number, partitionId: number): number {
    return this.findPartition(operatorId, partitionId)?.latestVersion ?? 0;
  }

  /** The oldest version of a partition that can still be loaded. */
  oldestVersion(operatorId: number, partitionId: number): number {
    return this.findPartition(operatorId, partitionId)?.oldestVersion ?? 0;
  }

  /**
   * Opens the store of (operatorId, partitionId) at `version`: its reads see exactly that version, its commit
   * writes `version + 1`, replacing any newer versions. Throws CHECKPOINT_ERROR when the version was never
   * committed or maintenance removed it (versions older than the retention stay loadable until maintenance runs).
   */
  async getStore(operatorId: number, partitionId: number, version: number): Promise<StateStore> {
    this.checkOpen();
    checkId('operatorId', operatorId);
    checkId('partitionId', partitionId);
    if (!Number.isInteger(version) || version < 0) {
      throw runtimeError(`state store: version must be a non-negative integer, got ${version}`);
    }
    const p = this.partition(operatorId, partitionId);
    this.checkLoadable(p, version);
    if (version === p.latestVersion) {
      return new VersionedStateStore(this, this.table, p, version, p.numKeys, p.latestVersion, undefined);
    }
    // Under the lock so that no commit or maintenance changes the undo records while they are read.
    return this.exclusive(async () => {
      this.checkOpen();
      this.checkLoadable(p, version);
      const { overlay, numKeys } = await this.loadOverlay(p, version);
      return new VersionedStateStore(this, this.table, p, version, numKeys, p.latestVersion, overlay);
    });
  }

  /**
   * Commits the changes of several stores (distinct partitions, all opened at the same version v) in one atomic
   * write; returns v + 1. On failure nothing is written and the stores can be committed again or aborted.
   */
  async commitAll(stores: readonly StateStore[]): Promise<number> {
    if (stores.length === 0) throw runtimeError('state store: commitAll needs at least one store');
    const own: VersionedStateStore[] = [];
    const seen = new Set<StorePartition>();
    for (const s of stores) {
      if (!(s instanceof VersionedStateStore) || s.committer !== this) {
        throw runtimeError('state store: commitAll was given a store that this manager did not open');
      }
      if (seen.has(s.partition)) {
        throw runtimeError(`state store: commitAll was given two stores of operator ${s.operatorId}, `
          + `partition ${s.partitionId}`);
      }
      if (s.version !== stores[0]!.version) {
        throw runtimeError(`state store: commitAll needs stores opened at one version, got ${stores[0]!.version} `
          + `and ${s.version}`);
      }
      seen.add(s.partition);
      own.push(s);
    }
    return this.exclusive(async () => {
      this.checkOpen();
      const begun: VersionedStateStore[] = [];
      try {
        for (const s of own) {
          s.beginCommit();
          begun.push(s);
        }
        for (const s of own) this.checkCommittable(s);
        await Promise.all(own.map((s) => s.resolvePrevious()));
        return await this.writeCommit(own);
      } catch (err) {
        for (const s of begun) s.failCommit();
        throw err;
      }
    });
  }

  /**
   * Deletes versions older than the retention (keeping the newest `retainedVersions` of every partition
   * loadable) and compacts what was deleted. Concurrent calls share one run.
   */
  maintenance(): Promise<void> {
    if (this.closed) return Promise.reject(runtimeError(`state store ${this.dir} is closed`));
    if (this.maintenanceRun === undefined) {
      this.maintenanceRun = this.runMaintenance().finally(() => { this.maintenanceRun = undefined; });
    }
    return this.maintenanceRun;
  }

  /** Waits for running commits and maintenance, then closes the database. Open stores become unusable. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lock.catch(() => undefined);
    await this.maintenanceRun?.catch(() => undefined);
    try {
      await this.db.close();
    } catch (err) {
      throw ioError('closing', err);
    }
  }

  private async load(): Promise<void> {
    let format: Buffer | undefined;
    try {
      format = await this.db.get(FORMAT_KEY);
      if (format === undefined) {
        const any = await this.db.keys({ limit: 1 }).all();
        if (any.length > 0) {
          throw checkpointError(`state store ${this.dir} holds a LevelDB database that Sluice did not write; `
            + 'refusing to use it (point the checkpoint at an empty or Sluice-owned directory)');
        }
        await this.db.put(FORMAT_KEY, FORMAT_VALUE, { sync: true });
        return;
      }
    } catch (err) {
      if (err instanceof SluiceError) throw err;
      throw ioError(`reading ${this.dir}`, err);
    }
    if (!format.equals(FORMAT_VALUE)) {
      throw checkpointError(`state store ${this.dir} has format "${format.toString('latin1')}", this version of `
        + `Sluice reads format "${FORMAT_VALUE.toString('latin1')}"`);
    }
    let records: [Buffer, Buffer][];
    try {
      records = await this.db.iterator({ gte: PARTITION_RANGE.gte, lt: PARTITION_RANGE.lt }).all();
    } catch (err) {
      throw ioError(`reading ${this.dir}`, err);
    }
    for (const [key, value] of records) {
      const r = decodePartitionRecord(key, value);
      if (r === undefined || r.oldestVersion > r.latestVersion) {
        throw checkpointError(`state store ${this.dir} is corrupt: unreadable partition record `
          + `${key.toString('hex')}`);
      }
      const p = this.partition(r.operatorId, r.partitionId);
      p.latestVersion = r.latestVersion;
      p.oldestVersion = r.oldestVersion;
      p.numKeys = r.numKeys;
    }
    await this.table.loadIndex((operatorId, partitionId) => this.partition(operatorId, partitionId));
  }

  private findPartition(operatorId: number, partitionId: number): StorePartition | undefined {
    return this.partitions.get(`${operatorId}/${partitionId}`);
  }

  private partition(operatorId: number, partitionId: number): StorePartition {
    let p = this.findPartition(operatorId, partitionId);
    if (p === undefined) {
      p = new StorePartition(operatorId, partitionId);
      this.cache.register(p);
      this.partitions.set(`${operatorId}/${partitionId}`, p);
    }
    return p;
  }

  private checkLoadable(p: StorePartition, version: number): void {
    const where = `operator ${p.operatorId}, partition ${p.partitionId}`;
    if (version > p.latestVersion) {
      throw checkpointError(`cannot load state version ${version} of ${where}: it was never committed (the newest `
        + `committed version is ${p.latestVersion}); the state store does not match the checkpoint`);
    }
    if (version < p.oldestVersion) {
      throw checkpointError(`cannot load state version ${version} of ${where}: versions older than `
        + `${p.oldestVersion} were removed (the store keeps the newest ${this.retainedVersions} versions)`);
    }
  }

  private checkCommittable(s: VersionedStateStore): void {
    const p = s.partition;
    if (p.latestVersion !== s.baseLatest || s.version < p.oldestVersion) {
      throw runtimeError(`state store of operator ${p.operatorId}, partition ${p.partitionId} was opened at `
        + `version ${s.version} when the newest version was ${s.baseLatest}, but the partition has changed since `
        + `(newest ${p.latestVersion}, oldest ${p.oldestVersion}); only one writer per partition is allowed`);
    }
  }

  /** The values at `version` of every key changed by versions version+1..latest (see the file comment). */
  private async loadOverlay(
    p: StorePartition,
    version: number,
  ): Promise<{ overlay: RollbackOverlay; numKeys: number }> {
    const keys = new ByteKeyTable();
    const values: (Uint8Array | undefined)[] = [];
    const undoKeys: Buffer[] = [];
    let bytes = 0;
    let numKeys = 0;
    /** The version whose header comes next, and how many chunks of the previous one are still to come. */
    let nextHeader = version + 1;
    let chunksLeft = 0;
    const corrupt = (v: number, detail: string): SluiceError => checkpointError(
      `cannot load state version ${version} of operator ${p.operatorId}, partition ${p.partitionId}: the undo `
      + `record of version ${v} is ${detail}; the state store is damaged`);
    const undoStart = undoKey(p.operatorId, p.partitionId, version + 1, 0);
    const undoEnd = prefixEnd(undoStart.subarray(0, PARTITION_PREFIX_BYTES));
    let records: [Buffer, Buffer][];
    try {
      records = await this.db.iterator({ gte: undoStart, lt: undoEnd }).all();
    } catch (err) {
      throw ioError('reading undo records', err);
    }
    for (const [key, value] of records) {
      // Every undo key above `version` goes: records above the newest version cannot exist, but if they did
      // they would be as stale as the versions being discarded.
      undoKeys.push(key);
      const { version: v, chunk } = decodeUndoKey(key);
      if (v > p.latestVersion) continue;
      if (chunk === 0) {
        if (chunksLeft !== 0) throw corrupt(nextHeader - 1, 'incomplete');
        if (v !== nextHeader) throw corrupt(nextHeader, 'missing');
        const header = decodeUndoHeader(value);
        if (header === undefined) throw corrupt(v, 'unreadable');
        if (v === version + 1) numKeys = header.numKeysBefore;
        chunksLeft = header.chunks;
        nextHeader++;
        continue;
      }
      if (v !== nextHeader - 1 || chunksLeft === 0) throw corrupt(v, 'inconsistent');
      chunksLeft--;
      bytes += value.length;
      try {
        forEachUndoEntry(value, (k, previous) => {
          const before = keys.size;
          if (keys.findOrAdd(k, 0, k.length) !== before) return;
          values.push(previous);
          bytes += k.length + ENTRY_OVERHEAD_BYTES;
        });
      } catch {
        throw corrupt(v, 'unreadable');
      }
    }
    if (chunksLeft !== 0) throw corrupt(nextHeader - 1, 'incomplete');
    if (nextHeader !== p.latestVersion + 1) throw corrupt(nextHeader, 'missing');
    return { overlay: { keys, values, undoKeys, bytes }, numKeys };
  }

  /** Builds and writes the commit batch of `stores` (see the file comment); runs under the lock. */
  private async writeCommit(stores: readonly VersionedStateStore[]): Promise<number> {
    const newVersion = stores[0]!.version + 1;
    const batch = this.db.batch();
    let written = false;
    try {
      const work = stores.map((s) => s.commitChanges());
      // The pages to rewrite are read for all partitions at once; the writing that follows is synchronous, one
      // store after the other (it works in shared scratch space).
      const loaded = await Promise.all(work.map((w, i) =>
        this.table.loadForWrite(stores[i]!.partition, w.sorted, w.located)));
      const prepared = work.map((w, i) => this.prepareCommit(stores[i]!, w, loaded[i]!, batch, newVersion));
      for (const s of stores) s.partition.epoch++;
      try {
        await batch.write({ sync: true });
        written = true;
      } catch (err) {
        throw ioError('commit', err);
      } finally {
        for (const s of stores) s.partition.epoch++;
      }
      for (let i = 0; i < stores.length; i++) {
        const s = stores[i]!;
        const { edit, metrics } = prepared[i]!;
        const p = s.partition;
        p.latestVersion = newVersion;
        p.numKeys = metrics.numKeys;
        this.table.install(p, edit);
        s.finishCommit({ ...metrics, memoryUsedBytes: p.cachedBytes });
      }
    } finally {
      if (!written) await batch.close();
    }
    return newVersion;
  }

  /** Adds one store's part of the commit to `batch`: pages, undo record, partition record. */
  private prepareCommit(
    s: VersionedStateStore,
    changes: CommitChanges,
    loaded: PagesToWrite,
    batch: StateDbBatch,
    newVersion: number,
  ): { edit: PageIndexEdit; metrics: StateStoreMetrics } {
    const p = s.partition;
    if (s.overlay !== undefined) for (const k of s.overlay.undoKeys) batch.del(k);
    const undo = new UndoChunkWriter((chunk, bytes) => {
      batch.put(undoKey(p.operatorId, p.partitionId, newVersion, chunk), bytes);
    });
    // At the newest version the pages being rewritten hold exactly the previous values, so the page writer
    // emits the undo entries as it meets them, in key order; below it, they come from the overlay.
    const edit = this.table.writePages(p, batch, loaded, changes.tableChanges(),
      s.overlay === undefined ? undo : undefined);
    if (s.overlay !== undefined) changes.addUndo(undo);
    undo.finish();
    batch.put(undoKey(p.operatorId, p.partitionId, newVersion, 0),
      encodeUndoHeader({ numKeysBefore: s.baseNumKeys, chunks: undo.chunks, entries: undo.entries }));
    const { numKeys, numUpdated, numRemoved } = s.counts();
    batch.put(partitionKey(p.operatorId, p.partitionId), encodePartitionRecord({
      operatorId: p.operatorId,
      partitionId: p.partitionId,
      latestVersion: newVersion,
      oldestVersion: p.oldestVersion,
      numKeys,
    }));
    return { edit, metrics: { numKeys, memoryUsedBytes: 0, numUpdated, numRemoved } };
  }

  private async runMaintenance(): Promise<void> {
    const targets = await this.exclusive(async () => {
      this.checkOpen();
      const raised = new Map<StorePartition, number>();
      for (const p of this.partitions.values()) {
        const oldest = Math.max(p.oldestVersion, p.latestVersion - this.retainedVersions + 1);
        if (oldest > p.oldestVersion) raised.set(p, oldest);
      }
      if (raised.size > 0) {
        const ops = [...raised].map(([p, oldest]) => ({
          type: 'put' as const,
          key: partitionKey(p.operatorId, p.partitionId),
          value: encodePartitionRecord({
            operatorId: p.operatorId, partitionId: p.partitionId, latestVersion: p.latestVersion,
            oldestVersion: oldest, numKeys: p.numKeys,
          }),
        }));
        try {
          await this.db.batch(ops, { sync: true });
        } catch (err) {
          throw ioError('maintenance', err);
        }
        for (const [p, oldest] of raised) p.oldestVersion = oldest;
      }
      // Partitions whose `oldest` did not move are swept too, for records a crashed earlier run left behind.
      return [...this.partitions.values()].filter((p) => p.oldestVersion > 0)
        .map((p) => ({ p, oldest: p.oldestVersion, compact: raised.has(p) }));
    });
    // Only undo records of versions ≤ oldest are deleted: no store can need them and no commit writes them, so
    // this runs outside the lock and commits are not held up by deletion and compaction.
    for (const { p, oldest, compact } of targets) {
      if (this.closed) return;
      const gte = undoKey(p.operatorId, p.partitionId, 0, 0);
      const lt = undoKey(p.operatorId, p.partitionId, oldest + 1, 0);
      try {
        await this.db.clear({ gte, lt });
        if (compact) await (this.db as unknown as CompactableDb).compactRange(gte, lt);
      } catch (err) {
        throw ioError('maintenance', err);
      }
    }
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.lock.then(fn);
    this.lock = result.catch(() => undefined);
    return result;
  }

  private checkOpen(): void {
    if (this.closed) throw runtimeError(`state store ${this.dir} is closed`);
  }
}

/** `level` types its database for browsers too; in Node it is classic-level, which can compact a key range. */
interface CompactableDb {
  compactRange(start: Buffer, end: Buffer): Promise<void>;
}
