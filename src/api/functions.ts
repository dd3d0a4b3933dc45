/**
 * Column functions with Spark's names (`import { col, sum, window } from 'sluice'`). Each builds the same call
 * the SQL function of that name would; the analyzer checks arguments and types.
 *
 * ```ts
 * df.groupBy(window(col('ts'), '10 minutes'), col('word')).agg(count('*').as('n'));
 * ```
 */
import { parseExpression } from '../sql/parse.js';
import { Column, NO_POSITION, callColumn, literalExpr, toColumn, type ColumnLike } from './column.js';

export { Window } from './column.js';

export const col = (name: string): Column => toColumn(name);
export const column = col;
export const lit = (v: string | number | boolean | null): Column => new Column(literalExpr(v));
/** Parses a SQL expression: `expr('a + 1')`. */
export const expr = (sql: string): Column => new Column(parseExpression(sql));

const fn = (name: string) => (...args: ColumnLike[]): Column => callColumn(name, args);
/** String arguments of these functions are values (patterns, formats, units), not column names. */
const fnLiteralTail = (name: string, columnArgs: number) => (...args: ColumnLike[]): Column =>
  new Column({
    kind: 'call', name, distinct: false, star: false, pos: NO_POSITION,
    args: args.map((a, i) => toColumn(a, i >= columnArgs).expr),
  });

// Aggregates
export const count = (c: ColumnLike): Column => (c === '*' ? callColumn('count', [], { star: true }) : callColumn('count', [c]));
export const countDistinct = (...cs: ColumnLike[]): Column => callColumn('count', cs, { distinct: true });
export const count_distinct = countDistinct;
export const sum = fn('sum');
export const sumDistinct = (c: ColumnLike): Column => callColumn('sum', [c], { distinct: true });
export const avg = fn('avg');
export const mean = fn('avg');
export const min = fn('min');
export const max = fn('max');
export const first = (c: ColumnLike, ignoreNulls = false): Column => callColumn('first', [c, lit(ignoreNulls)]);
export const last = (c: ColumnLike, ignoreNulls = false): Column => callColumn('last', [c, lit(ignoreNulls)]);
export const collect_list = fn('collect_list');
export const collect_set = fn('collect_set');
export const stddev = fn('stddev');
export const stddev_samp = fn('stddev_samp');
export const stddev_pop = fn('stddev_pop');
export const variance = fn('variance');
export const var_samp = fn('var_samp');
export const var_pop = fn('var_pop');
export const approx_count_distinct = fn('approx_count_distinct');
export const count_if = fn('count_if');
export const max_by = fn('max_by');
export const min_by = fn('min_by');

// Window functions
export const row_number = fn('row_number');
export const rank = fn('rank');
export const dense_rank = fn('dense_rank');
export const percent_rank = fn('percent_rank');
export const cume_dist = fn('cume_dist');
export const ntile = (n: number): Column => callColumn('ntile', [lit(n)]);
export const lag = (c: ColumnLike, offset = 1, defaultValue: ColumnLike = null): Column => callColumn('lag', [c, lit(offset), toColumn(defaultValue, true)]);
export const lead = (c: ColumnLike, offset = 1, defaultValue: ColumnLike = null): Column => callColumn('lead', [c, lit(offset), toColumn(defaultValue, true)]);

// Math
export const abs = fn('abs');
export const round = (c: ColumnLike, scale = 0): Column => callColumn('round', [c, lit(scale)]);
export const bround = (c: ColumnLike, scale = 0): Column => callColumn('bround', [c, lit(scale)]);
export const floor = fn('floor');
export const ceil = fn('ceil');
export const sqrt = fn('sqrt');
export const pow = fn('pow');
export const exp = fn('exp');
export const ln = fn('ln');
export const log = fn('log');
export const greatest = fn('greatest');
export const least = fn('least');
export const pmod = fn('pmod');

// Strings
export const concat = fn('concat');
export const concat_ws = (sep: string, ...cs: ColumnLike[]): Column => callColumn('concat_ws', [lit(sep), ...cs]);
export const lower = fn('lower');
export const upper = fn('upper');
export const length = fn('length');
export const trim = fn('trim');
export const ltrim = fn('ltrim');
export const rtrim = fn('rtrim');
export const substring = (c: ColumnLike, pos: number, len: number): Column => callColumn('substring', [c, lit(pos), lit(len)]);
export const split = fnLiteralTail('split', 1);
export const regexp_extract = fnLiteralTail('regexp_extract', 1);
export const regexp_replace = fnLiteralTail('regexp_replace', 1);
export const instr = fnLiteralTail('instr', 1);
export const lpad = fnLiteralTail('lpad', 1);
export const rpad = fnLiteralTail('rpad', 1);
export const replace = fnLiteralTail('replace', 1);
export const initcap = fn('initcap');
export const reverse = fn('reverse');

// Conditionals
export const coalesce = fn('coalesce');
export const nullif = fn('nullif');
export const when = (condition: Column, value: ColumnLike): Column =>
  new Column({ kind: 'case', whens: [{ when: condition.expr, then: toColumn(value, true).expr }], pos: NO_POSITION });
export const isnull = fn('isnull');
export const isnan = fn('isnan');

// Dates and times
export const year = fn('year');
export const month = fn('month');
export const dayofmonth = fn('dayofmonth');
export const dayofweek = fn('dayofweek');
export const hour = fn('hour');
export const minute = fn('minute');
export const second = fn('second');
export const date_trunc = (unit: string, c: ColumnLike): Column => callColumn('date_trunc', [lit(unit), c]);
export const to_timestamp = fnLiteralTail('to_timestamp', 1);
export const to_date = fnLiteralTail('to_date', 1);
export const unix_timestamp = fnLiteralTail('unix_timestamp', 1);
export const from_unixtime = fnLiteralTail('from_unixtime', 1);
export const date_format = fnLiteralTail('date_format', 1);
export const current_timestamp = fn('current_timestamp');
export const current_date = fn('current_date');
export const date_add = fn('date_add');
export const date_sub = fn('date_sub');
export const datediff = fn('datediff');
/** Event-time windows: `window(col('ts'), '10 minutes', '5 minutes')`. */
export const window = fnLiteralTail('window', 1);
export const session_window = fnLiteralTail('session_window', 1);
export const window_time = fn('window_time');

// Collections, structs, JSON, hashing
export const array = fn('array');
export const size = fn('size');
export const element_at = (c: ColumnLike, key: ColumnLike): Column => callColumn('element_at', [c, toColumn(key, true)]);
export const array_contains = (c: ColumnLike, v: ColumnLike): Column => callColumn('array_contains', [c, toColumn(v, true)]);
export const explode = fn('explode');
export const explode_outer = fn('explode_outer');
export const posexplode = fn('posexplode');
export const struct = fn('struct');
export const from_json = fnLiteralTail('from_json', 1);
export const to_json = fn('to_json');
export const get_json_object = fnLiteralTail('get_json_object', 1);
export const hash = fn('hash');
export const md5 = fn('md5');
export const sha1 = fn('sha1');
export const sha2 = fnLiteralTail('sha2', 1);
