/**
 * What the manager knows in memory about one (operator, partition): its partition record (latest and oldest
 * loadable version, key count — see state-store-layout.ts), its page index and its share of the page cache.
 * Only the manager changes the version fields and the page index, and only after the write batch that persists
 * them succeeded.
 */
import { pagePrefix, prefixEnd } from './state-store-layout.js';
import type { PageRef } from './state-page.js';

export class StorePartition {
  readonly pagePrefix: Buffer;
  readonly pageEnd: Buffer;
  latestVersion = 0;
  oldestVersion = 0;
  /** Number of keys at `latestVersion`. */
  numKeys = 0;
  /** The pages of the latest table in key order (empty before the first commit that wrote a key). */
  pages: PageRef[] = [];
  /** Bytes of this partition's cached pages. */
  cachedBytes = 0;
  /** Where the page cache's clock hand stands in `pages`. */
  clockHand = 0;
  /**
   * Bumped when a commit of this partition starts and when it ends. A read that went to LevelDB trusts its pages
   * only if the epoch did not move meanwhile: a commit may have replaced or deleted them.
   */
  epoch = 0;

  constructor(
    readonly operatorId: number,
    readonly partitionId: number,
  ) {
    this.pagePrefix = pagePrefix(operatorId, partitionId);
    this.pageEnd = prefixEnd(this.pagePrefix);
  }
}
