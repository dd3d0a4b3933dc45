/**
 * The six batch queries of the benchmark (issue 2), over the tables of lib/bench-data.mjs. Each runs with the
 * same SQL text in Sluice and in DuckDB; `ordered` marks a query whose ORDER BY orders its rows fully.
 */

/** @type {readonly { name: string; title: string; sql: string; ordered?: boolean }[]} */
export const BATCH_QUERIES = [
  {
    name: 'filter_project',
    title: 'filter + project',
    sql: 'SELECT id, k_str, v * 2 + q AS w FROM facts WHERE q < 50 AND v >= 1000',
  },
  {
    name: 'group_int',
    title: 'GROUP BY int key (100k groups)',
    sql: 'SELECT k_int, count(*) AS n, sum(v) AS s, min(q) AS mn FROM facts GROUP BY k_int',
  },
  {
    name: 'group_string',
    title: 'GROUP BY string key (10k groups)',
    sql: 'SELECT k_str, count(*) AS n, sum(v) AS s, max(q) AS mx FROM facts GROUP BY k_str',
  },
  {
    name: 'hash_join',
    title: 'hash join facts x dim (100k)',
    sql: 'SELECT f.id, f.v, d.dname, d.weight FROM facts f JOIN dim d ON f.k_int = d.dk',
  },
  {
    name: 'order_limit',
    title: 'ORDER BY ... LIMIT 100',
    sql: 'SELECT id, k_int, v FROM facts ORDER BY v DESC, id LIMIT 100',
    ordered: true,
  },
  {
    name: 'count_distinct',
    title: 'COUNT(DISTINCT)',
    sql: 'SELECT count(DISTINCT u) AS du FROM facts',
  },
];
