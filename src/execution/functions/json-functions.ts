/**
 * JSON functions. `from_json` reads straight from the text into the target type (no intermediate tree),
 * with Spark's PERMISSIVE results: a field whose value does not fit its type is NULL and the rest of the
 * struct is kept; malformed text gives a struct of NULLs (NULL for an array or map schema); empty text is NULL;
 * field names match case-sensitively. `to_json` writes compact JSON, leaving out NULL struct fields and
 * printing doubles as Java does and timestamps as `2026-01-01T12:00:00.000Z`. `get_json_object` evaluates
 * Spark's JSON path subset (`$`, `.name`, `['name']`, `[n]`, `[*]`).
 */
import { StringType, type DataType, type Interval, type StructType } from '../../types/data-type.js';
import { formatDate, formatInterval, formatTimestampIso } from '../../types/temporal.js';
import { valueCaster } from '../cast.js';
import { buildColumn, reader, strings, unionNulls } from './column-kernels.js';
import { parseSparkDate, parseSparkTimestamp } from './datetime-util.js';
import { toDecimal } from './decimal-math.js';
import { JsonCursor, JsonNumber, writeJson, type JsonValue } from './json-reader.js';
import type { ScalarImpl } from './scalar-impl.js';
import { parseDecimalText } from './string-parse.js';
import { decimalString, integralString, javaDoubleString } from './value-format.js';

/** A value that does not fit its type (distinct from a JSON null). */
const MISMATCH: unique symbol = Symbol('mismatch');
type Read = unknown;
type FieldReader = (cur: JsonCursor) => Read;

interface ScalarHandlers {
  number?: (n: JsonNumber) => Read;
  string?: (s: string) => Read;
  boolean?: (b: boolean) => Read;
}

/** Reads one value: JSON null is NULL, a token kind without a handler is a mismatch (and is skipped). */
function scalarReader(h: ScalarHandlers): FieldReader {
  return (cur) => {
    switch (cur.kind()) {
      case 'null': cur.pos += 4; return null;
      case 'number': { const n = cur.number(); return h.number ? h.number(n) : MISMATCH; }
      case 'string': { const s = cur.string(); return h.string ? h.string(s) : MISMATCH; }
      case 'true': cur.pos += 4; return h.boolean ? h.boolean(true) : MISMATCH;
      case 'false': cur.pos += 5; return h.boolean ? h.boolean(false) : MISMATCH;
      default: cur.value(); return MISMATCH;
    }
  };
}

const orMismatch = (v: number | null): Read => (v === null ? MISMATCH : v);

function integralReader(min: number, max: number): FieldReader {
  return scalarReader({
    number: (n) => {
      if (!n.integral) return MISMATCH;
      const v = Number(n.text);
      return v < min || v > max ? MISMATCH : v === 0 ? 0 : v;
    },
  });
}

const specialDoubleStrings: Readonly<Record<string, number>> = {
  NaN: NaN, Infinity: Infinity, '+Infinity': Infinity, '-Infinity': -Infinity, INF: Infinity, '+INF': Infinity, '-INF': -Infinity,
};

function readerFor(t: DataType): FieldReader {
  switch (t.kind) {
    case 'boolean': return scalarReader({ boolean: (b) => b });
    case 'int': return integralReader(-2147483648, 2147483647);
    case 'bigint': return integralReader(-9223372036854775808, 9223372036854775807);
    case 'double': return scalarReader({ number: (n) => n.value, string: (s) => specialDoubleStrings[s] ?? MISMATCH });
    case 'decimal': {
      const p = t.precision, s = t.scale;
      return scalarReader({
        number: (n) => toDecimal(n.value, p, s),
        string: (text) => { const v = parseDecimalText(text); return v === null ? MISMATCH : toDecimal(v, p, s); },
      });
    }
    case 'string':
      return (cur) => {
        const k = cur.kind();
        if (k === 'string') return cur.string();
        const v = cur.value();
        return v === null ? null : writeJson(v);
      };
    case 'timestamp':
      return scalarReader({
        string: (s) => orMismatch(parseSparkTimestamp(s)),
        number: (n) => (n.integral ? Number(n.text) * 1_000_000 : MISMATCH),
      });
    case 'date': return scalarReader({ string: (s) => orMismatch(parseSparkDate(s)) });
    case 'binary': return scalarReader({ string: (s) => new Uint8Array(Buffer.from(s, 'base64')) });
    case 'array': {
      const element = readerFor(t.element);
      return (cur) => {
        const k = cur.kind();
        if (k === 'null') { cur.pos += 4; return null; }
        if (k !== 'array') { cur.value(); return MISMATCH; }
        cur.pos++;
        const out: unknown[] = [];
        let bad = false;
        if (!cur.eat(']')) {
          do {
            const v = element(cur);
            if (v === MISMATCH) bad = true;
            else out.push(v);
          } while (cur.eat(','));
          cur.expect(']');
        }
        return bad ? MISMATCH : out;
      };
    }
    case 'map': {
      const value = readerFor(t.value);
      const key = t.key.kind === 'string' ? (k: string): unknown => k : valueCaster(StringType, t.key);
      return (cur) => {
        const k = cur.kind();
        if (k === 'null') { cur.pos += 4; return null; }
        if (k !== 'object') { cur.value(); return MISMATCH; }
        cur.pos++;
        const out = new Map<unknown, unknown>();
        let bad = false;
        if (!cur.eat('}')) {
          do {
            const name = cur.string();
            cur.expect(':');
            const v = value(cur), mk = key(name);
            if (v === MISMATCH || mk === null) bad = true;
            else out.set(mk, v);
          } while (cur.eat(','));
          cur.expect('}');
        }
        return bad ? MISMATCH : out;
      };
    }
    case 'struct': return structReader(t);
    default: return (cur) => { cur.value(); return MISMATCH; };
  }
}

function structReader(t: StructType): FieldReader {
  const names = t.fields.map((f) => f.name);
  const readers = t.fields.map((f) => readerFor(f.type));
  const index = new Map(names.map((name, k) => [name, k]));
  return (cur) => {
    const k = cur.kind();
    if (k === 'null') { cur.pos += 4; return null; }
    if (k !== 'object') { cur.value(); return MISMATCH; }
    cur.pos++;
    const out: Record<string, unknown> = {};
    for (const name of names) out[name] = null;
    if (!cur.eat('}')) {
      do {
        const name = cur.string();
        cur.expect(':');
        const at = index.get(name);
        if (at === undefined) { cur.value(); continue; }
        const v = readers[at]!(cur);
        out[names[at]!] = v === MISMATCH ? null : v;
      } while (cur.eat(','));
      cur.expect('}');
    }
    return out;
  };
}

const fromJson: ScalarImpl = (args, n, t) => {
  const src = strings(args[0]!);
  const read = readerFor(t);
  const emptyStruct = (): unknown => {
    if (t.kind !== 'struct') return null;
    const o: Record<string, unknown> = {};
    for (const f of t.fields) o[f.name] = null;
    return o;
  };
  return buildColumn(t, n, (i) => {
    const text = src[i];
    if (text === null || text === undefined || text.trim() === '') return null;
    try {
      const v = read(new JsonCursor(text));
      return v === MISMATCH ? emptyStruct() : v;
    } catch {
      return emptyStruct();
    }
  });
};

/** A writer of values of `t` as compact JSON. */
function jsonWriter(t: DataType): (v: unknown) => string {
  switch (t.kind) {
    case 'null': return () => 'null';
    case 'boolean': return (v) => (v ? 'true' : 'false');
    case 'int': case 'bigint': return (v) => integralString(v as number);
    case 'double': return (v) => { const d = v as number; return Number.isFinite(d) ? javaDoubleString(d) : `"${javaDoubleString(d)}"`; };
    case 'decimal': { const s = t.scale; return (v) => decimalString(v as number, s); }
    case 'string': return (v) => JSON.stringify(v);
    case 'binary': return (v) => `"${Buffer.from(v as Uint8Array).toString('base64')}"`;
    case 'date': return (v) => `"${formatDate(v as number)}"`;
    case 'timestamp': return (v) => `"${formatTimestampIso(v as number)}"`;
    case 'interval': return (v) => JSON.stringify(formatInterval(v as Interval));
    case 'array': {
      const e = jsonWriter(t.element);
      return (v) => '[' + (v as unknown[]).map((x) => (x === null || x === undefined ? 'null' : e(x))).join(',') + ']';
    }
    case 'map': {
      const k = valueCaster(t.key, StringType), val = jsonWriter(t.value);
      return (v) => {
        const parts: string[] = [];
        for (const [key, x] of v as Map<unknown, unknown>) {
          parts.push(JSON.stringify(k(key)) + ':' + (x === null || x === undefined ? 'null' : val(x)));
        }
        return '{' + parts.join(',') + '}';
      };
    }
    case 'struct': {
      const names = t.fields.map((f) => f.name), keys = names.map((name) => JSON.stringify(name) + ':');
      const writers = t.fields.map((f) => jsonWriter(f.type));
      return (v) => {
        const o = v as Record<string, unknown>;
        let out = '{', first = true;
        for (let k = 0; k < names.length; k++) {
          const x = o[names[k]!];
          if (x === null || x === undefined) continue;
          out += (first ? '' : ',') + keys[k] + writers[k]!(x);
          first = false;
        }
        return out + '}';
      };
    }
  }
}

const toJson: ScalarImpl = (args, n, t) => {
  const c = args[0]!;
  const write = jsonWriter(c.type);
  const r = reader(c);
  return buildColumn(t, n, (i) => { const v = r(i); return v === null ? null : write(v); });
};

type PathStep = { readonly kind: 'key'; readonly name: string } | { readonly kind: 'index'; readonly index: number } | { readonly kind: 'wildcard' };

/** Parses a JSON path; null when it is not one Spark accepts. */
function parsePath(path: string): PathStep[] | null {
  if (path[0] !== '$') return null;
  const steps: PathStep[] = [];
  let i = 1;
  while (i < path.length) {
    if (path[i] === '.') {
      let j = i + 1;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      const name = path.slice(i + 1, j);
      if (name === '' || name === '*') return null;
      steps.push({ kind: 'key', name });
      i = j;
    } else if (path[i] === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) return null;
      const inner = path.slice(i + 1, end);
      if (inner === '*') steps.push({ kind: 'wildcard' });
      else if (/^\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^'[^']*'$/.test(inner)) steps.push({ kind: 'key', name: inner.slice(1, -1) });
      else return null;
      i = end + 1;
    } else {
      return null;
    }
  }
  return steps;
}

function evalPath(v: JsonValue, steps: readonly PathStep[], k: number, out: JsonValue[]): void {
  if (k === steps.length) { out.push(v); return; }
  const step = steps[k]!;
  if (step.kind === 'key') {
    if (v instanceof Map && v.has(step.name)) evalPath(v.get(step.name)!, steps, k + 1, out);
  } else if (Array.isArray(v)) {
    if (step.kind === 'index') { if (step.index < v.length) evalPath(v[step.index]!, steps, k + 1, out); }
    else for (const x of v) evalPath(x, steps, k + 1, out);
  }
}

const getJsonObject: ScalarImpl = (args, n, t) => {
  const src = strings(args[0]!), paths = strings(args[1]!);
  const mask = unionNulls(args, n);
  let lastPath: string | null = null;
  let steps: PathStep[] | null = null;
  return buildColumn(t, n, (i) => {
    if (mask !== null && mask[i] === 1) return null;
    const p = paths[i]!;
    if (p !== lastPath) { steps = parsePath(p); lastPath = p; }
    if (steps === null) return null;
    let root: JsonValue;
    try {
      root = new JsonCursor(src[i]!).value();
    } catch {
      return null;
    }
    const found: JsonValue[] = [];
    evalPath(root, steps, 0, found);
    const wildcard = steps.some((s) => s.kind === 'wildcard');
    if (found.length === 0 || (!wildcard && found.length > 1)) return null;
    const v = found.length === 1 ? found[0]! : found;
    if (v === null) return null;
    return typeof v === 'string' ? v : writeJson(v);
  });
};

export const jsonFunctions: Readonly<Record<string, ScalarImpl>> = {
  from_json: fromJson,
  to_json: toJson,
  get_json_object: getJsonObject,
};
