/**
 * The schema argument of `from_json(json, schema)`, which Spark takes as a constant string in one of three
 * forms: a DDL column list (`a INT, b STRING`, names optionally back-quoted), a single type
 * (`ARRAY<INT>`, `STRUCT<a: INT>`, `MAP<STRING, INT>`), or Spark's JSON schema format
 * (`{"type":"struct","fields":[{"name":"a","type":"integer","nullable":true,"metadata":{}}]}`).
 */
import {
  BigIntType, BinaryType, BooleanType, DateType, DoubleType, IntType, NullType, StringType, TimestampType,
  arrayType, decimalType, mapType, parseTypeName, structField, structType, type DataType, type StructField,
} from '../../types/data-type.js';
import { analysisError } from '../../types/errors.js';

/** The type `from_json` produces for `schemaText`; throws an ANALYSIS_ERROR naming the problem. */
export function resolveFromJson(schemaText: string): DataType {
  const text = schemaText.trim();
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw analysisError(`from_json: the schema is not valid JSON: ${schemaText}`);
    }
    const t = jsonSchemaType(parsed);
    if (!t) throw analysisError(`from_json: cannot read the JSON schema ${schemaText}`);
    return t;
  }
  const single = parseTypeName(text);
  if (single && (single.kind === 'struct' || single.kind === 'array' || single.kind === 'map')) return single;
  const fields = parseDdlColumns(text);
  if (!fields) {
    throw analysisError(`from_json: cannot parse the schema '${schemaText}'; write it as 'a INT, b STRING' or as a type such as 'ARRAY<INT>'`);
  }
  return structType(fields);
}

/** `a INT, b STRING, `c d` ARRAY<INT>` → fields, or undefined when a part does not parse. */
function parseDdlColumns(text: string): StructField[] | undefined {
  const parts = splitTopLevel(text);
  if (parts.length === 0) return undefined;
  const fields: StructField[] = [];
  for (const part of parts) {
    const m = /^\s*(?:`((?:[^`]|``)+)`|([A-Za-z_][A-Za-z0-9_]*))\s*:?\s*(.+?)\s*$/s.exec(part);
    if (!m) return undefined;
    const name = m[1] !== undefined ? m[1].replace(/``/g, '`') : m[2]!;
    const typeText = m[3]!.replace(/\s+NOT\s+NULL\s*$/i, '');
    const t = parseTypeName(typeText);
    if (!t) return undefined;
    fields.push(structField(name, t, typeText.length === m[3]!.length));
  }
  return fields;
}

/** Splits on commas that are not inside `<…>`, `(…)` or back-quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0, quoted = false, start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '`') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '<' || ch === '(') depth++;
    else if (ch === '>' || ch === ')') depth--;
    else if (ch === ',' && depth === 0) { parts.push(text.slice(start, i)); start = i + 1; }
  }
  const last = text.slice(start);
  if (last.trim() !== '' || parts.length > 0) parts.push(last);
  return parts.filter((p) => p.trim() !== '');
}

const jsonPrimitive: Record<string, DataType> = {
  null: NullType, boolean: BooleanType, byte: IntType, short: IntType, integer: IntType, long: BigIntType,
  float: DoubleType, double: DoubleType, string: StringType, binary: BinaryType, date: DateType,
  timestamp: TimestampType, timestamp_ntz: TimestampType,
};

function jsonSchemaType(v: unknown): DataType | undefined {
  if (typeof v === 'string') {
    const d = /^decimal\((\d+),\s*(\d+)\)$/.exec(v);
    return d ? decimalType(Number(d[1]), Number(d[2])) : jsonPrimitive[v];
  }
  if (v === null || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  switch (o['type']) {
    case 'array': {
      const e = jsonSchemaType(o['elementType']);
      return e ? arrayType(e) : undefined;
    }
    case 'map': {
      const k = jsonSchemaType(o['keyType']), val = jsonSchemaType(o['valueType']);
      return k && val ? mapType(k, val) : undefined;
    }
    case 'struct': {
      if (!Array.isArray(o['fields'])) return undefined;
      const fields: StructField[] = [];
      for (const f of o['fields'] as unknown[]) {
        if (f === null || typeof f !== 'object') return undefined;
        const fo = f as Record<string, unknown>;
        const t = jsonSchemaType(fo['type']);
        if (typeof fo['name'] !== 'string' || !t) return undefined;
        fields.push(structField(fo['name'], t, fo['nullable'] !== false));
      }
      return structType(fields);
    }
    default:
      return undefined;
  }
}
