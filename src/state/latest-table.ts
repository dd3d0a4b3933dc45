/**
 * Reads of the latest table — every partition's newest committed version, `02 op part userKey → value` (see
 * state-store-layout.ts) — through the partition's segment of the hot-key cache. A store opened at the newest
 * version reads only through here; a store opened at an older version consults its undo overlay first.
 */
import type { Iterator as LevelIterator, Level } from 'level';
import { SluiceError } from '../types/errors.js';
import type { StorePartition } from './store-partition.js';
import { dataKey } from './state-store-layout.js';

export type StateDb = Level<Buffer, Buffer>;
export type StateDbIterator = LevelIterator<StateDb, Buffer, Buffer>;

/**
 * A multi-get larger than this is split into concurrent LevelDB requests: classic-level runs each on a libuv
 * worker thread, so a large cold read uses every core instead of one.
 */
const SPLIT_READ_KEYS = 4096;
const MAX_CONCURRENT_READS = 4;
/** How much a scan reads per round trip (classic-level's default of 16 KiB costs a round trip per few hundred keys). */
const SCAN_CHUNK_BYTES = 1 << 20;

export function ioError(action: string, err: unknown): SluiceError {
  const detail = err instanceof Error ? err.message : String(err);
  return new SluiceError('IO_ERROR', `state store: ${action} failed: ${detail}`);
}

export class LatestTable {
  constructor(private readonly db: StateDb) {}

  /**
   * The values of `keys` at the partition's latest version (undefined = absent), in order. `keyStrs[i]` is
   * `keys[i]` as a latin1 string (the cache key). Misses go to LevelDB in one multi-get and fill the cache
   * unless `fillCache` is false (for keys whose new value is about to be cached anyway).
   */
  async readMany(
    p: StorePartition,
    keyStrs: readonly string[],
    keys: readonly Uint8Array[],
    fillCache = true,
  ): Promise<(Uint8Array | undefined)[]> {
    const n = keys.length;
    const out = new Array<Uint8Array | undefined>(n);
    const misses: number[] = [];
    const cache = p.cache;
    for (let i = 0; i < n; i++) {
      const e = cache.get(keyStrs[i]!);
      if (e === undefined) misses.push(i);
      else out[i] = e.value ?? undefined;
    }
    if (misses.length === 0) return out;
    const epoch = p.epoch;
    const dbKeys = new Array<Buffer>(misses.length);
    for (let j = 0; j < misses.length; j++) dbKeys[j] = dataKey(p.dataPrefix, keys[misses[j]!]!);
    const values = await this.getMany(dbKeys);
    const fill = fillCache && p.epoch === epoch;
    for (let j = 0; j < misses.length; j++) {
      const i = misses[j]!;
      const v = values[j];
      out[i] = v;
      if (fill) cache.set(keyStrs[i]!, v ?? null);
    }
    return out;
  }

  /** The value of one key at the partition's latest version. */
  async read(p: StorePartition, keyStr: string, key: Uint8Array): Promise<Uint8Array | undefined> {
    const e = p.cache.get(keyStr);
    if (e !== undefined) return e.value ?? undefined;
    const epoch = p.epoch;
    let v: Buffer | undefined;
    try {
      v = await this.db.get(dataKey(p.dataPrefix, key));
    } catch (err) {
      throw ioError('read', err);
    }
    if (p.epoch === epoch) p.cache.set(keyStr, v ?? null);
    return v;
  }

  /** The cached value at the latest version without touching LevelDB: null = absent, undefined = not cached. */
  peek(p: StorePartition, keyStr: string): Uint8Array | null | undefined {
    return p.cache.get(keyStr)?.value;
  }

  /** An iterator over the partition's latest table in key order (keys include the partition prefix). */
  scan(p: StorePartition): StateDbIterator {
    return this.db.iterator({ gte: p.dataPrefix, lt: p.dataEnd, highWaterMarkBytes: SCAN_CHUNK_BYTES });
  }

  private async getMany(keys: Buffer[]): Promise<(Buffer | undefined)[]> {
    try {
      if (keys.length < SPLIT_READ_KEYS) return await this.db.getMany(keys);
      const parts = Math.min(MAX_CONCURRENT_READS, Math.ceil(keys.length / SPLIT_READ_KEYS));
      const size = Math.ceil(keys.length / parts);
      const pending: Promise<(Buffer | undefined)[]>[] = [];
      for (let s = 0; s < keys.length; s += size) pending.push(this.db.getMany(keys.slice(s, s + size)));
      return (await Promise.all(pending)).flat();
    } catch (err) {
      throw ioError('read', err);
    }
  }
}
