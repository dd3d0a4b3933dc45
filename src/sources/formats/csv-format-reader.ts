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
import type { FileReadResult, TextFileFormatReader } from './file-format.js';
import { CsvRecordScanner, type CsvSyntax } from './csv-record-scanner.js';
import { malformedRecordPolicy, type MalformedRecordPolicy } from './parse-mode.js';
import { RowAssembler } from './row-assembler.js';
import { parseTimestampFast } from './timestamp-fast-path.js';

type ValueParser = (token: string) => unknown;

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export class CsvFormatReader implements TextFileFormatReader {
  readonly name = 'csv';
  readonly input = 'text';
  /** Schema indices of the columns read from the file, in file order (all but the corrupt-record column). */
  private readonly dataColumns: number[];
  private readonly parsers: ValueParser[];

  constructor(readonly schema: Schema, private readonly syntax: CsvSyntax, private readonly policy: MalformedRecordPolicy) {
    this.dataColumns = schema.fields.map((_, i) => i).filter((i) => i !== policy.corruptColumn);
    this.parsers = this.dataColumns.map((i) => csvValueParser(schema.fields[i]!.type));
  }

  read(text: string, file: string, invalidUtf8Lines?: ReadonlySet<number>): FileReadResult {
    const asm = new RowAssembler(this.schema, this.policy, file);
    const values = asm.values;
    const { nullValue, header } = this.syntax;
    const { dataColumns, parsers, schema } = this;
    const expected = dataColumns.length;
    const scanner = new CsvRecordScanner(text, this.syntax);
    const { tokens, quoted } = scanner;
    let skipHeader = header;
    while (scanner.next()) {
      if (skipHeader) { skipHeader = false; continue; }
      let error = scanner.error;
      if (error === null && invalidUtf8Lines !== undefined && spansAny(invalidUtf8Lines, scanner.recordLine, scanner.endLine)) {
        error = 'the record is not valid UTF-8';
      }
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
      if (error !== null) asm.malformed(scanner.raw(), scanner.recordLine, error);
      else asm.append();
    }
    return { batch: asm.finish(), dropped: asm.droppedCount };
  }
}

function spansAny(lines: ReadonlySet<number>, from: number, to: number): boolean {
  for (let l = from; l <= to; l++) if (lines.has(l)) return true;
  return false;
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
  return new CsvFormatReader(declared, csvSyntax(options), policy);
}

/** The csv options (shared by the reader, schema inference and the sink's writer). */
export function csvSyntax(options: ConnectorOptions): CsvSyntax {
  const syntax: CsvSyntax = {
    header: options.bool('header', false),
    delimiter: options.char('sep', ',', ['delimiter']),
    quote: options.char('quote', '"'),
    escape: options.char('escape', '\\'),
    nullValue: options.string('nullValue', ''),
  };
  if (syntax.delimiter === syntax.quote) throw options.error('the delimiter and the quote character must differ');
  return syntax;
}

export function csvReadable(t: DataType): boolean {
  switch (t.kind) {
    case 'string': case 'int': case 'bigint': case 'double': case 'decimal': case 'boolean': case 'date':
    case 'timestamp': case 'null':
      return true;
    default:
      return false;
  }
}

export function csvValueParser(t: DataType): ValueParser {
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

export function parseCsvDouble(s: string): number | undefined {
  if (DECIMAL.test(s)) return Number(s);
  switch (s) {
    case 'NaN': return NaN;
    case 'Infinity': case '+Infinity': case 'Inf': case '+Inf': return Infinity;
    case '-Infinity': case '-Inf': return -Infinity;
    default: return undefined;
  }
}
