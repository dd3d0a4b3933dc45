/**
 * The console sink: prints every batch's output to a writable stream (stdout by default).
 *
 * Options: `format` — `table` (default) or `jsonl`; for `table`, `numRows` (default 20) and `truncate` (default
 * true: cells longer than 20 characters are cut).
 *
 * `table` prints Spark's console sink layout:
 * ```
 * -------------------------------------------
 * Batch: 0
 * -------------------------------------------
 * +----+---+
 * |word|  n|
 * +----+---+
 * |  to|  1|
 * +----+---+
 *
 * ```
 * `jsonl` (DESIGN.md §7) prints one JSON object per output row, `"_batch"` (the batch id) first, then the columns
 * in order, values as `toJsonValue` gives them (timestamps `2026-01-01T12:00:00.000Z`, structs as objects):
 * `{"_batch":0,"word":"to","n":1}`. A batch without rows prints nothing.
 *
 * Not idempotent, like Spark's: a batch re-run after a crash is printed again — a terminal cannot take back what it
 * showed. Within one process a batch id that was already printed is skipped.
 *
 * ```ts
 * const sink = createConsoleSink({ format: 'jsonl' });            // to stdout
 * const toFile = createConsoleSink({}, fs.createWriteStream('out.txt'));
 * ```
 */
import { once } from 'node:events';
import type { Batch } from '../execution/batch.js';
import { valueAt } from '../execution/column.js';
import type { Sink, SinkBatchInfo } from '../execution/sink.js';
import { SluiceError } from '../types/errors.js';
import { toJsonValue } from '../types/values.js';
import { formatShowTable } from './show-table-formatter.js';

export type ConsoleFormat = 'table' | 'jsonl';

export interface ConsoleSinkSettings {
  readonly format: ConsoleFormat;
  readonly numRows: number;
  readonly truncate: boolean;
}

/** Output is handed to the stream in pieces of about this many characters, waiting for it to drain between them. */
const CHUNK_CHARS = 1 << 20;
const SPARK_TRUNCATE = 20;

export class ConsoleSink implements Sink {
  readonly description: string;
  private lastBatchId = -1;

  constructor(private readonly settings: ConsoleSinkSettings, private readonly out: NodeJS.WritableStream = process.stdout) {
    this.description = `ConsoleSink[format=${settings.format}]`;
  }

  async addBatch(batchId: number, data: readonly Batch[], info: SinkBatchInfo): Promise<void> {
    if (batchId <= this.lastBatchId) return;
    if (this.settings.format === 'jsonl') await this.writeJsonLines(batchId, data, info);
    else await this.write(this.tableText(batchId, data, info));
    this.lastBatchId = batchId;
  }

  private tableText(batchId: number, data: readonly Batch[], info: SinkBatchInfo): string {
    const rule = '-------------------------------------------\n';
    const table = formatShowTable(info.schema.fields.map((f) => f.name), info.schema.fields.map((f) => f.type), data,
      this.settings.numRows, this.settings.truncate ? SPARK_TRUNCATE : 0);
    return `${rule}Batch: ${batchId}\n${rule}${table}\n`;
  }

  private async writeJsonLines(batchId: number, data: readonly Batch[], info: SinkBatchInfo): Promise<void> {
    const fields = info.schema.fields;
    // Keys are JSON-escaped once; each row then only encodes its values.
    const prefixes = fields.map((f, c) => `${c === 0 ? '' : ','}${JSON.stringify(f.name)}:`);
    const head = `{"_batch":${batchId}${fields.length > 0 ? ',' : ''}`;
    let text = '';
    for (const b of data) {
      for (let i = 0; i < b.numRows; i++) {
        let line = head;
        for (let c = 0; c < fields.length; c++) {
          line += prefixes[c]! + JSON.stringify(toJsonValue(valueAt(b.columns[c]!, i), fields[c]!.type));
        }
        text += `${line}}\n`;
        if (text.length >= CHUNK_CHARS) {
          await this.write(text);
          text = '';
        }
      }
    }
    if (text.length > 0) await this.write(text);
  }

  private async write(text: string): Promise<void> {
    if (!this.out.write(text)) await once(this.out, 'drain');
  }
}

export function createConsoleSink(options: Readonly<Record<string, string>>, out?: NodeJS.WritableStream): ConsoleSink {
  const get = (key: string): string | undefined => {
    for (const [k, v] of Object.entries(options)) if (k.toLowerCase() === key.toLowerCase()) return String(v);
    return undefined;
  };
  const format = (get('format') ?? 'table').trim().toLowerCase();
  if (format !== 'table' && format !== 'jsonl') {
    throw new SluiceError('ANALYSIS_ERROR', `console sink: option 'format' must be table or jsonl, got ${JSON.stringify(get('format'))}`);
  }
  const numRowsText = get('numRows');
  const numRows = numRowsText === undefined ? 20 : Number(numRowsText);
  if (!Number.isSafeInteger(numRows) || numRows < 0) {
    throw new SluiceError('ANALYSIS_ERROR', `console sink: option 'numRows' must be a non-negative integer, got ${JSON.stringify(numRowsText)}`);
  }
  const truncateText = (get('truncate') ?? 'true').trim().toLowerCase();
  if (truncateText !== 'true' && truncateText !== 'false') {
    throw new SluiceError('ANALYSIS_ERROR', `console sink: option 'truncate' must be true or false, got ${JSON.stringify(get('truncate'))}`);
  }
  return new ConsoleSink({ format, numRows, truncate: truncateText === 'true' }, out);
}
