/**
 * The Source contract (DESIGN.md §5). A source is replayable: the same (start, end] range always yields the
 * same rows, so a batch re-run after a crash sees exactly what the first run saw. Offsets are JSON values that
 * the engine stores in the offset log and hands back unchanged.
 */
import type { Schema } from '../types/schema.js';
import type { Batch } from './batch.js';

export type Offset = null | boolean | number | string | Offset[] | { [key: string]: Offset };

/** What the engine gives a source when a query starts. */
export interface SourceContext {
  /** A directory the source owns inside the checkpoint (`sources/<n>/`), for logs of its own. */
  readonly metadataPath: string;
  /** Records that a malformed record was dropped (DROPMALFORMED), for the batch's progress. */
  readonly onMalformedDropped?: (count: number) => void;
}

export interface Source {
  /** The rows' schema, fixed for the life of the query. */
  schema(): Schema;
  /** False for a source that cannot replay (socket): the engine warns that the query is not fault-tolerant. */
  readonly replayable: boolean;
  /** Called once before the first `latestOffset`. */
  initialize?(ctx: SourceContext): Promise<void>;
  /**
   * The newest offset available now, or null when there is no data yet. `limit` caps how far one batch may
   * reach (maxFilesPerTrigger and the like are applied here, relative to `start`).
   */
  latestOffset(start: Offset | null): Promise<Offset | null>;
  /** Rows in (start, end]. */
  getBatch(start: Offset | null, end: Offset): Promise<Batch[]>;
  /** Data up to `end` is processed and committed; the source may discard it. */
  commit(end: Offset): Promise<void>;
  stop(): Promise<void>;
  /**
   * For the available-now trigger: fix the offset that counts as "everything available at start". Batches then
   * never reach past it. Sources without the notion simply use their latest offset.
   */
  prepareForAvailableNow?(): Promise<void>;
}
