/**
 * The worked example of the seed ("4.1 Event Time", "4.2 Watermark") and Spark's programming guide: words with
 * event times, 10-minute windows sliding every 5 minutes, a 10-minute watermark, checked batch by batch in all
 * three output modes. One input file per micro-batch:
 *   batch 0: 12:07 dog, 12:08 owl
 *   batch 1: 12:14 dog, 12:09 cat
 *   batch 2: 12:15 cat, 12:08 dog, 12:13 owl, 12:21 owl
 *   batch 3: 12:04 donkey (late, but its windows end after the watermark 12:04, so it still counts),
 *            11:50 pig (late: both its windows end by 12:04, so it is dropped), 12:17 owl
 *   batch 4: 12:40 cat (moves the watermark to 12:30)
 * Watermarks: batch n runs with max event time of batches < n minus 10 minutes: 0, 11:58, 12:04, 12:11, 12:11,
 * and a no-data batch 5 with 12:30. Rows are late against the previous batch's watermark, state is evicted
 * against the current one (Spark 3.5+).
 */
import { describe, expect, it } from 'vitest';
import { runStreaming, sorted, tempDir, writeInputFiles } from './streaming-harness.js';

const at = (hhmm: string) => `2026-01-01T${hhmm}:00.000Z`;
const ev = (hhmm: string, word: string) => ({ ts: at(hhmm), word });
const files = [
  [ev('12:07', 'dog'), ev('12:08', 'owl')],
  [ev('12:14', 'dog'), ev('12:09', 'cat')],
  [ev('12:15', 'cat'), ev('12:08', 'dog'), ev('12:13', 'owl'), ev('12:21', 'owl')],
  [ev('12:04', 'donkey'), ev('11:50', 'pig'), ev('12:17', 'owl')],
  [ev('12:40', 'cat')],
];
const addMinutes = (hhmm: string, m: number) => {
  const [h, mi] = hhmm.split(':').map(Number);
  const t = h! * 60 + mi! + m;
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
};
const row = (start: string, word: string, n: number) => ({ w: { start: at(start), end: at(addMinutes(start, 10)) }, word, n });

const select = `SELECT window(ts, '10 minutes', '5 minutes') AS w, word, count(*) AS n
  FROM events GROUP BY window(ts, '10 minutes', '5 minutes'), word`;

async function run(outputMode: 'append' | 'update' | 'complete') {
  const input = tempDir();
  writeInputFiles(input, files);
  return runStreaming({
    inputDir: input, checkpoint: tempDir(), schema: 'ts TIMESTAMP, word STRING', watermark: "ts AS ts - INTERVAL '10' MINUTES",
    select, outputMode,
  });
}

describe('the seed worked example: sliding windows with a watermark', () => {
  it('append mode emits each window once, when the watermark passes its end', async () => {
    const { batches, query } = await run('append');
    expect([...batches.keys()]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(batches.get(0)).toEqual([]);
    expect(batches.get(1)).toEqual([]);
    expect(batches.get(2)).toEqual([]);
    expect(sorted(batches.get(3)!)).toEqual(sorted([
      row('11:55', 'donkey', 1), row('12:00', 'dog', 2), row('12:00', 'owl', 1), row('12:00', 'cat', 1), row('12:00', 'donkey', 1),
    ]));
    expect(batches.get(4)).toEqual([]);
    expect(sorted(batches.get(5)!)).toEqual(sorted([
      row('12:05', 'dog', 3), row('12:05', 'owl', 2), row('12:05', 'cat', 1),
      row('12:10', 'dog', 1), row('12:10', 'cat', 1), row('12:10', 'owl', 2),
      row('12:15', 'cat', 1), row('12:15', 'owl', 2), row('12:20', 'owl', 1),
    ]));
    const progress = query.recentProgress;
    expect(progress.map((p) => p.eventTime?.watermark)).toEqual(
      ['1970-01-01T00:00:00.000Z', at('11:58'), at('12:04'), at('12:11'), at('12:11'), at('12:30')],
    );
    // The pig's two window rows are late; the donkey's are not.
    expect(progress[3]!.stateOperators[0]!.numRowsDroppedByWatermark).toBe(2);
    // Only the windows the 12:30 watermark has not passed are left in state.
    expect(progress[5]!.stateOperators[0]!.numRowsTotal).toBe(2);
  });

  it('update mode emits the rows each batch changed, and drops evicted windows without output', async () => {
    const { batches } = await run('update');
    expect(sorted(batches.get(0)!)).toEqual(sorted([row('12:00', 'dog', 1), row('12:00', 'owl', 1), row('12:05', 'dog', 1), row('12:05', 'owl', 1)]));
    expect(sorted(batches.get(1)!)).toEqual(sorted([row('12:05', 'dog', 2), row('12:10', 'dog', 1), row('12:00', 'cat', 1), row('12:05', 'cat', 1)]));
    expect(sorted(batches.get(2)!)).toEqual(sorted([
      row('12:10', 'cat', 1), row('12:15', 'cat', 1), row('12:00', 'dog', 2), row('12:05', 'dog', 3),
      row('12:05', 'owl', 2), row('12:10', 'owl', 1), row('12:15', 'owl', 1), row('12:20', 'owl', 1),
    ]));
    // The donkey updated windows 11:55 and 12:00: they are emitted, then evicted by the 12:11 watermark.
    expect(sorted(batches.get(3)!)).toEqual(sorted([
      row('11:55', 'donkey', 1), row('12:00', 'donkey', 1), row('12:10', 'owl', 2), row('12:15', 'owl', 2),
    ]));
    expect(sorted(batches.get(4)!)).toEqual(sorted([row('12:35', 'cat', 1), row('12:40', 'cat', 1)]));
    expect(batches.get(5)).toEqual([]);
  });

  it('complete mode emits the whole result every batch; the watermark removes and drops nothing', async () => {
    const { batches } = await run('complete');
    expect([...batches.keys()]).toEqual([0, 1, 2, 3, 4]);
    expect(batches.get(0)!.length).toBe(4);
    expect(batches.get(1)!.length).toBe(7);
    expect(batches.get(2)!.length).toBe(12);
    expect(sorted(batches.get(4)!)).toEqual(sorted([
      row('11:45', 'pig', 1), row('11:50', 'pig', 1), row('11:55', 'donkey', 1),
      row('12:00', 'dog', 2), row('12:00', 'owl', 1), row('12:00', 'cat', 1), row('12:00', 'donkey', 1),
      row('12:05', 'dog', 3), row('12:05', 'owl', 2), row('12:05', 'cat', 1),
      row('12:10', 'dog', 1), row('12:10', 'cat', 1), row('12:10', 'owl', 2),
      row('12:15', 'cat', 1), row('12:15', 'owl', 2), row('12:20', 'owl', 1),
      row('12:35', 'cat', 1), row('12:40', 'cat', 1),
    ]));
  });
});
