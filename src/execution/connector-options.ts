/**
 * A connector's options as the user wrote them (`WITH (maxFilesPerTrigger = 1)`, `.option('header', true)`):
 * keys are case-insensitive, values strings, and a value that does not fit its option is an error naming both
 * the option and the connector. Sources and sinks both read their options through it, so it lives here rather
 * than in either folder.
 *
 * ```ts
 * const o = new ConnectorOptions({ MaxFilesPerTrigger: '2' }, 'file source');
 * o.positiveInt('maxFilesPerTrigger');   // 2
 * o.bool('header', false);               // false
 * ```
 */
import { SluiceError } from '../types/errors.js';
import { intervalMicros, MICROS_PER_MS, parseIntervalString } from '../types/temporal.js';

export class ConnectorOptions {
  private readonly values = new Map<string, string>();

  /** `label` names the connector and its role in errors, e.g. `file source` or `kafka sink`. */
  constructor(options: Readonly<Record<string, string>>, private readonly label: string) {
    for (const [k, v] of Object.entries(options)) this.values.set(k.toLowerCase(), String(v));
  }

  has(key: string): boolean {
    return this.values.has(key.toLowerCase());
  }

  string(key: string): string | undefined;
  string(key: string, fallback: string): string;
  string(key: string, fallback?: string): string | undefined {
    return this.values.get(key.toLowerCase()) ?? fallback;
  }

  required(key: string): string {
    const v = this.string(key);
    if (v === undefined || v === '') throw this.error(`option '${key}' is required`);
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.string(key);
    if (v === undefined) return fallback;
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
    throw this.error(`option '${key}' must be true or false, got ${JSON.stringify(v)}`);
  }

  /** An integer ≥ 1, or undefined when absent. */
  positiveInt(key: string): number | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    const n = Number(v.trim());
    if (!Number.isSafeInteger(n) || n < 1) throw this.error(`option '${key}' must be a positive integer, got ${JSON.stringify(v)}`);
    return n;
  }

  /** An integer ≥ 0. */
  nonNegativeInt(key: string, fallback: number): number {
    const v = this.string(key);
    if (v === undefined) return fallback;
    const n = Number(v.trim());
    if (!Number.isSafeInteger(n) || n < 0) throw this.error(`option '${key}' must be a non-negative integer, got ${JSON.stringify(v)}`);
    return n;
  }

  /** An integer (possibly negative). */
  int(key: string, fallback: number): number {
    const v = this.string(key);
    if (v === undefined) return fallback;
    const n = Number(v.trim());
    if (!Number.isSafeInteger(n)) throw this.error(`option '${key}' must be an integer, got ${JSON.stringify(v)}`);
    return n;
  }

  /**
   * A duration in ms: an interval (`'7 days'`, `'10s'`, `'500 milliseconds'`) or a bare number taken in
   * `bareUnit` (Spark reads `rampUpTime = 5` as seconds).
   */
  durationMs(key: string, fallbackMs: number, bareUnit: 'seconds' | 'milliseconds' = 'seconds'): number {
    const v = this.string(key);
    if (v === undefined) return fallbackMs;
    const t = v.trim();
    if (/^\d+(\.\d+)?$/.test(t)) return bareUnit === 'seconds' ? Number(t) * 1000 : Number(t);
    const glued = /^(\d+(?:\.\d+)?)([a-z]+)$/i.exec(t);
    const iv = parseIntervalString(glued ? `${glued[1]} ${glued[2]}` : t);
    const micros = iv === null ? null : intervalMicros(iv);
    if (micros === null || micros < 0) throw this.error(`option '${key}' must be a duration such as '10 seconds', got ${JSON.stringify(v)}`);
    return micros / MICROS_PER_MS;
  }

  /** One of `allowed` (compared case-insensitively), returned in the spelling of `allowed`. */
  choice<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const v = this.string(key);
    if (v === undefined) return fallback;
    const hit = allowed.find((a) => a.toLowerCase() === v.trim().toLowerCase());
    if (hit === undefined) throw this.error(`option '${key}' must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
    return hit;
  }

  /** A single character (CSV delimiters and quotes); `\t` and the word `tab` mean a tab. */
  char(key: string, fallback: string, aliases: readonly string[] = []): string {
    let v = this.string(key);
    for (const a of aliases) v ??= this.string(a);
    if (v === undefined) return fallback;
    if (v === '\\t' || v.toLowerCase() === 'tab') return '\t';
    if (v.length !== 1) throw this.error(`option '${key}' must be a single character, got ${JSON.stringify(v)}`);
    return v;
  }

  error(message: string): SluiceError {
    return new SluiceError('ANALYSIS_ERROR', `${this.label}: ${message}`);
  }
}
