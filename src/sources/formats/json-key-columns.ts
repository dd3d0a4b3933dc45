/**
 * Which column a JSON key fills: a column of exactly that name, else the first column whose name matches it
 * case-insensitively, else none (-1). The corrupt-record column is never filled from the data. Resolved spellings
 * are cached, up to a bound, so data with random keys cannot grow the cache forever.
 */
import type { Schema } from '../../types/schema.js';

const KEY_CACHE_LIMIT = 4096;

export class JsonKeyColumns {
  /** key as written → column index, or -1 for a key without a column. */
  private readonly cache = new Map<string, number>();
  private readonly lowerNames = new Map<string, number>();

  constructor(schema: Schema, corruptColumn: number) {
    schema.fields.forEach((f, i) => {
      if (i === corruptColumn) return;
      this.cache.set(f.name, i);
      const lower = f.name.toLowerCase();
      if (!this.lowerNames.has(lower)) this.lowerNames.set(lower, i);
    });
  }

  columnOf(key: string): number {
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const idx = this.lowerNames.get(key.toLowerCase()) ?? -1;
    if (this.cache.size < KEY_CACHE_LIMIT) this.cache.set(key, idx);
    return idx;
  }
}
