/**
 * ORDER BY (ASC/DESC, NULLS FIRST/LAST, expressions, aliases, ordinals), LIMIT/OFFSET, VALUES tables, and
 * explode/split. Ordered cases end their ORDER BY in a unique column so the order is total.
 */
import type { DiffCase } from './harness.js';

export const orderCases: DiffCase[] = [
  { name: 'order by int with default nulls first', sql: 'SELECT id, k FROM t ORDER BY k, id', ordered: true, note: 'Spark ASC puts NULLs first.' },
  { name: 'order by desc with default nulls last', sql: 'SELECT id, k FROM t ORDER BY k DESC, id', ordered: true, note: 'Spark DESC puts NULLs last.' },
  { name: 'order by asc nulls last', sql: 'SELECT id, k FROM t ORDER BY k ASC NULLS LAST, id', ordered: true },
  { name: 'order by desc nulls first', sql: 'SELECT id, k FROM t ORDER BY k DESC NULLS FIRST, id DESC', ordered: true },
  { name: 'order by strings', sql: 'SELECT id, g, s FROM t ORDER BY g, s, id', ordered: true, note: 'UTF-8 byte order: uppercase before lowercase, the emoji after CJK and fullwidth letters.' },
  { name: 'order by strings desc', sql: 'SELECT id, s FROM t ORDER BY s DESC NULLS FIRST, id', ordered: true },
  { name: 'order by double', sql: 'SELECT id, d FROM t ORDER BY d DESC, id', ordered: true },
  { name: 'order by timestamp', sql: 'SELECT id, ts FROM t ORDER BY ts, id', ordered: true },
  { name: 'order by date desc', sql: 'SELECT id, dt FROM t ORDER BY dt DESC NULLS LAST, id', ordered: true },
  { name: 'order by boolean', sql: 'SELECT id, b FROM t ORDER BY b, id', ordered: true, note: 'FALSE before TRUE.' },
  { name: 'order by decimal', sql: 'SELECT id, dec FROM t ORDER BY dec, id', ordered: true },
  { name: 'order by bigint', sql: 'SELECT id, v FROM t ORDER BY v DESC, id', ordered: true },
  { name: 'order by expression', sql: 'SELECT id, k FROM t ORDER BY k % 5, id DESC', ordered: true },
  { name: 'order by alias', sql: 'SELECT id, d * -1 AS neg FROM t ORDER BY neg, id', ordered: true },
  { name: 'order by ordinal', sql: 'SELECT k, id FROM t ORDER BY 1 DESC, 2', ordered: true },
  { name: 'order by column not selected', sql: 'SELECT id FROM t ORDER BY s, d, id', ordered: true },
  { name: 'order by aggregate alias', sql: 'SELECT k, count(*) AS c FROM t GROUP BY k ORDER BY c, k', ordered: true },
  { name: 'order by aggregate not selected', sql: 'SELECT k FROM t GROUP BY k ORDER BY sum(d) DESC NULLS LAST, k', ordered: true },
  { name: 'order by mixed directions', sql: 'SELECT id, g, k FROM t ORDER BY g DESC, k ASC NULLS LAST, id DESC', ordered: true },
  { name: 'limit', sql: 'SELECT id, d FROM t ORDER BY id LIMIT 10', ordered: true },
  { name: 'top-N by double', sql: 'SELECT id, d FROM t ORDER BY d DESC NULLS LAST, id LIMIT 15', ordered: true },
  { name: 'top-N by string', sql: 'SELECT id, s FROM t ORDER BY s NULLS LAST, id LIMIT 25', ordered: true },
  { name: 'limit 0', sql: 'SELECT id FROM t ORDER BY id LIMIT 0' },
  { name: 'limit larger than input', sql: 'SELECT k, label FROM dim ORDER BY k, label LIMIT 1000', ordered: true },
  { name: 'limit with offset', sql: 'SELECT id FROM t ORDER BY id LIMIT 5 OFFSET 10', ordered: true },
  { name: 'offset past the end', sql: 'SELECT k FROM dim ORDER BY k LIMIT 5 OFFSET 100' },
  { name: 'limit without order counts', sql: 'SELECT count(*) FROM (SELECT * FROM t LIMIT 17) x' },
  { name: 'limit on empty table', sql: 'SELECT * FROM e ORDER BY id LIMIT 3' },
  { name: 'order by on a join', sql: 'SELECT t.id, dim.label FROM t JOIN dim ON t.k = dim.k ORDER BY dim.label DESC, t.id LIMIT 30', ordered: true },
  { name: 'order by qualified column', sql: 'SELECT x.id FROM t x ORDER BY x.k NULLS LAST, x.id LIMIT 20', ordered: true },
];

export const valuesCases: DiffCase[] = [
  { name: 'VALUES table', sql: "SELECT * FROM (VALUES (1, 'a'), (2, NULL), (NULL, 'c')) AS v(x, y)" },
  { name: 'VALUES with mixed numeric types', sql: 'SELECT x + 1 FROM (VALUES (1), (2.5), (NULL)) AS v(x)' },
  { name: 'VALUES without parentheses', sql: 'SELECT a + b FROM VALUES (1, 2), (3, 4) AS v(a, b)', duckdbSql: 'SELECT a + b FROM (VALUES (1, 2), (3, 4)) AS v(a, b)' },
  { name: 'VALUES joined to a table', sql: 'SELECT dim.label, v.tag FROM dim JOIN (VALUES (1, \'one!\'), (3, \'three!\')) AS v(k, tag) ON dim.k = v.k' },
  { name: 'VALUES aggregated', sql: "SELECT g, sum(x) FROM (VALUES ('a', 1), ('b', 2), ('a', 3), (NULL, 4)) AS v(g, x) GROUP BY g" },
  { name: 'VALUES with expressions', sql: 'SELECT * FROM (VALUES (1 + 1, upper(\'x\')), (abs(-3), concat(\'a\', \'b\'))) AS v(n, s)' },
  { name: 'VALUES with dates', sql: "SELECT d, year(d) FROM (VALUES (DATE '2024-02-29'), (DATE '1999-12-31')) AS v(d)" },
];

export const explodeCases: DiffCase[] = [
  {
    name: 'explode split',
    sql: "SELECT id, explode(split(tags, ',')) FROM small WHERE tags IS NULL OR tags <> ''",
    duckdbSql: "SELECT id, unnest(string_split(tags, ',')) FROM small WHERE tags IS NULL OR tags <> ''",
    note: "A NULL array produces no rows; empty strings between commas are elements. (split('') has its own case.)",
  },
  {
    name: 'explode with alias then group',
    sql: "SELECT tag, count(*) FROM (SELECT explode(split(tags, ',')) AS tag FROM small WHERE tags <> '') x GROUP BY tag",
    duckdbSql: "SELECT tag, count(*) FROM (SELECT unnest(string_split(tags, ',')) AS tag FROM small WHERE tags <> '') x GROUP BY tag",
  },
  { name: 'explode array literal', sql: 'SELECT explode(array(1, 2, 3))', duckdbSql: 'SELECT unnest([1, 2, 3])' },
  { name: 'explode array of columns', sql: 'SELECT id, explode(array(k, id)) AS e FROM t WHERE id < 30', duckdbSql: 'SELECT id, unnest([k, id]) AS e FROM t WHERE id < 30', note: 'NULL elements are kept.' },
  { name: 'explode then filter', sql: "SELECT id, w FROM (SELECT id, explode(split(s, ' ')) AS w FROM t) x WHERE w <> ''", duckdbSql: "SELECT id, w FROM (SELECT id, unnest(string_split(s, ' ')) AS w FROM t) x WHERE w <> ''" },
  { name: 'explode of collect_list round trip', sql: 'SELECT g, explode(collect_list(k)) FROM t GROUP BY g', duckdbSql: 'SELECT g, k FROM t WHERE k IS NOT NULL' },
  { name: 'word count', sql: "SELECT word, count(*) AS n FROM (SELECT explode(split(lower(s), '[ ,]')) AS word FROM t WHERE s <> '') x GROUP BY word", duckdbSql: "SELECT word, count(*) AS n FROM (SELECT unnest(regexp_split_to_array(lower(s), '[ ,]')) AS word FROM t WHERE s <> '') x GROUP BY word" },
  {
    name: 'explode of split of an empty string',
    sql: "SELECT id, explode(split(tags, ',')) FROM small WHERE tags = ''",
    expected: [[6, ''], [12, '']],
    note: "split('', ',') is [''] in Spark (Java's split keeps the one empty field), so explode yields one empty string.",
  },
];
