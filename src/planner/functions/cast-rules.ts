/**
 * Which explicit CASTs Spark allows (non-ANSI `Cast.canCast`). Anything becomes a STRING; a STRING becomes
 * any atomic type or an interval; numbers, booleans, dates and timestamps convert among themselves except that
 * nothing but a string or a timestamp becomes a DATE; BINARY comes from strings and integers; arrays, maps and
 * structs convert element- and field-wise. Whether a particular value converts is decided at run time: a value
 * that does not fit becomes NULL (execution/cast.ts).
 */
import type { DataType } from '../../types/data-type.js';
import { isIntegral, isNumeric, sameType } from '../../types/data-type.js';

/**
 * Whether `CAST(<from> AS <to>)` type-checks.
 *
 * ```ts
 * canCast(StringType, IntType);  // true (bad text becomes NULL at run time)
 * canCast(IntType, DateType);    // false, as in Spark
 * ```
 */
export function canCast(from: DataType, to: DataType): boolean {
  if (sameType(from, to) || from.kind === 'null') return true;
  switch (to.kind) {
    case 'string':
      return true;
    case 'boolean': case 'int': case 'bigint': case 'double': case 'decimal':
      return from.kind === 'string' || from.kind === 'boolean' || isNumeric(from) || from.kind === 'date' || from.kind === 'timestamp';
    case 'timestamp':
      return from.kind === 'string' || from.kind === 'boolean' || isNumeric(from) || from.kind === 'date';
    case 'date':
      return from.kind === 'string' || from.kind === 'timestamp';
    case 'binary':
      return from.kind === 'string' || isIntegral(from);
    case 'interval':
      return from.kind === 'string';
    case 'array':
      return from.kind === 'array' && canCast(from.element, to.element);
    case 'map':
      return from.kind === 'map' && canCast(from.key, to.key) && canCast(from.value, to.value);
    case 'struct':
      return from.kind === 'struct' && from.fields.length === to.fields.length
        && from.fields.every((f, i) => canCast(f.type, to.fields[i]!.type));
    case 'null':
      return false;
  }
}
