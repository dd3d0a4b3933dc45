/**
 * Computes the query's event-time watermark from what each batch saw (DESIGN.md §6).
 *
 * Per watermark definition (each `withWatermark` / `WATERMARK FOR`), its watermark is the largest event time it
 * has seen minus its delay, and never decreases. The query's global watermark combines them by the policy
 * `sluice.multipleWatermarkPolicy` (Spark's `spark.sql.streaming.multipleWatermarkPolicy`): `min` (the default)
 * moves with the slowest input, so no input's rows are dropped as late because another input ran ahead; `max`
 * moves with the fastest. The global watermark never moves backwards either.
 *
 * A definition that has not seen any row yet counts as 0 (the epoch), exactly as Spark's WatermarkTracker does:
 * under `min`, the global watermark does not advance until every watermarked input has had data. (Spark's source
 * shows this; its guide states only that `min` "moves at the pace of the slowest stream".) Ignoring such an input
 * instead would let the other inputs push the watermark past rows it has not delivered yet, and they would be
 * dropped as late when they come.
 *
 * Per-definition watermarks live only in memory, as in Spark; the global one is persisted in the offset and commit
 * logs. After a restart every definition starts unseen again, which can only hold the global watermark still,
 * never move it back.
 */
import { SluiceError } from '../types/errors.js';

export type MultipleWatermarkPolicy = 'min' | 'max';

export const MULTIPLE_WATERMARK_POLICY_CONF = 'sluice.multipleWatermarkPolicy';

export function parseWatermarkPolicy(value: string | undefined): MultipleWatermarkPolicy {
  if (value === undefined) return 'min';
  const v = value.trim().toLowerCase();
  if (v === 'min' || v === 'max') return v;
  throw new SluiceError('ANALYSIS_ERROR', `${MULTIPLE_WATERMARK_POLICY_CONF} must be 'min' or 'max', got ${JSON.stringify(value)}`);
}

export class WatermarkTracker {
  /** Per definition: its watermark in ms, or undefined while it has seen no row. */
  private readonly perDefinition: (number | undefined)[];
  private globalMs: number;

  constructor(private readonly delaysMs: readonly number[], private readonly policy: MultipleWatermarkPolicy, initialMs: number) {
    this.perDefinition = delaysMs.map(() => undefined);
    this.globalMs = initialMs;
  }

  get currentMs(): number {
    return this.globalMs;
  }

  /**
   * Takes a batch's largest event time per definition (-Infinity where it had no rows) and returns the global
   * watermark for the next batch.
   */
  observe(maxEventTimeMs: readonly number[]): number {
    if (this.delaysMs.length === 0) return this.globalMs;
    let chosen = this.policy === 'min' ? Infinity : -Infinity;
    for (let i = 0; i < this.delaysMs.length; i++) {
      const max = maxEventTimeMs[i] ?? -Infinity;
      if (max !== -Infinity && Number.isFinite(max)) {
        const candidate = Math.floor(max) - this.delaysMs[i]!;
        const prev = this.perDefinition[i];
        if (prev === undefined || candidate > prev) this.perDefinition[i] = candidate;
      }
      const w = this.perDefinition[i] ?? 0;
      chosen = this.policy === 'min' ? Math.min(chosen, w) : Math.max(chosen, w);
    }
    if (chosen > this.globalMs) this.globalMs = chosen;
    return this.globalMs;
  }
}
