/**
 * A byte-bounded cache of parsed pages of the latest tables, shared by all partitions of a state store manager.
 * A cached page hangs off its PageRef in the partition's page index; the cache only keeps the byte counts and
 * decides what to drop.
 *
 * Replacement is CLOCK (second chance), an approximation of LRU that costs a hit one flag write: a hit marks the
 * page referenced; when the cache is over budget, each partition is trimmed by the same fraction, its clock hand
 * walking its page index, dropping unreferenced pages and clearing the flag of referenced ones. Pages enter
 * unreferenced, so a batch that sweeps more pages than the cache holds (a scan, or a state larger than the
 * budget) evicts its own pages first and leaves the hot ones alone. Caching is per page of about 4 KiB, so
 * filling and evicting cost per page, not per key.
 */
import type { PageRef, StatePage } from './state-page.js';
import type { StorePartition } from './store-partition.js';

/** After trimming, the cache is at most this fraction of its budget, so trims are rare and amortized. */
const TRIM_TARGET = 0.9;

export class PageCache {
  bytes = 0;
  private readonly partitions = new Set<StorePartition>();

  constructor(readonly capacityBytes: number) {}

  register(p: StorePartition): void {
    this.partitions.add(p);
  }

  /** Caches `page` as `ref`'s content (replacing what it held). Call `trim` when done adding. */
  admit(p: StorePartition, ref: PageRef, page: StatePage): void {
    const size = page.memoryBytes;
    if (size > this.capacityBytes) return;
    this.release(p, ref);
    ref.content = page;
    p.cachedBytes += size;
    this.bytes += size;
  }

  /** Forgets `ref`'s content (its page was evicted, replaced or deleted). */
  release(p: StorePartition, ref: PageRef): void {
    const page = ref.content;
    if (page === undefined) return;
    ref.content = undefined;
    ref.referenced = false;
    p.cachedBytes -= page.memoryBytes;
    this.bytes -= page.memoryBytes;
  }

  /** When over budget, shrinks every partition by the same fraction so the total falls to TRIM_TARGET of it. */
  trim(): void {
    if (this.bytes <= this.capacityBytes) return;
    const fraction = (this.capacityBytes * TRIM_TARGET) / this.bytes;
    for (const p of this.partitions) this.trimPartition(p, Math.floor(p.cachedBytes * fraction));
  }

  private trimPartition(p: StorePartition, targetBytes: number): void {
    const pages = p.pages;
    const n = pages.length;
    let hand = p.clockHand < n ? p.clockHand : 0;
    // Two rounds: the first may only clear flags.
    for (let steps = 0; steps < 2 * n && p.cachedBytes > targetBytes; steps++) {
      const ref = pages[hand]!;
      if (ref.content !== undefined) {
        if (ref.referenced) ref.referenced = false;
        else this.release(p, ref);
      }
      hand = hand + 1 < n ? hand + 1 : 0;
    }
    p.clockHand = hand;
  }
}
