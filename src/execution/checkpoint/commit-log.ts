/**
 * The commit log (`<checkpoint>/commits/<batchId>`): batch `batchId` is complete — its output reached the sink
 * and its sources were told to commit. Written last; a batch with offsets but no commit is re-run on restart.
 *
 * File format (UTF-8, every line ends with `\n`):
 * ```
 * v1
 * {"nextBatchWatermarkMs":<int>}
 * ```
 * `nextBatchWatermarkMs` is the event-time watermark computed at the end of the batch (ms since the epoch, 0 when
 * the query has none yet): the watermark the next batch runs with.
 */
import { MetadataLog, parseJsonLine, splitLogLines } from './metadata-log.js';

export const COMMIT_LOG_VERSION = 'v1';

export interface CommitMetadata {
  readonly nextBatchWatermarkMs: number;
}

export class CommitLog extends MetadataLog<CommitMetadata> {
  protected serialize(entry: CommitMetadata): string {
    return `${COMMIT_LOG_VERSION}\n${JSON.stringify({ nextBatchWatermarkMs: entry.nextBatchWatermarkMs })}\n`;
  }

  protected deserialize(text: string, file: string): CommitMetadata {
    if (!text.endsWith('\n')) throw this.corrupt(file, 'the file does not end with a newline (truncated?)');
    const lines = splitLogLines(text);
    if (lines[0] !== COMMIT_LOG_VERSION) {
      throw this.corrupt(file, `bad version line ${JSON.stringify(lines[0] ?? '')}, expected ${JSON.stringify(COMMIT_LOG_VERSION)}`);
    }
    if (lines.length !== 2) throw this.corrupt(file, `expected 2 lines, found ${lines.length}`);
    const parsed = parseJsonLine(lines[1]!);
    if (!parsed.ok) throw this.corrupt(file, `line 2 is not JSON (${parsed.reason})`);
    const v = parsed.value as { nextBatchWatermarkMs?: unknown } | null;
    if (typeof v !== 'object' || v === null || !Number.isSafeInteger(v.nextBatchWatermarkMs)) {
      throw this.corrupt(file, 'line 2 has no integer "nextBatchWatermarkMs"');
    }
    return { nextBatchWatermarkMs: v.nextBatchWatermarkMs as number };
  }
}
