/**
 * Hive-style partition directories: `<dir>/dt=2026-01-01/country=DE/part-….json` holds rows whose `dt` is
 * 2026-01-01 and whose `country` is DE. Readers turn the `key=value` segments of a file's path below the input's
 * base directory into column values; the file sink with `partitionBy` writes them.
 *
 * Values are written as text: DATE `2026-01-01`, TIMESTAMP `2026-01-01 12:00:00[.ffffff]`, numbers and booleans
 * as JavaScript prints them, strings as they are (the empty string counts as NULL); then the characters that
 * cannot stand in a path segment (quotes, `#`, `%`, `*`, the slash, `:`, `=`, `?`, the backslash, brackets,
 * braces, `^`, DEL and control characters) are escaped as `%XX`. NULL is `__HIVE_DEFAULT_PARTITION__`.
 * This is Spark's convention, so Spark, DuckDB and Hive read the directories the same way.
 */
import {
  BigIntType, DateType, DoubleType, IntType, StringType, TimestampType, typeToString, type DataType,
} from '../types/data-type.js';
import { SluiceError } from '../types/errors.js';
import { formatDate, formatTimestampSql, parseDate, parseTimestamp } from '../types/temporal.js';

export const HIVE_DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

const NEEDS_ESCAPE = /["#%'*/:=?\\[\]^{}\x00-\x1f\x7f]/g;

export function escapePartitionValue(s: string): string {
  return s.replace(NEEDS_ESCAPE, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function unescapePartitionValue(s: string): string {
  if (!s.includes('%')) return s;
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** A directory name of the form `key=value` (key non-empty, not hidden). */
export function isPartitionDirName(name: string): boolean {
  const eq = name.indexOf('=');
  return eq > 0 && !name.startsWith('.') && !name.startsWith('_');
}

/**
 * The `key=value` directory segments between `baseDir` and the file, outermost first, values unescaped (NULL as
 * null). Segments that are not of that form end the partition path: only the directories right below the base
 * count, as they are the only ones a listing descends into.
 */
export function partitionSegments(baseDir: string, file: string): readonly (readonly [string, string | null])[] {
  const prefix = baseDir.endsWith('/') ? baseDir : `${baseDir}/`;
  if (!file.startsWith(prefix)) return [];
  const parts = file.slice(prefix.length).split('/');
  parts.pop();
  const out: [string, string | null][] = [];
  for (const p of parts) {
    if (!isPartitionDirName(p)) break;
    const eq = p.indexOf('=');
    const raw = p.slice(eq + 1);
    out.push([unescapePartitionValue(p.slice(0, eq)), raw === HIVE_DEFAULT_PARTITION ? null : unescapePartitionValue(raw)]);
  }
  return out;
}

/** The text a value of a partition column is written as (before escaping); NULL is the Hive default. */
export function partitionValueText(v: unknown, t: DataType): string {
  if (v === null || v === undefined) return HIVE_DEFAULT_PARTITION;
  switch (t.kind) {
    case 'date': return formatDate(v as number);
    case 'timestamp': return formatTimestampSql(v as number);
    case 'boolean': return v ? 'true' : 'false';
    case 'string': return v === '' ? HIVE_DEFAULT_PARTITION : (v as string);
    default: return String(v);
  }
}

/** Whether a column of this type can be a partition column. */
export function isPartitionable(t: DataType): boolean {
  switch (t.kind) {
    case 'boolean': case 'int': case 'bigint': case 'double': case 'decimal': case 'string': case 'date': case 'timestamp':
      return true;
    default:
      return false;
  }
}

/** The value of partition text for a column of type `t`; null for NULL or text that does not read as `t`. */
export function parsePartitionValue(text: string | null, t: DataType): unknown {
  if (text === null) return null;
  switch (t.kind) {
    case 'string': return text;
    case 'int': {
      const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
      return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 ? n : null;
    }
    case 'bigint': {
      const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
      return Number.isSafeInteger(n) ? n : null;
    }
    case 'double': case 'decimal': {
      const n = Number(text);
      return text.trim() !== '' && !Number.isNaN(n) ? n : text === 'NaN' ? NaN : null;
    }
    case 'boolean': {
      const l = text.toLowerCase();
      return l === 'true' ? true : l === 'false' ? false : null;
    }
    case 'date': return parseDate(text);
    case 'timestamp': return parseTimestamp(text);
    default:
      throw new SluiceError('UNSUPPORTED', `a partition column cannot be of type ${typeToString(t)}`);
  }
}

/**
 * The type Spark would infer for a partition column from its values: INT, then BIGINT, DOUBLE, DATE, TIMESTAMP,
 * else STRING — the narrowest that reads every non-null value.
 */
export function inferPartitionType(values: Iterable<string | null>): DataType {
  const candidates: DataType[] = [IntType, BigIntType, DoubleType, DateType, TimestampType];
  let alive = candidates.map(() => true);
  let any = false;
  for (const v of values) {
    if (v === null) continue;
    any = true;
    alive = alive.map((ok, i) => ok && fits(v, candidates[i]!));
  }
  if (!any) return StringType;
  const k = alive.indexOf(true);
  return k < 0 ? StringType : candidates[k]!;
}

function fits(text: string, t: DataType): boolean {
  switch (t.kind) {
    case 'date': return /^\d{4}-\d{2}-\d{2}$/.test(text) && parseDate(text) !== null;
    case 'timestamp': return /^\d{4}-\d{2}-\d{2}[ T]\d/.test(text) && parseTimestamp(text) !== null;
    case 'double': return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text);
    default: return parsePartitionValue(text, t) !== null;
  }
}
