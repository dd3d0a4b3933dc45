import type { Batch } from './batch.js';

/**
 * What a static table's `RelationSource.handle` implements: reading the table's rows, only the columns
 * asked for (indexes into the table's schema, in that order).
 */
export interface ScanProvider {
  scan(columns: readonly number[]): Promise<Batch>;
}

export function isScanProvider(x: unknown): x is ScanProvider {
  return typeof x === 'object' && x !== null && typeof (x as ScanProvider).scan === 'function';
}
