/**
 * A byte-bounded cache of hot state keys, shared by all partitions of a state store manager. Each partition has
 * its own segment (a Map keyed by the user key as a latin1 string, so lookups need no prefix concatenation); the
 * byte budget is global.
 *
 * Replacement is CLOCK (second chance), an approximation of LRU that costs a hit one flag write instead of
 * re-ordering a Map: a hit marks the entry referenced; when the cache is over budget, each segment is trimmed by
 * the same fraction, walking it from its oldest insertion, evicting unreferenced entries and giving referenced ones
 * a second chance (flag cleared, moved to the young end).
 *
 * A segment caches values of its partition's latest committed version only, including "known absent" (null).
 */

/**
 * A key's bytes as a latin1 string (one char per byte, so distinct keys give distinct strings and string order
 * is byte order): the form keys take in the cache and in a store's change buffer.
 */
export function keyString(key: Uint8Array): string {
  return (Buffer.isBuffer(key) ? key : Buffer.from(key.buffer, key.byteOffset, key.length)).toString('latin1');
}

/** Rough fixed cost of one entry (Map slot, entry object, string and buffer headers), in bytes. */
const ENTRY_OVERHEAD_BYTES = 96;
/** After trimming, the cache is at most this fraction of its budget, so trims are rare and amortized. */
const TRIM_TARGET = 0.9;

export interface CacheEntry {
  /** The value; null means the key is known to be absent. */
  value: Uint8Array | null;
  size: number;
  referenced: boolean;
}

export class CacheSegment {
  readonly entries = new Map<string, CacheEntry>();
  bytes = 0;

  constructor(private readonly cache: HotKeyCache) {}

  get(key: string): CacheEntry | undefined {
    const e = this.entries.get(key);
    if (e !== undefined) e.referenced = true;
    return e;
  }

  set(key: string, value: Uint8Array | null): void {
    const size = key.length + (value === null ? 0 : value.length) + ENTRY_OVERHEAD_BYTES;
    const e = this.entries.get(key);
    if (e !== undefined) {
      this.cache.bytes += size - e.size;
      this.bytes += size - e.size;
      e.value = value;
      e.size = size;
      e.referenced = true;
    } else {
      if (size > this.cache.capacityBytes) return;
      this.entries.set(key, { value, size, referenced: false });
      this.cache.bytes += size;
      this.bytes += size;
    }
    if (this.cache.bytes > this.cache.capacityBytes) this.cache.trim();
  }

  delete(key: string): void {
    const e = this.entries.get(key);
    if (e === undefined) return;
    this.entries.delete(key);
    this.cache.bytes -= e.size;
    this.bytes -= e.size;
  }

  clear(): void {
    this.cache.bytes -= this.bytes;
    this.bytes = 0;
    this.entries.clear();
  }

  /** Evicts entries until the segment holds at most `targetBytes`. */
  trimTo(targetBytes: number): void {
    let secondChances = 0;
    for (const [key, e] of this.entries) {
      if (this.bytes <= targetBytes) return;
      if (e.referenced && secondChances < this.entries.size) {
        // Re-inserting moves the entry behind everything else, so the loop meets it again only after every
        // other entry had its chance; the counter bounds the walk when everything is referenced.
        e.referenced = false;
        secondChances++;
        this.entries.delete(key);
        this.entries.set(key, e);
        continue;
      }
      this.entries.delete(key);
      this.bytes -= e.size;
      this.cache.bytes -= e.size;
    }
  }
}

export class HotKeyCache {
  bytes = 0;
  private readonly segments = new Set<CacheSegment>();

  constructor(readonly capacityBytes: number) {}

  segment(): CacheSegment {
    const s = new CacheSegment(this);
    this.segments.add(s);
    return s;
  }

  /** Shrinks every segment by the same fraction so the total falls to TRIM_TARGET of the budget. */
  trim(): void {
    const fraction = (this.capacityBytes * TRIM_TARGET) / this.bytes;
    for (const s of this.segments) s.trimTo(Math.floor(s.bytes * fraction));
  }
}
