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
 * With `multiLine = true` each file is one JSON document instead: an object (one record) or an array of objects
 * (one record each). A document that is not valid JSON is one malformed record (its whole text, line of the
 * error); an array element that is not an object, or whose values do not fit, is a malformed record at the line
 * where it starts.
 *
 * Speed: a file of valid UTF-8 is read from its bytes (`readBytes`): most lines by json-bytes-scanner.ts straight
 * into typed columns (typed-row-assembler.ts), without decoding the file to text or building an object per line.
 * Text (`read`: a file with invalid UTF-8, or text given directly) goes through json-line-scanner.ts the same way.
 * Lines a scanner declines take `JSON.parse`, with key → column lookups cached and a converter chosen once per
 * column type.
 */
import { isUtf8 } from 'node:buffer';
import type { DataType } from '../../types/data-type.js';
import { typeToString } from '../../types/data-type.js';
import type { Schema } from '../../types/schema.js';
import { fromJsonValue } from '../../types/values.js';
import type { ConnectorOptions } from '../source-options.js';
import type { FileReadResult, TextFileFormatReader } from './file-format.js';
import { malformedRecordPolicy, type MalformedRecordPolicy } from './parse-mode.js';
import { JsonBytesScanner } from './json-bytes-scanner.js';
import { JsonKeyColumns } from './json-key-columns.js';
import { JsonLineScanner } from './json-line-scanner.js';
import { RowAssembler } from './row-assembler.js';
import { parseTimestampFast } from './timestamp-fast-path.js';
import { TypedRowAssembler } from './typed-row-assembler.js';

type Converter = (v: unknown) => unknown;

/** After this many rows the bytes reader sizes its columns for the whole file, from the bytes per row so far. */
const ROWS_BEFORE_ESTIMATE = 4096;

/** Where a parsed record's values go: RowAssembler (text) or TypedRowAssembler (bytes). */
interface RecordTarget {
  setValue(column: number, value: unknown): void;
  malformed(rawText: string, line: number, reason: string): void;
}

/** What `parseRecord` answers for text that is not JSON. */
const NOT_JSON = Symbol('not JSON');

/** JSON.parse of a record's text, or NOT_JSON once the record was reported malformed. */
function parseRecord(target: RecordTarget, raw: string, lineNo: number): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    target.malformed(raw, lineNo, `not valid JSON (${(err as Error).message})`);
    return NOT_JSON;
  }
}

export class JsonFormatReader implements TextFileFormatReader {
  readonly name = 'json';
  readonly input = 'text';
  private readonly converters: Converter[];
  private readonly keys: JsonKeyColumns;
  private readonly scanner: JsonLineScanner;
  private readonly bytesScanner: JsonBytesScanner;

  /** `fastPath = false` reads every line with JSON.parse (the reference the fast path is tested against). */
  constructor(
    readonly schema: Schema, private readonly policy: MalformedRecordPolicy, private readonly fastPath = true,
    private readonly multiLine = false,
  ) {
    this.converters = schema.fields.map((f) => converterFor(f.type));
    const keys = new JsonKeyColumns(schema, policy.corruptColumn);
    this.keys = keys;
    const types = schema.fields.map((f) => f.type), names = schema.fields.map((f) => f.name);
    this.scanner = new JsonLineScanner(types, (key) => keys.columnOf(key), names);
    this.bytesScanner = new JsonBytesScanner(types, (key) => keys.columnOf(key), names);
  }

  /**
   * JSON lines read from the file's bytes; undefined when they are to be decoded and given to `read` instead
   * (multiLine, the fast path off, or bytes that are not valid UTF-8 — `read` finds the lines that hold them).
   */
  readBytes(bytes: Uint8Array, file: string): FileReadResult | undefined {
    if (this.multiLine || !this.fastPath) return undefined;
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (!isUtf8(buf)) return undefined;
    const n = buf.length;
    const start = n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    const asm = new TypedRowAssembler(this.schema, this.policy, file);
    const scanner = this.bytesScanner;
    let p = start;
    let lineNo = 0;
    while (p < n) {
      lineNo++;
      asm.begin();
      const next = scanner.scanLine(buf, p, asm);
      if (next >= 0) {
        asm.commit();
        p = next;
        if (asm.row === ROWS_BEFORE_ESTIMATE) this.sizeForFile(asm, p - start, n - start);
        continue;
      }
      let nl = buf.indexOf(10, p);
      if (nl === -1) nl = n;
      const lineStart = p;
      p = nl + 1;
      if (isBlankBytes(buf, lineStart, nl)) continue;
      const lineEnd = nl > lineStart && buf[nl - 1] === 13 ? nl - 1 : nl;
      const line = buf.toString('utf8', lineStart, lineEnd);
      const obj = parseRecord(asm, line, lineNo);
      if (obj === NOT_JSON) continue;
      asm.begin();
      if (this.setRecord(asm, obj, line, lineNo)) asm.commit();
    }
    return { batch: asm.finish(), dropped: asm.droppedCount };
  }

  /** Reserves the rows and string bytes the whole file will need, judging by its first `readBytes` of `total`. */
  private sizeForFile(asm: TypedRowAssembler, readBytes: number, total: number): void {
    const scale = (total / readBytes) * 1.02;
    const rows = Math.ceil(asm.row * scale) + 16;
    asm.reserve(rows, this.schema.fields.map((_, c) => (asm.stringBytes(c) / asm.row) * 1.02));
  }

  read(text: string, file: string, invalidUtf8Lines?: ReadonlySet<number>): FileReadResult {
    if (this.multiLine) return this.readDocument(text, file, invalidUtf8Lines);
    const asm = new RowAssembler(this.schema, this.policy, file);
    const values = asm.values;
    const { scanner } = this;
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
      if (invalidUtf8Lines !== undefined && invalidUtf8Lines.has(lineNo)) {
        asm.malformed(text.slice(lineStart, lineEnd), lineNo, 'the line is not valid UTF-8');
        continue;
      }
      asm.clear();
      if (this.fastPath && scanner.scan(text, lineStart, lineEnd, values)) {
        asm.append();
        continue;
      }
      const line = text.slice(lineStart, lineEnd);
      const obj = parseRecord(asm, line, lineNo);
      if (obj !== NOT_JSON) this.appendRecord(asm, obj, line, lineNo);
    }
    return { batch: asm.finish(), dropped: asm.droppedCount };
  }

  /** multiLine: the whole text is one JSON document, an object or an array of objects. */
  private readDocument(text: string, file: string, invalidUtf8Lines: ReadonlySet<number> | undefined): FileReadResult {
    const asm = new RowAssembler(this.schema, this.policy, file);
    const first = firstNonBlank(text, 0);
    if (first < 0) return { batch: asm.finish(), dropped: 0 };
    if (invalidUtf8Lines !== undefined && invalidUtf8Lines.size > 0) {
      asm.malformed(text, Math.min(...invalidUtf8Lines), 'the document is not valid UTF-8');
      return { batch: asm.finish(), dropped: asm.droppedCount };
    }
    const elements = text.charCodeAt(first) === 91 ? splitJsonArray(text, first) : null;
    if (elements === null) {
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch (err) {
        asm.malformed(text, lineOfParseError(text, err as Error), `not valid JSON (${(err as Error).message})`);
        return { batch: asm.finish(), dropped: asm.droppedCount };
      }
      if (Array.isArray(doc)) {
        // Arrays the splitter declined are invalid JSON, so JSON.parse never gets here with one; keep it total anyway.
        for (const element of doc) this.appendRecord(asm, element, JSON.stringify(element), lineAt(text, first));
      } else {
        this.appendRecord(asm, doc, text, lineAt(text, first));
      }
      return { batch: asm.finish(), dropped: asm.droppedCount };
    }
    let line = 1, counted = 0;
    for (const [from, to] of elements) {
      for (let i = counted; i < from; i++) if (text.charCodeAt(i) === 10) line++;
      counted = from;
      const raw = text.slice(from, to);
      const obj = parseRecord(asm, raw, line);
      if (obj !== NOT_JSON) this.appendRecord(asm, obj, raw, line);
    }
    return { batch: asm.finish(), dropped: asm.droppedCount };
  }

  /** Appends a parsed record, or reports it malformed when it is not an object or a value does not fit. */
  private appendRecord(asm: RowAssembler, obj: unknown, raw: string, lineNo: number): void {
    asm.clear();
    if (this.setRecord(asm, obj, raw, lineNo)) asm.append();
  }

  /**
   * Sets the columns of a parsed record; false (after reporting it malformed) when it is not an object or a value
   * does not fit.
   */
  private setRecord(target: RecordTarget, obj: unknown, raw: string, lineNo: number): boolean {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      target.malformed(raw, lineNo, this.multiLine ? 'a record must be a JSON object' : 'a line must hold one JSON object');
      return false;
    }
    const { converters, schema } = this;
    const record = obj as Record<string, unknown>;
    for (const key in record) {
      const idx = this.keys.columnOf(key);
      if (idx < 0) continue;
      const v = record[key];
      const c = converters[idx]!(v);
      if (c === undefined) {
        target.malformed(raw, lineNo, `${JSON.stringify(v)} cannot be read as ${typeToString(schema.fields[idx]!.type)} for column ${schema.fields[idx]!.name}`);
        return false;
      }
      target.setValue(idx, c);
    }
    return true;
  }
}

export function createJsonFormatReader(options: ConnectorOptions, declared: Schema | undefined): JsonFormatReader {
  if (declared === undefined || declared.fields.length === 0) {
    throw options.error('the json format needs the columns declared (a streaming source does not infer its schema)');
  }
  return new JsonFormatReader(declared, malformedRecordPolicy(options, declared), true, options.bool('multiLine', false));
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

function isBlankBytes(buf: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = buf[i];
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

function firstNonBlank(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return i;
  }
  return -1;
}

function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line of the position a JSON.parse error names (`… at position 17 …`), or the last line when it names none. */
function lineOfParseError(text: string, err: Error): number {
  const m = /position (\d+)/.exec(err.message);
  return lineAt(text, m ? Math.min(Number(m[1]), text.length) : text.trimEnd().length);
}

/**
 * The [start, end) ranges of the top-level elements of the JSON array that opens at `open`, found by tracking
 * strings and nesting only; null when the text is not an array of that shape followed by blanks (the caller then
 * treats the document as one malformed record). Elements themselves are validated by JSON.parse.
 */
function splitJsonArray(text: string, open: number): [number, number][] | null {
  const out: [number, number][] = [];
  const n = text.length;
  let i = firstNonBlank(text, open + 1);
  if (i < 0) return null;
  if (text.charCodeAt(i) === 93) return firstNonBlank(text, i + 1) < 0 ? out : null;
  for (;;) {
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (c === 92) i++;
        else if (c === 34) inString = false;
      } else if (c === 34) {
        inString = true;
      } else if (c === 123 || c === 91) {
        depth++;
      } else if (c === 125 || c === 93) {
        if (depth === 0) break;
        depth--;
      } else if (c === 44 && depth === 0) {
        break;
      }
    }
    if (i >= n || inString || (text.charCodeAt(i) !== 44 && text.charCodeAt(i) !== 93)) return null;
    let end = i;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end === start) return null;
    out.push([start, end]);
    if (text.charCodeAt(i) === 93) return firstNonBlank(text, i + 1) < 0 ? out : null;
    i = firstNonBlank(text, i + 1);
    if (i < 0) return null;
  }
}
