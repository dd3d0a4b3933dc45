/**
 * Event-time windows on static tables and on streams: tumbling, sliding, session and the TVF forms; the
 * boundary rules (a window is [start, end); a row is late, and a window evictable, when its end ≤ watermark);
 * session windows in append mode; bounded state over a long run.
 */
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/api/session.js';
import { runStreaming, sorted, tempDir, writeInputFiles } from './streaming-harness.js';

const at = (hhmm: string, ss = '00') => `2026-01-01T${hhmm}:${ss}.000Z`;
const w = (start: string, end: string) => ({ start: at(start), end: at(end) });

async function staticSession(): Promise<Session> {
  const s = new Session({ out: () => undefined });
  await s.execute(`CREATE TABLE ev (ts TIMESTAMP, k STRING, v INT);
    INSERT INTO ev VALUES
      (TIMESTAMP '2026-01-01 12:01:00', 'a', 1), (TIMESTAMP '2026-01-01 12:04:00', 'a', 2),
      (TIMESTAMP '2026-01-01 12:05:00', 'a', 4), (TIMESTAMP '2026-01-01 12:13:00', 'a', 8),
      (TIMESTAMP '2026-01-01 12:02:00', 'b', 16), (TIMESTAMP '2026-01-01 12:20:00', 'b', 32)`);
  return s;
}

describe('windows on a static table', () => {
  it('tumbling: each row in exactly one window; a row at a window end starts the next', async () => {
    const s = await staticSession();
    const rows = await s.sql(`SELECT window(ts, '5 minutes') AS w, k, sum(v) AS total FROM ev GROUP BY 1, 2`).collect();
    expect(sorted(rows)).toEqual(sorted([
      { w: w('12:00', '12:05'), k: 'a', total: 3 }, { w: w('12:05', '12:10'), k: 'a', total: 4 },
      { w: w('12:10', '12:15'), k: 'a', total: 8 }, { w: w('12:00', '12:05'), k: 'b', total: 16 },
      { w: w('12:20', '12:25'), k: 'b', total: 32 },
    ]));
  });

  it('sliding: a row counts in every window that contains it; start offsets shift windows', async () => {
    const s = await staticSession();
    const rows = await s.sql(`SELECT window(ts, '10 minutes', '5 minutes') AS w, sum(v) AS total FROM ev WHERE k = 'a' GROUP BY window(ts, '10 minutes', '5 minutes')`).collect();
    expect(sorted(rows)).toEqual(sorted([
      { w: w('11:55', '12:05'), total: 3 }, { w: w('12:00', '12:10'), total: 7 }, { w: w('12:05', '12:15'), total: 12 },
      { w: w('12:10', '12:20'), total: 8 },
    ]));
    const shifted = await s.sql(`SELECT window(ts, '10 minutes', '10 minutes', '3 minutes') AS w, count(*) AS n FROM ev GROUP BY 1`).collect();
    expect(sorted(shifted)).toEqual(sorted([{ w: w('11:53', '12:03'), n: 2 }, { w: w('12:03', '12:13'), n: 2 }, { w: w('12:13', '12:23'), n: 2 }]));
    const wt = await s.sql(`SELECT window_time(window(ts, '5 minutes')) AS t FROM ev WHERE v = 1`).collect();
    expect(wt).toEqual([{ t: '2026-01-01T12:04:59.999Z' }]);
  });

  it('session: events less than the gap apart share a session that ends a gap after the last', async () => {
    const s = await staticSession();
    const rows = await s.sql(`SELECT k, session_window(ts, '5 minutes') AS sw, count(*) AS n, sum(v) AS total FROM ev GROUP BY k, session_window(ts, '5 minutes')`).collect();
    expect(sorted(rows)).toEqual(sorted([
      { k: 'a', sw: w('12:01', '12:10'), n: 3, total: 7 }, { k: 'a', sw: w('12:13', '12:18'), n: 1, total: 8 },
      { k: 'b', sw: w('12:02', '12:07'), n: 1, total: 16 }, { k: 'b', sw: w('12:20', '12:25'), n: 1, total: 32 },
    ]));
    // A per-row gap: key b's sessions use 20 minutes, so its two events merge.
    const dynamic = await s.sql(`SELECT k, session_window(ts, CASE WHEN k = 'b' THEN '20 minutes' ELSE '1 minute' END) AS sw, count(*) AS n
      FROM ev GROUP BY 1, 2`).collect();
    expect(dynamic.filter((r) => r.k === 'b')).toEqual([{ k: 'b', sw: w('12:02', '12:40'), n: 2 }]);
    expect(dynamic.filter((r) => r.k === 'a')).toHaveLength(4);
  });

  it('TUMBLE and HOP table functions add window_start and window_end', async () => {
    const s = await staticSession();
    const t = await s.sql(`SELECT window_start, window_end, count(*) AS n FROM TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '10' MINUTES) GROUP BY 1, 2`).collect();
    expect(sorted(t)).toEqual(sorted([
      { window_start: at('12:00'), window_end: at('12:10'), n: 4 }, { window_start: at('12:10'), window_end: at('12:20'), n: 1 },
      { window_start: at('12:20'), window_end: at('12:30'), n: 1 },
    ]));
    const h = await s.sql(`SELECT window_start, count(*) AS n FROM HOP(TABLE ev, DESCRIPTOR(ts), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES) WHERE k = 'b' GROUP BY 1`).collect();
    expect(sorted(h)).toEqual(sorted([
      { window_start: at('11:55'), n: 1 }, { window_start: at('12:00'), n: 1 }, { window_start: at('12:15'), n: 1 }, { window_start: at('12:20'), n: 1 },
    ]));
  });
});

describe('windows on streams', () => {
  const ev = (hhmm: string, k: string, ss = '00') => ({ ts: at(hhmm, ss), k });
  const base = { schema: 'ts TIMESTAMP, k STRING', watermark: "ts AS ts - INTERVAL '2' MINUTES" };

  it('late rows on both sides of the watermark, and equality at the window end', async () => {
    const input = tempDir();
    writeInputFiles(input, [
      [ev('12:01', 'a'), ev('12:07', 'a')],
      // Late rows are judged against the previous batch's watermark (0 here): 12:04:59 still counts, and the
      // window [12:00, 12:05) is emitted in this batch, whose own watermark (12:05) equals its end.
      [ev('12:04', 'a', '59'), ev('12:08', 'a')],
      // Now against 12:05: [12:00, 12:05) ends at 12:05 ≤ 12:05, so 12:04:59 is late; 12:05:00 opens [12:05, 12:10).
      [ev('12:04', 'late', '59'), ev('12:05', 'a')],
      [ev('12:30', 'a')],
    ]);
    const r = await runStreaming({ ...base, inputDir: input, checkpoint: tempDir(), outputMode: 'append',
      select: `SELECT window(ts, '5 minutes') AS w, count(*) AS n FROM events GROUP BY window(ts, '5 minutes')` });
    expect(r.batches.get(1)).toEqual([{ w: w('12:00', '12:05'), n: 2 }]);
    expect(r.query.recentProgress[2]!.stateOperators[0]!.numRowsDroppedByWatermark).toBe(1);
    expect(r.batches.get(4)).toEqual([{ w: w('12:05', '12:10'), n: 3 }]);
    expect([...r.batches.values()].flat()).toHaveLength(2);
  });

  it('session windows in append mode close when the watermark passes their end', async () => {
    const input = tempDir();
    writeInputFiles(input, [
      [ev('12:00', 'a'), ev('12:03', 'a'), ev('12:01', 'b')],
      [ev('12:06', 'a'), ev('12:20', 'b')],
      [ev('12:40', 'c')],
    ]);
    const r = await runStreaming({ ...base, inputDir: input, checkpoint: tempDir(), outputMode: 'append',
      select: `SELECT k, session_window(ts, '4 minutes') AS s, count(*) AS n FROM events GROUP BY k, session_window(ts, '4 minutes')` });
    const emitted = [...r.batches.entries()].flatMap(([id, rows]) => rows.map((row) => ({ id, ...row })));
    expect(sorted(emitted)).toEqual(sorted([
      // a's events 12:00, 12:03, 12:06 chain into one session ending 12:10, closed by the 12:18 watermark.
      { id: 2, k: 'a', s: w('12:00', '12:10'), n: 3 },
      { id: 2, k: 'b', s: w('12:01', '12:05'), n: 1 },
      // b's 12:20 session and c's session close in the no-data batch after the 12:38 watermark.
      { id: 3, k: 'b', s: w('12:20', '12:24'), n: 1 },
    ]));
  });

  it('rejects session windows in update mode', async () => {
    const input = tempDir();
    writeInputFiles(input, [[ev('12:00', 'a')]]);
    await expect(runStreaming({ ...base, inputDir: input, checkpoint: tempDir(), outputMode: 'update',
      select: `SELECT k, session_window(ts, '4 minutes') AS s, count(*) AS n FROM events GROUP BY 1, 2` }))
      .rejects.toThrow(/Session windows are not supported in update output mode/);
  });

  it('keeps state bounded by the open windows over a long run', async () => {
    const input = tempDir();
    const files = Array.from({ length: 40 }, (_, f) => Array.from({ length: 25 }, (_, r) => ({
      ts: new Date(Date.UTC(2026, 0, 1, 12, 0, 0) + (f * 25 + r) * 6000).toISOString(), k: `k${r % 5}`,
    })));
    writeInputFiles(input, files);
    const r = await runStreaming({ ...base, inputDir: input, checkpoint: tempDir(), outputMode: 'update',
      select: `SELECT window(ts, '1 minute') AS w, k, count(*) AS n FROM events GROUP BY 1, 2` });
    const totals = r.query.recentProgress.map((p) => p.stateOperators[0]!.numRowsTotal);
    // 40 batches span 100 one-minute windows of event time over 5 keys: without eviction state would reach
    // 500 rows. With it, only windows within a batch's span plus the 2-minute delay stay open.
    expect(totals[totals.length - 1]).toBeGreaterThan(0);
    expect(Math.max(...totals)).toBeLessThanOrEqual(8 * 5);
  });
});
