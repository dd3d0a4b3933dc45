/**
 * When a streaming query runs its micro-batches (DESIGN.md §4), with Spark's four kinds:
 * - `default`: the next batch starts as soon as the previous one ends and new data is there; an idle query checks
 *   for data every few milliseconds.
 * - `processingTime`: one trigger every `intervalMs`, aligned to multiples of the interval; a batch that takes
 *   longer than the interval is followed by the next trigger at once.
 * - `once`: a single batch with all data available at start (ignoring per-trigger limits such as
 *   `maxFilesPerTrigger`, like Spark's `Trigger.Once`), then the query stops.
 * - `availableNow`: all data available at start, in as many batches as the per-trigger limits allow, then the
 *   batch the final watermark requires, then the query stops.
 *
 * ```ts
 * parseTrigger('available-now');  // { kind: 'availableNow' }
 * parseTrigger('10 seconds');     // { kind: 'processingTime', intervalMs: 10000 }
 * triggerFromSpec({ processingTime: '1 second' });
 * ```
 */
import { SluiceError } from '../types/errors.js';
import { intervalMicros, MICROS_PER_MS, parseIntervalString } from '../types/temporal.js';

export type Trigger =
  | { readonly kind: 'default' }
  | { readonly kind: 'processingTime'; readonly intervalMs: number }
  | { readonly kind: 'once' }
  | { readonly kind: 'availableNow' };

export type TriggerKind = Trigger['kind'];

export const defaultTrigger: Trigger = Object.freeze({ kind: 'default' });
export const onceTrigger: Trigger = Object.freeze({ kind: 'once' });
export const availableNowTrigger: Trigger = Object.freeze({ kind: 'availableNow' });

/** A processing-time trigger from milliseconds or an interval string (`'1 second'`, `'500 milliseconds'`). */
export function processingTimeTrigger(interval: number | string): Trigger {
  const ms = typeof interval === 'number' ? interval : intervalTextToMs(interval);
  if (!Number.isFinite(ms) || ms < 0) {
    throw new SluiceError('ANALYSIS_ERROR', `a processing-time trigger needs a non-negative interval, got ${JSON.stringify(interval)}`);
  }
  // Spark treats an interval of 0 as "as fast as possible", which is the default trigger.
  return ms === 0 ? defaultTrigger : Object.freeze({ kind: 'processingTime', intervalMs: ms });
}

/** The DataFrame API's `trigger({...})` argument, with Spark's option names. */
export interface TriggerSpec {
  readonly processingTime?: number | string;
  readonly once?: boolean;
  readonly availableNow?: boolean;
}

export function triggerFromSpec(spec: TriggerSpec): Trigger {
  const chosen = [spec.processingTime !== undefined, spec.once === true, spec.availableNow === true].filter(Boolean).length;
  if (chosen > 1) throw new SluiceError('ANALYSIS_ERROR', 'choose one trigger: processingTime, once or availableNow');
  if (spec.processingTime !== undefined) return processingTimeTrigger(spec.processingTime);
  if (spec.once === true) return onceTrigger;
  if (spec.availableNow === true) return availableNowTrigger;
  return defaultTrigger;
}

/** The CLI's `--trigger` value: `available-now`, `once`, `default`, or an interval such as `5 seconds` / `500ms`. */
export function parseTrigger(text: string): Trigger {
  const t = text.trim().toLowerCase().replace(/[_\s-]+/g, '');
  if (t === 'availablenow') return availableNowTrigger;
  if (t === 'once') return onceTrigger;
  if (t === 'default' || t === '') return defaultTrigger;
  return processingTimeTrigger(text);
}

function intervalTextToMs(text: string): number {
  const trimmed = text.trim();
  // `500ms`, `10s`: a number glued to its unit.
  const glued = /^(\d+(?:\.\d+)?)([a-z]+)$/i.exec(trimmed);
  const iv = parseIntervalString(glued ? `${glued[1]} ${glued[2]}` : trimmed);
  const micros = iv === null ? null : intervalMicros(iv);
  if (micros === null) {
    throw new SluiceError('ANALYSIS_ERROR',
      `cannot read trigger ${JSON.stringify(text)}: use available-now, once, or an interval such as '10 seconds'`);
  }
  return micros / MICROS_PER_MS;
}
