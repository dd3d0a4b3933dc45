/**
 * Reading a columnar file (parquet, Arrow IPC) into the declared schema. The file's own schema travels with it, so
 * columns are matched by name (case-insensitively); a declared column the file lacks is null (files written before
 * a column was added), a file column nobody declared is not read. A file column's type must be the declared one or
 * widen to it without loss: INT → BIGINT, DOUBLE or a wide enough DECIMAL; BIGINT → DOUBLE; DECIMAL → DOUBLE or a
 * DECIMAL with as many integral and fractional digits; DATE → TIMESTAMP.
 *
 * A file is malformed as a whole when it cannot be decoded (truncated, not of the format) or a column has another
 * type. The mode option decides:
 * - PERMISSIVE: an undecodable file gives one row of nulls; a file with mismatched columns gives its rows with
 *   those columns null. In both the corrupt-record column (if declared) says what is wrong.
 * - DROPMALFORMED: the file's rows are dropped and counted (an undecodable file counts as one).
 * - FAILFAST: reading stops with an error naming the file and the problem.
 * An empty (0-byte) file has no rows, as in the text formats.
 */
import type * as arrow from 'apache-arrow';
import { arrowDataToColumn, describeArrowType, fromArrowType } from '../../execution/arrow-interop.js';
import { emptyBatch, makeBatch } from '../../execution/batch.js';
import { castColumn } from '../../execution/cast.js';
import { constantColumn, type Column } from '../../execution/column.js';
import { sameType, StringType, typeToString, type DataType } from '../../types/data-type.js';
import type { Schema } from '../../types/schema.js';
import type { BinaryFileFormatReader, FileReadResult } from './file-format.js';
import { malformedFileError, type MalformedRecordPolicy } from './parse-mode.js';

/** Opens a file's bytes: its Arrow schema first (only the metadata, where the format allows), then its data. */
export interface ColumnarDecoder {
  open(bytes: Uint8Array): ColumnarFile;
}

export interface ColumnarFile {
  readonly schema: arrow.Schema;
  /** The data of the named columns (names as in the file). */
  read(columns: readonly string[]): arrow.Table;
}

export class ColumnarFormatReader implements BinaryFileFormatReader {
  readonly input = 'binary';

  constructor(
    readonly name: string, readonly schema: Schema, private readonly policy: MalformedRecordPolicy,
    private readonly decoder: ColumnarDecoder,
  ) {}

  read(bytes: Uint8Array, file: string): FileReadResult {
    if (bytes.length === 0) return { batch: emptyBatch(this.schema), dropped: 0 };
    const { schema, policy } = this;
    let opened: ColumnarFile;
    try {
      opened = this.decoder.open(bytes);
    } catch (err) {
      return this.unreadable(file, err);
    }
    const fileSchema = opened.schema;
    const byName = new Map<string, number>();
    fileSchema.fields.forEach((f, i) => { if (!byName.has(f.name.toLowerCase())) byName.set(f.name.toLowerCase(), i); });
    // For each declared column: the file column it reads, or -1 (absent, or its type does not fit).
    const sources: number[] = [];
    const problems: string[] = [];
    schema.fields.forEach((f, i) => {
      const idx = i === policy.corruptColumn ? undefined : byName.get(f.name.toLowerCase());
      if (idx === undefined) { sources.push(-1); return; }
      const fileField = fileSchema.fields[idx]!;
      const fileType = fromArrowType(fileField.type);
      if (fileType === undefined || !widensTo(fileType, f.type)) {
        problems.push(`column ${f.name} is ${describeArrowType(fileField.type)} in the file but ${typeToString(f.type)} was declared`);
        sources.push(-1);
      } else {
        sources.push(idx);
      }
    });
    if (problems.length > 0 && policy.mode === 'FAILFAST') throw malformedFileError(file, problems.join('; '));
    let table: arrow.Table;
    try {
      table = opened.read([...new Set(sources.filter((s) => s >= 0).map((s) => fileSchema.fields[s]!.name))]);
    } catch (err) {
      return this.unreadable(file, err);
    }
    const numRows = table.numRows;
    if (problems.length > 0 && policy.mode === 'DROPMALFORMED') return { batch: emptyBatch(schema), dropped: numRows };
    const names = table.schema.fields.map((f) => f.name);
    const columns: Column[] = schema.fields.map((f, i) => {
      if (i === policy.corruptColumn) return constantColumn(StringType, problems.length > 0 ? problems.join('; ') : null, numRows);
      const src = sources[i]!;
      if (src < 0) return constantColumn(f.type, null, numRows);
      const k = names.indexOf(fileSchema.fields[src]!.name);
      const fileType = fromArrowType(table.schema.fields[k]!.type)!;
      const col = arrowDataToColumn(table.data.map((b) => b.children[k]!), fileType);
      return sameType(fileType, f.type) ? col : castColumn(col, f.type);
    });
    return { batch: makeBatch(schema, columns, numRows), dropped: 0 };
  }

  private unreadable(file: string, err: unknown): FileReadResult {
    const reason = `not a readable ${this.name} file (${err instanceof Error ? err.message : String(err)})`;
    switch (this.policy.mode) {
      case 'FAILFAST': throw malformedFileError(file, reason);
      case 'DROPMALFORMED': return { batch: emptyBatch(this.schema), dropped: 1 };
      case 'PERMISSIVE': {
        const columns = this.schema.fields.map((f, i) => constantColumn(f.type, i === this.policy.corruptColumn ? `${file}: ${reason}` : null, 1));
        return { batch: makeBatch(this.schema, columns, 1), dropped: 0 };
      }
    }
  }
}

/** Whether values of `from` convert to `to` without loss (see the file comment). */
export function widensTo(from: DataType, to: DataType): boolean {
  if (sameType(from, to)) return true;
  switch (from.kind) {
    case 'null': return true;
    case 'int': return to.kind === 'bigint' || to.kind === 'double' || (to.kind === 'decimal' && to.precision - to.scale >= 10);
    case 'bigint': return to.kind === 'double' || (to.kind === 'decimal' && to.precision - to.scale >= 19);
    case 'decimal':
      return to.kind === 'double' || (to.kind === 'decimal' && to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale);
    case 'date': return to.kind === 'timestamp';
    case 'array': return to.kind === 'array' && widensTo(from.element, to.element);
    default: return false;
  }
}
