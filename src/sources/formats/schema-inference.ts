/**
 * Schema inference for static reads of text formats without declared columns (`session.read.csv(path)`,
 * `CREATE TABLE t WITH (connector = 'file', format = 'json', …)`), over every file's content, as Spark does:
 *
 * - csv: column names from the first file's header (`header = true`) or `_c0`, `_c1`, …; the number of columns is
 *   that of the first record. With `inferSchema = true` each column gets the narrowest of INT, BIGINT, DOUBLE,
 *   BOOLEAN, DATE, TIMESTAMP, STRING that reads all its non-null values (INT and BIGINT widen to DOUBLE, DATE to
 *   TIMESTAMP, anything else mixed to STRING); otherwise every column is STRING. Records with another number of
 *   fields, and malformed ones, do not take part.
 * - json: the union of the keys of all records, sorted by name; integral numbers are BIGINT, other numbers DOUBLE,
 *   strings STRING, booleans BOOLEAN, objects STRUCTs and arrays ARRAYs (inferred the same way, recursively);
 *   BIGINT and DOUBLE widen to DOUBLE, other conflicts to STRING; a key only ever null is STRING.
 *   Lines that are not JSON objects do not take part (with `multiLine`, each file is one document).
 */
import {
  arrayType, BigIntType, BooleanType, DateType, DoubleType, IntType, NullType, StringType, structField, structType,
  TimestampType, type DataType,
} from '../../types/data-type.js';
import { field, schema, type Schema } from '../../types/schema.js';
import { parseDate } from '../../types/temporal.js';
import { csvValueParser } from './csv-format-reader.js';
import { CsvRecordScanner, type CsvSyntax } from './csv-record-scanner.js';

const CSV_CANDIDATES: readonly DataType[] = [IntType, BigIntType, DoubleType, BooleanType, DateType, TimestampType];

export function inferCsvSchema(texts: readonly string[], syntax: CsvSyntax, inferTypes: boolean): Schema {
  let names: string[] | null = null;
  let types: (DataType | null)[] = [];
  const parsers = CSV_CANDIDATES.map(csvValueParser);
  for (const text of texts) {
    const scanner = new CsvRecordScanner(text, syntax);
    let first = true;
    while (scanner.next()) {
      const isHeader = first && syntax.header;
      first = false;
      if (scanner.error !== null) continue;
      if (names === null) {
        names = scanner.tokens.map((t, i) => (syntax.header && t !== '' ? t : `_c${i}`));
        types = names.map(() => null);
        if (isHeader) continue;
      }
      if (isHeader || scanner.tokens.length !== names.length) continue;
      if (!inferTypes) continue;
      scanner.tokens.forEach((token, k) => {
        const isNull = scanner.quoted[k] ? syntax.nullValue !== '' && token === syntax.nullValue : token === syntax.nullValue;
        if (isNull) return;
        types[k] = widerCsvType(types[k]!, narrowestCsvType(token, parsers));
      });
    }
  }
  if (names === null) return schema([]);
  return schema(names.map((n, i) => field(n, types[i] ?? StringType)));
}

function narrowestCsvType(token: string, parsers: readonly ((s: string) => unknown)[]): DataType {
  for (let i = 0; i < CSV_CANDIDATES.length; i++) {
    const t = CSV_CANDIDATES[i]!;
    // A date-only pattern is a DATE; the timestamp parser would take it too.
    if (t.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(token)) continue;
    if (t.kind === 'date' && parseDate(token) === null) continue;
    if (parsers[i]!(token) !== undefined) return t;
  }
  return StringType;
}

function widerCsvType(a: DataType | null, b: DataType): DataType {
  if (a === null || a === b) return b;
  const numeric = [IntType, BigIntType, DoubleType];
  const ia = numeric.indexOf(a), ib = numeric.indexOf(b);
  if (ia >= 0 && ib >= 0) return numeric[Math.max(ia, ib)]!;
  if ((a === DateType && b === TimestampType) || (a === TimestampType && b === DateType)) return TimestampType;
  return StringType;
}

export function inferJsonSchema(texts: readonly string[], multiLine: boolean): Schema {
  let merged: DataType = NullType;
  const take = (v: unknown): void => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) merged = widerJsonType(merged, jsonTypeOf(v));
  };
  for (const text of texts) {
    if (multiLine) {
      let doc: unknown;
      try { doc = JSON.parse(text); } catch { continue; }
      if (Array.isArray(doc)) doc.forEach(take);
      else take(doc);
      continue;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try { take(JSON.parse(line)); } catch { /* malformed lines do not shape the schema */ }
    }
  }
  if (merged.kind !== 'struct') return schema([]);
  return schema(merged.fields.map((f) => field(f.name, nullToString(f.type))));
}

function jsonTypeOf(v: unknown): DataType {
  if (v === null) return NullType;
  if (typeof v === 'boolean') return BooleanType;
  if (typeof v === 'number') return Number.isInteger(v) ? BigIntType : DoubleType;
  if (typeof v === 'string') return StringType;
  if (Array.isArray(v)) {
    let e: DataType = NullType;
    for (const x of v) e = widerJsonType(e, jsonTypeOf(x));
    return arrayType(e);
  }
  const keys = Object.keys(v as object).sort();
  return structType(keys.map((k) => structField(k, jsonTypeOf((v as Record<string, unknown>)[k]))));
}

function widerJsonType(a: DataType, b: DataType): DataType {
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (a.kind === b.kind && a.kind !== 'array' && a.kind !== 'struct') return a;
  if ((a.kind === 'bigint' || a.kind === 'double') && (b.kind === 'bigint' || b.kind === 'double')) return DoubleType;
  if (a.kind === 'array' && b.kind === 'array') return arrayType(widerJsonType(a.element, b.element));
  if (a.kind === 'struct' && b.kind === 'struct') {
    const byName = new Map<string, DataType>();
    for (const f of a.fields) byName.set(f.name, f.type);
    for (const f of b.fields) byName.set(f.name, widerJsonType(byName.get(f.name) ?? NullType, f.type));
    return structType([...byName.keys()].sort().map((k) => structField(k, byName.get(k)!)));
  }
  return StringType;
}

function nullToString(t: DataType): DataType {
  switch (t.kind) {
    case 'null': return StringType;
    case 'array': return arrayType(nullToString(t.element));
    case 'struct': return structType(t.fields.map((f) => structField(f.name, nullToString(f.type))));
    default: return t;
  }
}
