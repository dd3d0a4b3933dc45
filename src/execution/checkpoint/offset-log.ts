/**
 * The offset log (`<checkpoint>/offsets/<batchId>`): what batch `batchId` reads, written before the batch runs.
 *
 * File format (UTF-8, every line ends with `\n`):
 * ```
 * v1
 * {"batchWatermarkMs":<int>,"batchTimestampMs":<int>,"conf":{"<key>":"<value>",...}}
 * <offset of source 0, as one line of JSON, or the single character - when the source has no offset yet>
 * <offset of source 1 ...>
 * ```
 * - line 1 is the format version; anything but `v1` is refused.
 * - line 2 holds the batch's metadata: the event-time watermark the batch runs with and its processing-time
 *   timestamp (both ms since the epoch), and `conf`, the settings that shape the query's state, keys sorted.
 * - then exactly one line per streaming source, in the query's source order. An offset is whatever JSON value the
 *   source produced (`JSON.stringify`, no extra whitespace); the engine hands it back to the source unchanged.
 *
 * Example, a query over a file source and a memory source that has had no data yet:
 * ```
 * v1
 * {"batchWatermarkMs":0,"batchTimestampMs":1767268800000,"conf":{"sluice.multipleWatermarkPolicy":"min"}}
 * 3
 * -
 * ```
 */
import type { Offset } from '../source.js';
import { MetadataLog, parseJsonLine, splitLogLines } from './metadata-log.js';

export const OFFSET_LOG_VERSION = 'v1';

/** One batch's entry in the offset log. */
export interface OffsetSeq {
  readonly batchWatermarkMs: number;
  readonly batchTimestampMs: number;
  readonly conf: Readonly<Record<string, string>>;
  /** One per source, in source order; null where the source had no offset yet (written as `-`). */
  readonly offsets: readonly (Offset | null)[];
}

export class OffsetLog extends MetadataLog<OffsetSeq> {
  /** `numSources` is how many sources the query reads: an entry with another count is refused. */
  constructor(dir: string, readonly numSources: number) {
    super(dir);
  }

  protected serialize(entry: OffsetSeq): string {
    const conf: Record<string, string> = {};
    for (const k of Object.keys(entry.conf).sort()) conf[k] = entry.conf[k]!;
    const meta = JSON.stringify({ batchWatermarkMs: entry.batchWatermarkMs, batchTimestampMs: entry.batchTimestampMs, conf });
    let out = `${OFFSET_LOG_VERSION}\n${meta}\n`;
    for (const o of entry.offsets) out += (o === null ? '-' : JSON.stringify(o)) + '\n';
    return out;
  }

  protected deserialize(text: string, file: string): OffsetSeq {
    if (!text.endsWith('\n')) throw this.corrupt(file, 'the file does not end with a newline (truncated?)');
    const lines = splitLogLines(text);
    if (lines[0] !== OFFSET_LOG_VERSION) {
      throw this.corrupt(file, `bad version line ${JSON.stringify(lines[0] ?? '')}, expected ${JSON.stringify(OFFSET_LOG_VERSION)}`);
    }
    if (lines.length < 2) throw this.corrupt(file, 'the metadata line is missing');
    const meta = parseJsonLine(lines[1]!);
    if (!meta.ok) throw this.corrupt(file, `line 2 is not JSON (${meta.reason})`);
    const m = meta.value as Record<string, unknown> | null;
    if (typeof m !== 'object' || m === null || Array.isArray(m)) throw this.corrupt(file, 'line 2 is not a JSON object');
    const batchWatermarkMs = m['batchWatermarkMs'];
    const batchTimestampMs = m['batchTimestampMs'];
    const conf = m['conf'];
    if (!Number.isSafeInteger(batchWatermarkMs)) throw this.corrupt(file, 'line 2 has no integer "batchWatermarkMs"');
    if (!Number.isSafeInteger(batchTimestampMs)) throw this.corrupt(file, 'line 2 has no integer "batchTimestampMs"');
    if (typeof conf !== 'object' || conf === null || Array.isArray(conf)
      || Object.values(conf).some((v) => typeof v !== 'string')) {
      throw this.corrupt(file, 'line 2 has no "conf" object of string values');
    }
    const sourceLines = lines.slice(2);
    if (sourceLines.length !== this.numSources) {
      throw this.corrupt(file, `it records offsets for ${sourceLines.length} source(s) but the query reads ${this.numSources}; ` +
        'a checkpoint belongs to one query and its sources cannot be added or removed');
    }
    const offsets = sourceLines.map((line, i) => {
      if (line === '-') return null;
      const o = parseJsonLine(line);
      if (!o.ok) throw this.corrupt(file, `line ${i + 3} (source ${i}) is not JSON (${o.reason})`);
      if (o.value === null) throw this.corrupt(file, `line ${i + 3} (source ${i}) is null; "-" marks a source without offset`);
      return o.value as Offset;
    });
    return {
      batchWatermarkMs: batchWatermarkMs as number,
      batchTimestampMs: batchTimestampMs as number,
      conf: conf as Record<string, string>,
      offsets,
    };
  }
}
