/**
 * The streaming queries of the benchmark (issue 3), over the `rate-micro-batch` source's columns
 * (`timestamp TIMESTAMP, value BIGINT`, value = 0, 1, 2, … in order). The same SQL runs as a streaming query
 * and, for reference, as one batch job over a static table holding the same events.
 *
 * `keys` (aggregations) is the number of distinct groups; the grouping key `value % keys` is an integer in
 * [0, keys), which is how the harness collects the streamed results per key.
 */

/** @type {readonly { name: string; title: string; sql: string; outputMode: 'append' | 'update'; keys?: number; floorEventsPerSec: number }[]} */
export const STREAMING_QUERIES = [
  {
    name: 'stateless',
    title: '(a) filter + project (stateless)',
    sql: 'SELECT value, value * 2 + 1 AS w FROM ev WHERE value % 4 <> 0',
    outputMode: 'append',
    floorEventsPerSec: 5_000_000,
  },
  {
    name: 'group_1k',
    title: '(b) GROUP BY, 1,000 keys',
    sql: 'SELECT value % 1000 AS k, count(*) AS n, sum(value) AS s FROM ev GROUP BY value % 1000',
    outputMode: 'update',
    keys: 1000,
    floorEventsPerSec: 3_000_000,
  },
  {
    name: 'group_1m',
    title: '(c) GROUP BY, 1,000,000 keys (LevelDB state)',
    sql: 'SELECT value % 1000000 AS k, count(*) AS n, sum(value) AS s FROM ev GROUP BY value % 1000000',
    outputMode: 'update',
    keys: 1_000_000,
    floorEventsPerSec: 500_000,
  },
];

/** The query of the latency run (steady 20,000 events/s, default trigger): the 1,000-key aggregation. */
export const LATENCY_QUERY = STREAMING_QUERIES[1];
export const LATENCY_FLOOR_P99_MS = 50;
