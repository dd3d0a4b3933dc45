/**
 * Compares rows by sort keys (ascending/descending, NULLS FIRST/LAST), reading typed arrays directly for
 * fixed-width keys. Ties compare equal; callers that need stability break ties by row index.
 */
import { isFixedWidth } from '../../types/data-type.js';
import type { Column, FixedData } from '../column.js';
import { compareNumbers, compareStrings, compareValues } from '../value-compare.js';

export interface SortKey {
  readonly column: Column;
  readonly ascending: boolean;
  readonly nullsFirst: boolean;
}

export type RowComparator = (a: number, b: number) => number;

export function rowComparator(keys: readonly SortKey[]): RowComparator {
  const parts = keys.map(keyComparator);
  if (parts.length === 1) return parts[0]!;
  return (a, b) => {
    for (let k = 0; k < parts.length; k++) {
      const c = parts[k]!(a, b);
      if (c !== 0) return c;
    }
    return 0;
  };
}

function keyComparator(k: SortKey): RowComparator {
  const c = k.column, dir = k.ascending ? 1 : -1, nullDir = k.nullsFirst ? -1 : 1;
  if (isFixedWidth(c.type)) {
    const d = c.data as FixedData, nulls = c.nulls;
    const isDouble = c.type.kind === 'double';
    return (a, b) => {
      if (nulls !== null) {
        const an = nulls[a] === 1, bn = nulls[b] === 1;
        if (an || bn) return an && bn ? 0 : an ? nullDir : -nullDir;
      }
      const x = d[a]!, y = d[b]!;
      if (isDouble) return dir * compareNumbers(x, y);
      return x < y ? -dir : x > y ? dir : 0;
    };
  }
  const d = c.data as unknown[];
  const isString = c.type.kind === 'string';
  return (a, b) => {
    const x = d[a], y = d[b];
    const an = x === null, bn = y === null;
    if (an || bn) return an && bn ? 0 : an ? nullDir : -nullDir;
    return dir * (isString ? compareStrings(x as string, y as string) : compareValues(x, y, c.type));
  };
}
