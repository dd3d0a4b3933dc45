/**
 * What the manager knows in memory about one (operator, partition): its partition record (latest and oldest
 * loadable version, key count — see state-store-layout.ts), its key prefix and its segment of the hot-key cache.
 * Only the manager changes the version fields, and only after the write batch that persists them succeeded.
 */
import type { CacheSegment } from './hot-key-cache.js';
import { dataPrefix, prefixEnd } from './state-store-layout.js';

export class StorePartition {
  readonly dataPrefix: Buffer;
  readonly dataEnd: Buffer;
  latestVersion = 0;
  oldestVersion = 0;
  /** Number of keys at `latestVersion`. */
  numKeys = 0;
  /**
   * Bumped when a commit of this partition starts and when it ends. A read that went to LevelDB fills the cache
   * only if the epoch did not move meanwhile, so a value read before a commit never lands in the cache after it.
   */
  epoch = 0;

  constructor(
    readonly operatorId: number,
    readonly partitionId: number,
    readonly cache: CacheSegment,
  ) {
    this.dataPrefix = dataPrefix(operatorId, partitionId);
    this.dataEnd = prefixEnd(this.dataPrefix);
  }
}
