/**
 * The `json` format: JSON Lines, one object per line, read into the declared schema.
 *
 * - Keys match column names case-insensitively (an exact match wins); keys without a column are ignored, and a
 *   column whose key is missing is null.
 * - Values convert as `fromJsonValue` does (numbers for numeric columns, ISO strings for timestamps, nested
 *   objects for structs; a non-string value for a STRING column keeps its JSON text).
 * - Blank lines are skipped. A line that is not a JSON object, or a value that does not fit its column, makes the
 *   record malformed (see parse-mode.ts); line numbers count every line of the file, from 1.
 *
 * Speed: most lines are read in place by json-line-scanner.ts, without building an object; the others take
 * `JSON.parse`, with key → column lookups cached and a converter chosen once per column type.
 */
import type { DataType } from '../../types/data-type.js';
import { typeToString } from '../../types/data-type.js';
import type { Schema } from '../../types/schema.js';
import { fromJsonValue } from '../../types/values.js';
import type { ConnectorOptions } from '../source-options.js';
import type { FileFormatReader, FileReadResult } from './file-format.js';
import { malformedRecordPolicy, type MalformedRecordPolicy } from './parse-mode.js';
import { JsonLineScanner } from './json-line-scanner.js';
import { RowAssembler } from './row-assembler.js';
import { parseTimestampFast } from './timestamp-fast-path.js';

type Converter = (v: unknown) => unknown;

/** Resolved keys are cached up to this many distinct spellings, so data with random keys cannot grow it forever. */
const KEY_CACHE_LIMIT = 4096;

export class JsonFormatReader implements FileFormatReader {
  readonly name = 'json';
  private readonly converters: Converter[];
  /** key as written → column index, or -1 for a key without a column (or the corrupt-record column). */
  private readonly keyCache = new Map<string, number>();
  private readonly lowerNames = new Map<string, number>();
  private readonly scanner: JsonLineScanner;

  /** `fastPath = false` reads every line with JSON.parse (the reference the fast path is tested against). */
  constructor(readonly schema: Schema, private readonly policy: MalformedRecordPolicy, private readonly fastPath = true) {
    this.converters = schema.fields.map((f) => converterFor(f.type));
    schema.fields.forEach((f, i) => {
      if (i === policy.corruptColumn) return;
      this.keyCache.set(f.name, i);
      if (!this.lowerNames.has(f.name.toLowerCase())) this.lowerNames.set(f.name.toLowerCase(), i);
    });
    this.scanner = new JsonLineScanner(schema.fields.map((f) => f.type), (key) => this.columnOf(key), schema.fields.map((f) => f.name));
  }

  read(text: string, file: string): FileReadResult {
    const asm = new RowAssembler(this.schema, this.policy, file);
    const values = asm.values;
    const { converters, schema, scanner } = this;
    const n = text.length;
    let at = 0;
    let lineNo = 0;
    while (at < n) {
      let nl = text.indexOf('\n', at);
      if (nl === -1) nl = n;
      lineNo++;
      const lineStart = at;
      at = nl + 1;
      if (isBlank(text, lineStart, nl)) continue;
      const lineEnd = nl > lineStart && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      asm.clear();
      if (this.fastPath && scanner.scan(text, lineStart, lineEnd, values)) {
        asm.append();
        continue;
      }
      const line = text.slice(lineStart, lineEnd);
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch (err) {
        asm.malformed(line, lineNo, `not valid JSON (${(err as Error).message})`);
        continue;
      }
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
        asm.malformed(line, lineNo, 'a line must hold one JSON object');
        continue;
      }
      asm.clear();
      let bad: string | null = null;
      const record = obj as Record<string, unknown>;
      for (const key in record) {
        const idx = this.columnOf(key);
        if (idx < 0) continue;
        const v = record[key];
        const c = converters[idx]!(v);
        if (c === undefined) {
          bad = `${JSON.stringify(v)} cannot be read as ${typeToString(schema.fields[idx]!.type)} for column ${schema.fields[idx]!.name}`;
          break;
        }
        values[idx] = c;
      }
      if (bad !== null) asm.malformed(line, lineNo, bad);
      else asm.append();
    }
    return { batch: asm.finish(), dropped: asm.droppedCount };
  }

  private columnOf(key: string): number {
    const hit = this.keyCache.get(key);
    if (hit !== undefined) return hit;
    const idx = this.lowerNames.get(key.toLowerCase()) ?? -1;
    if (this.keyCache.size < KEY_CACHE_LIMIT) this.keyCache.set(key, idx);
    return idx;
  }
}

export function createJsonFormatReader(options: ConnectorOptions, declared: Schema | undefined): JsonFormatReader {
  if (declared === undefined || declared.fields.length === 0) {
    throw options.error('the json format needs the columns declared (a streaming source does not infer its schema)');
  }
  return new JsonFormatReader(declared, malformedRecordPolicy(options, declared));
}

function converterFor(t: DataType): Converter {
  switch (t.kind) {
    case 'string':
      return (v) => (typeof v === 'string' ? v : fromJsonValue(v, t));
    case 'bigint':
      return (v) => (typeof v === 'number' && Number.isInteger(v) ? v : fromJsonValue(v, t));
    case 'double':
      return (v) => (typeof v === 'number' ? v : fromJsonValue(v, t));
    case 'timestamp':
      return (v) => (typeof v === 'string' ? parseTimestampFast(v) ?? fromJsonValue(v, t) : fromJsonValue(v, t));
    default:
      return (v) => fromJsonValue(v, t);
  }
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
