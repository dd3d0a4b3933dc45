/**
 * Decodes text records — one JSON document or one CSV line each, such as Kafka message values — into rows of a
 * declared schema, for `CREATE SOURCE s (…) WITH (connector = 'kafka', format = 'json' | 'csv')`.
 *
 * Malformed records follow the same policy as the file formats (formats/parse-mode.ts, `mode` option):
 * PERMISSIVE keeps a row of nulls with the text in the corrupt-record column when one is declared, DROPMALFORMED
 * drops and counts it, FAILFAST stops with a MALFORMED_RECORD error naming the record (`where(i)`: for Kafka the
 * topic, partition and offset). A record is malformed when it does not parse, is not a JSON object, has a value
 * that does not fit its column, or (CSV) has a different number of fields than the schema has columns. A null
 * record (a Kafka tombstone) is a row of nulls, not malformed.
 *
 * JSON keys match columns as in the json file format (exact name first, then case-insensitively; a key repeated
 * in one object: the last wins); CSV fields match columns by position and take `sep`/`delimiter`, `quote`,
 * `escape` and `nullValue` (Spark's defaults: `,`, `"`, `\`, and the empty string for null).
 *
 * Speed: JSON values are read in place by the json format's scanner (formats/json-line-scanner.ts) without
 * building an object; values it declines take `JSON.parse`, with key → column lookups cached.
 *
 * ```ts
 * const d = createRecordDecoder('json', schema([field('id', IntType)]), new ConnectorOptions({}, 'kafka'));
 * d.decode(['{"id": 1}', 'oops'], (i) => `record ${i}`);   // rows {id: 1}, {id: null}; dropped 0
 * ```
 */
import type { Batch } from '../execution/batch.js';
import { typeToString, type DataType } from '../types/data-type.js';
import { SluiceError } from '../types/errors.js';
import type { Schema } from '../types/schema.js';
import { parseDate, parseTimestamp } from '../types/temporal.js';
import { fromJsonValue } from '../types/values.js';
import { JsonKeyColumns } from './formats/json-key-columns.js';
import { JsonLineScanner } from './formats/json-line-scanner.js';
import { malformedRecordPolicy, type MalformedRecordPolicy } from './formats/parse-mode.js';
import { RowAssembler } from './formats/row-assembler.js';
import type { ConnectorOptions } from './source-options.js';

export type RecordFormat = 'json' | 'csv';

export interface CsvSyntax {
  readonly sep: string;
  readonly quote: string;
  readonly escape: string;
  /** The text that stands for null (Spark's default: the empty string). */
  readonly nullValue: string;
}

export interface DecodeResult {
  readonly batch: Batch;
  /** Records dropped under DROPMALFORMED. */
  readonly dropped: number;
}

type TextRecord = string | Uint8Array | null;

export function createRecordDecoder(format: RecordFormat, declared: Schema, options: ConnectorOptions): RecordDecoder {
  const csv: CsvSyntax = {
    sep: options.char('sep', ',', ['delimiter']),
    quote: options.char('quote', '"'),
    escape: options.char('escape', '\\'),
    nullValue: options.string('nullValue', ''),
  };
  return new RecordDecoder(format, declared, malformedRecordPolicy(options, declared), csv);
}

export class RecordDecoder {
  /** Schema positions of the columns decoded from the record (all but the corrupt-record column). */
  private readonly dataIndexes: readonly number[];
  private readonly dataTypes: readonly DataType[];
  private readonly dataNames: readonly string[];
  private readonly keys: JsonKeyColumns;
  private readonly scanner: JsonLineScanner | null;

  constructor(
    readonly format: RecordFormat,
    readonly schema: Schema,
    private readonly policy: MalformedRecordPolicy,
    private readonly csv: CsvSyntax,
  ) {
    const fields = schema.fields;
    this.dataIndexes = fields.map((_, i) => i).filter((i) => i !== policy.corruptColumn);
    this.dataTypes = this.dataIndexes.map((i) => fields[i]!.type);
    this.dataNames = this.dataIndexes.map((i) => fields[i]!.name);
    const keys = new JsonKeyColumns(schema, policy.corruptColumn);
    this.keys = keys;
    this.scanner = format === 'json'
      ? new JsonLineScanner(fields.map((f) => f.type), (key) => keys.columnOf(key), fields.map((f) => f.name))
      : null;
    if (format === 'csv') {
      for (const i of this.dataIndexes) {
        const t = fields[i]!.type;
        if (t.kind === 'array' || t.kind === 'map' || t.kind === 'struct' || t.kind === 'interval') {
          throw new SluiceError('ANALYSIS_ERROR', `CSV cannot hold column '${fields[i]!.name}' of type ${typeToString(t)}`);
        }
      }
    }
  }

  /** Decodes `records` into one batch. `where(i)` describes record i for a FAILFAST error. */
  decode(records: readonly TextRecord[], where: (i: number) => string): DecodeResult {
    return this.decodeEach(records.length, (r) => {
      const rec = records[r];
      return rec === null || rec === undefined ? null : typeof rec === 'string' ? rec : bytesToText(rec);
    }, where);
  }

  /**
   * Decodes `count` records, record r's text being `textAt(r)` (null: a tombstone), so callers holding raw bytes
   * (the Kafka source's fetched records) decode each straight from them.
   */
  decodeEach(count: number, textAt: (r: number) => string | null, where: (i: number) => string): DecodeResult {
    const asm = new RowAssembler(this.schema, this.policy, 'record');
    const json = this.format === 'json';
    const { scanner } = this;
    const values = asm.values;
    for (let r = 0; r < count; r++) {
      const text = textAt(r);
      asm.clear();
      if (text === null) { asm.append(); continue; }
      if (scanner !== null) {
        if (scanner.scan(text, 0, text.length, values)) { asm.append(); continue; }
        // The scanner may have filled some columns before it declined.
        asm.clear();
      }
      const problem = json ? this.parseJson(text, values) : this.parseCsv(text, values);
      if (problem === null) { asm.append(); continue; }
      if (this.policy.mode === 'FAILFAST') {
        throw new SluiceError('MALFORMED_RECORD', `malformed ${json ? 'JSON' : 'CSV'} record at ${where(r)}: ${problem}: ` +
          `${snippet(text)} (mode FAILFAST; use PERMISSIVE or DROPMALFORMED to read past it)`);
      }
      asm.malformed(text, r + 1, problem);
    }
    return { batch: asm.finish(), dropped: asm.droppedCount };
  }

  /** Fills the data columns of `values`; returns why the record is malformed, or null. */
  private parseJson(text: string, values: unknown[]): string | null {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      return `not valid JSON (${(e as Error).message})`;
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'a record must hold one JSON object';
    const obj = doc as Record<string, unknown>;
    const fields = this.schema.fields;
    for (const key in obj) {
      const idx = this.keys.columnOf(key);
      if (idx < 0) continue;
      const v = obj[key];
      const value = fromJsonValue(v, fields[idx]!.type);
      if (value === undefined) {
        return `${JSON.stringify(v)} cannot be read as ${typeToString(fields[idx]!.type)} for column ${fields[idx]!.name}`;
      }
      values[idx] = value;
    }
    return null;
  }

  private parseCsv(text: string, values: unknown[]): string | null {
    const tokens = splitCsvLine(stripLineEnd(text), this.csv);
    if (tokens === null) return 'unbalanced quotes';
    if (tokens.length !== this.dataTypes.length) return `${tokens.length} fields for ${this.dataTypes.length} columns`;
    for (let k = 0; k < tokens.length; k++) {
      const token = tokens[k]!;
      if (token === this.csv.nullValue) continue;
      const value = csvTextToValue(token, this.dataTypes[k]!);
      if (value === undefined) {
        return `${JSON.stringify(token)} cannot be read as ${typeToString(this.dataTypes[k]!)} for column ${this.dataNames[k]}`;
      }
      values[this.dataIndexes[k]!] = value;
    }
    return null;
  }
}

/**
 * Splits one CSV line into fields: `sep` separates, a field may be wrapped in `quote`, and inside quotes a quote
 * is written doubled or preceded by `escape`. Null for a line with an unterminated quote or text after a closing
 * quote.
 */
export function splitCsvLine(line: string, syntax: CsvSyntax): string[] | null {
  const { sep, quote, escape } = syntax;
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    if (i < n && line[i] === quote) {
      let value = '';
      i++;
      for (;;) {
        if (i >= n) return null;
        const ch = line[i]!;
        if (ch === escape && escape !== quote && i + 1 < n && (line[i + 1] === quote || line[i + 1] === escape)) {
          value += line[i + 1];
          i += 2;
        } else if (ch === quote) {
          if (i + 1 < n && line[i + 1] === quote) { value += quote; i += 2; } else { i++; break; }
        } else {
          value += ch;
          i++;
        }
      }
      out.push(value);
      if (i === n) return out;
      if (line[i] !== sep) return null;
      i++;
    } else {
      const end = line.indexOf(sep, i);
      if (end < 0) { out.push(line.slice(i)); return out; }
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
}

const integerPattern = /^[+-]?\d+$/;
const decimalPattern = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The value of one CSV field for a column of type `t`, or undefined when the text does not fit. */
export function csvTextToValue(text: string, t: DataType): unknown {
  switch (t.kind) {
    case 'string': return text;
    case 'binary': return new Uint8Array(Buffer.from(text, 'utf8'));
    case 'null': return null;
    default: break;
  }
  const s = text.trim();
  switch (t.kind) {
    case 'boolean': {
      const l = s.toLowerCase();
      return l === 'true' ? true : l === 'false' ? false : undefined;
    }
    case 'int': {
      if (!integerPattern.test(s)) return undefined;
      const n = Number(s);
      return n >= -2147483648 && n <= 2147483647 ? n : undefined;
    }
    case 'bigint': {
      if (!integerPattern.test(s)) return undefined;
      const n = Number(s);
      return n >= -9223372036854775808 && n <= 9223372036854775807 ? n : undefined;
    }
    case 'double': case 'decimal': {
      if (decimalPattern.test(s)) return Number(s);
      if (t.kind === 'double') {
        if (s === 'NaN') return NaN;
        if (s === 'Infinity' || s === '+Infinity' || s === 'Inf') return Infinity;
        if (s === '-Infinity' || s === '-Inf') return -Infinity;
      }
      return undefined;
    }
    case 'date': return parseDate(s) ?? undefined;
    case 'timestamp': return parseTimestamp(s) ?? undefined;
    default: return undefined;
  }
}

function bytesToText(b: Uint8Array): string {
  return (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)).toString('utf8');
}

function stripLineEnd(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === '\n' || s[end - 1] === '\r')) end--;
  return end === s.length ? s : s.slice(0, end);
}

function snippet(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}
