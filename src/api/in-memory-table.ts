import type { Batch } from '../execution/batch.js';
import type { ScanProvider } from '../execution/scan-provider.js';
import { concatBatches } from '../execution/batch.js';

/** A static table held in memory: createDataFrame, CREATE TABLE … AS SELECT, INSERT INTO a table without a connector. */
export class InMemoryTable implements ScanProvider {
  private batches: Batch[];
  constructor(readonly tableSchema: Batch['schema'], initial: readonly Batch[] = []) {
    this.batches = [...initial];
  }
  append(b: Batch): void {
    if (b.numRows > 0) this.batches.push({ ...b, schema: this.tableSchema });
  }
  overwrite(b: Batch): void {
    this.batches = b.numRows > 0 ? [{ ...b, schema: this.tableSchema }] : [];
  }
  async scan(columns: readonly number[]): Promise<Batch> {
    if (this.batches.length > 1) this.batches = [concatBatches(this.tableSchema, this.batches)];
    const all = this.batches[0] ?? concatBatches(this.tableSchema, []);
    return { schema: all.schema, columns: columns.map((c) => all.columns[c]!), numRows: all.numRows };
  }
}
