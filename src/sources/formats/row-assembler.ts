/**
 * Builds a batch row by row for the text-format readers, and applies the malformed-record policy in one place.
 * A reader fills `values` (one slot per schema field, left null where the record has no value), then calls
 * `append()`; or calls `malformed(...)` for a record it could not read.
 */
import { makeBatch, type Batch } from '../../execution/batch.js';
import { ColumnBuilder } from '../../execution/column.js';
import type { Schema } from '../../types/schema.js';
import { keepsMalformedRecord, type MalformedRecordPolicy } from './parse-mode.js';

export class RowAssembler {
  /** The row being assembled; `clear()` resets it to nulls. */
  readonly values: unknown[];
  private readonly builders: ColumnBuilder[];
  private rows = 0;
  /** Records dropped under DROPMALFORMED. */
  droppedCount = 0;

  constructor(private readonly rowSchema: Schema, private readonly policy: MalformedRecordPolicy, private readonly file: string) {
    this.values = new Array(rowSchema.fields.length).fill(null);
    this.builders = rowSchema.fields.map((f) => new ColumnBuilder(f.type, 1024));
  }

  clear(): void {
    this.values.fill(null);
  }

  setValue(column: number, value: unknown): void {
    this.values[column] = value;
  }

  append(): void {
    const { values, builders } = this;
    for (let i = 0; i < builders.length; i++) builders[i]!.append(values[i]);
    this.rows++;
  }

  /** A record that could not be read: nulls (+ raw text), dropped, or a MALFORMED_RECORD error, by the mode. */
  malformed(rawText: string, line: number, reason: string): void {
    if (!keepsMalformedRecord(this.policy, this.file, line, reason)) {
      this.droppedCount++;
      return;
    }
    this.values.fill(null);
    if (this.policy.corruptColumn >= 0) this.values[this.policy.corruptColumn] = rawText;
    this.append();
  }

  finish(): Batch {
    return makeBatch(this.rowSchema, this.builders.map((b) => b.finish()), this.rows);
  }
}
