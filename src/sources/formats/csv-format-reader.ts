/**
 * The `csv` format, read into the declared schema by position.
 *
 * Options (Spark's names): `header` (default false: when true the first record of every file is skipped),
 * `sep` / `delimiter` (default `,`), `quote` (default `"`), `escape` (default `\`), `nullValue` (default empty),
 * `mode`, `columnNameOfCorruptRecord` (see parse-mode.ts).
 *
 * Records: fields are separated by the delimiter and records by `\n` (a `\r` before it is dropped); empty lines are
 * skipped. A field that starts with the quote character is quoted: it may contain delimiters, newlines (the record
 * then spans lines), the quote doubled (`""` → `"`) or escaped (`\"` → `"`), and ends at a quote followed by a
 * delimiter, a line end or the end of the file. An unquoted field equal to `nullValue` is null (so by default an
 * empty unquoted field is null, while `""` is the empty string); a quoted one is null only when it equals a
 * non-empty `nullValue`.
 *
 * Values: STRING as is; INT / BIGINT decimal integers in range; DOUBLE / DECIMAL decimal or scientific notation,
 * `NaN`, `Infinity`, `-Infinity` (also `Inf`); BOOLEAN `true` / `false` in any case; DATE / TIMESTAMP the forms
 * `parseDate` / `parseTimestamp` accept. No whitespace is trimmed. A record is malformed when it has a different
 * number of fields than the schema (the corrupt-record column not counted), when a value does not parse as its
 * column's type, when a quoted field is not closed, or when a closing quote is followed by anything but a
 * delimiter or line end. Its line number is the line where the record starts.
 */
import { typeToString, type DataType } from '../../types/data-type.js';
import type { Schema } from '../../types/schema.js';
import { parseDate, parseTimestamp } from '../../types/temporal.js';
import type { ConnectorOptions } from '../source-options.js';
import type { FileFormatReader, FileReadResult } from './file-format.js';
import { malformedRecordPolicy, type MalformedRecordPolicy } from './parse-mode.js';
import { RowAssembler } from './row-assembler.js';
import { parseTimestampFast } from './timestamp-fast-path.js';

type ValueParser = (token: string) => unknown;

export interface CsvSyntax {
  readonly header: boolean;
  readonly delimiter: string;
  readonly quote: string;
  readonly escape: string;
  readonly nullValue: string;
}

const NL = 10, CR = 13;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export class CsvFormatReader implements FileFormatReader {
  readonly name = 'csv';
  /** Schema indices of the columns read from the file, in file order (all but the corrupt-record column). */
  private readonly dataColumns: number[];
  private readonly parsers: ValueParser[];

  constructor(readonly schema: Schema, private readonly syntax: CsvSyntax, private readonly policy: MalformedRecordPolicy) {
    this.dataColumns = schema.fields.map((_, i) => i).filter((i) => i !== policy.corruptColumn);
    this.parsers = this.dataColumns.map((i) => parserFor(schema.fields[i]!.type));
  }

  read(text: string, file: string): FileReadResult {
    const asm = new RowAssembler(this.schema, this.policy, file);
    const values = asm.values;
    const { delimiter, quote, escape, nullValue, header } = this.syntax;
    const delim = delimiter.charCodeAt(0), q = quote.charCodeAt(0), esc = escape.charCodeAt(0);
    const { dataColumns, parsers, schema } = this;
    const expected = dataColumns.length;
    const tokens: string[] = [];
    const quoted: boolean[] = [];
    const n = text.length;
    let pos = 0;
    let line = 1;
    let skipHeader = header;

    while (pos < n) {
      // Empty lines are not records.
      const c0 = text.charCodeAt(pos);
      if (c0 === NL) { pos++; line++; continue; }
      if (c0 === CR && (pos + 1 === n || text.charCodeAt(pos + 1) === NL)) { pos += 2; line++; continue; }

      const recordStart = pos, recordLine = line;
      tokens.length = 0;
      quoted.length = 0;
      let error: string | null = null;
      // One field per iteration; `pos` is at the field's first character.
      for (;;) {
        if (pos < n && text.charCodeAt(pos) === q) {
          let value = '';
          let chunkStart = ++pos;
          let closed = false;
          while (pos < n) {
            const c = text.charCodeAt(pos);
            if (c === esc && esc !== q && pos + 1 < n && (text.charCodeAt(pos + 1) === q || text.charCodeAt(pos + 1) === esc)) {
              value += text.slice(chunkStart, pos) + text[pos + 1];
              pos += 2;
              chunkStart = pos;
            } else if (c === q) {
              if (pos + 1 < n && text.charCodeAt(pos + 1) === q) {
                value += text.slice(chunkStart, pos + 1);
                pos += 2;
                chunkStart = pos;
              } else {
                value += text.slice(chunkStart, pos);
                pos++;
                closed = true;
                break;
              }
            } else {
              if (c === NL) line++;
              pos++;
            }
          }
          if (!closed) { error = 'a quoted field is not closed before the end of the file'; break; }
          tokens.push(value);
          quoted.push(true);
          const next = pos < n ? text.charCodeAt(pos) : NL;
          if (next === delim) { pos++; continue; }
          if (next === NL || (next === CR && (pos + 1 === n || text.charCodeAt(pos + 1) === NL))) break;
          error = `unexpected character ${JSON.stringify(text[pos])} after a closing quote`;
          break;
        }
        let end = pos;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === delim || c === NL) break;
          end++;
        }
        const atDelimiter = end < n && text.charCodeAt(end) === delim;
        const fieldEnd = !atDelimiter && end > pos && text.charCodeAt(end - 1) === CR ? end - 1 : end;
        tokens.push(text.slice(pos, fieldEnd));
        quoted.push(false);
        pos = end;
        if (atDelimiter) { pos++; continue; }
        break;
      }
      // `pos` is at the record's line end (or where the error was found): move past the end of that line.
      if (error !== null) {
        while (pos < n && text.charCodeAt(pos) !== NL) pos++;
      } else if (pos < n && text.charCodeAt(pos) === CR) {
        pos++;
      }
      const recordEnd = pos;
      if (pos < n) { pos++; line++; }
      if (skipHeader) { skipHeader = false; continue; }

      const raw = text.slice(recordStart, recordEnd > recordStart && text.charCodeAt(recordEnd - 1) === CR ? recordEnd - 1 : recordEnd);
      if (error === null && tokens.length !== expected) error = `expected ${expected} field(s), found ${tokens.length}`;
      if (error === null) {
        asm.clear();
        for (let k = 0; k < expected; k++) {
          const token = tokens[k]!;
          const isNull = quoted[k] ? nullValue !== '' && token === nullValue : token === nullValue;
          if (isNull) continue;
          const v = parsers[k]!(token);
          if (v === undefined) {
            const f = schema.fields[dataColumns[k]!]!;
            error = `${JSON.stringify(token)} cannot be read as ${typeToString(f.type)} for column ${f.name}`;
            break;
          }
          values[dataColumns[k]!] = v;
        }
      }
      if (error !== null) asm.malformed(raw, recordLine, error);
      else asm.append();
    }
    return { batch: asm.finish(), dropped: asm.droppedCount };
  }
}

export function createCsvFormatReader(options: ConnectorOptions, declared: Schema | undefined): CsvFormatReader {
  if (declared === undefined || declared.fields.length === 0) {
    throw options.error('the csv format needs the columns declared (a streaming source does not infer its schema)');
  }
  const policy = malformedRecordPolicy(options, declared);
  declared.fields.forEach((f, i) => {
    if (i !== policy.corruptColumn && !csvReadable(f.type)) {
      throw options.error(`the csv format cannot hold column ${f.name} of type ${typeToString(f.type)}`);
    }
  });
  const syntax: CsvSyntax = {
    header: options.bool('header', false),
    delimiter: options.char('sep', ',', ['delimiter']),
    quote: options.char('quote', '"'),
    escape: options.char('escape', '\\'),
    nullValue: options.string('nullValue', ''),
  };
  if (syntax.delimiter === syntax.quote) throw options.error('the delimiter and the quote character must differ');
  return new CsvFormatReader(declared, syntax, policy);
}

function csvReadable(t: DataType): boolean {
  switch (t.kind) {
    case 'string': case 'int': case 'bigint': case 'double': case 'decimal': case 'boolean': case 'date':
    case 'timestamp': case 'null':
      return true;
    default:
      return false;
  }
}

function parserFor(t: DataType): ValueParser {
  switch (t.kind) {
    case 'string':
      return (s) => s;
    case 'int':
      return (s) => {
        if (!INTEGER.test(s)) return undefined;
        const v = Number(s);
        return v >= -2147483648 && v <= 2147483647 ? v : undefined;
      };
    case 'bigint':
      return (s) => {
        if (!INTEGER.test(s)) return undefined;
        const v = Number(s);
        return Number.isSafeInteger(v) ? v : undefined;
      };
    case 'double': case 'decimal':
      return parseCsvDouble;
    case 'boolean':
      return (s) => {
        const l = s.toLowerCase();
        return l === 'true' ? true : l === 'false' ? false : undefined;
      };
    case 'date':
      return (s) => parseDate(s) ?? undefined;
    case 'timestamp':
      return (s) => parseTimestampFast(s) ?? parseTimestamp(s) ?? undefined;
    default:
      return () => null;
  }
}

function parseCsvDouble(s: string): number | undefined {
  if (DECIMAL.test(s)) return Number(s);
  switch (s) {
    case 'NaN': return NaN;
    case 'Infinity': case '+Infinity': case 'Inf': case '+Inf': return Infinity;
    case '-Infinity': case '-Inf': return -Infinity;
    default: return undefined;
  }
}
