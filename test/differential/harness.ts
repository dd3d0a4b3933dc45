/**
 * The differential harness: the same deterministic tables go into Sluice and into DuckDB (in-process, one
 * thread), each case's query runs in both, and the results are compared as a multiset of rows — or in order when
 * the case says its ORDER BY orders the rows fully.
 *
 * Spark semantics win where Spark and DuckDB differ. A case then carries either `duckdbSql` (the query rewritten
 * so DuckDB computes Spark's answer) or `expected` (the rows Spark gives), and a `note` saying why. One difference
 * is settled here for every case: DuckDB is told to order NULLs as Spark does (ASC → NULLS FIRST, DESC → NULLS
 * LAST), so ORDER BY without an explicit NULLS clause can be compared as is.
 *
 * Values are normalised to one JSON-like shape on both sides before comparing: integers, BIGINT, HUGEINT and
 * DECIMAL as JS numbers, timestamps as ISO-8601 strings with milliseconds, dates as `YYYY-MM-DD`, arrays as
 * arrays, structs as objects, NaN and infinities as the strings Sluice's JSON values use. Doubles compare with a
 * relative tolerance of 1e-9.
 *
 * The tables (seeded, identical in both engines):
 *   t      1000 rows: id INT (unique), k INT (0–24, NULLs), g STRING (few values incl. '', 'B' vs 'b', accents,
 *          CJK, NULL), v BIGINT (±1e6, some ±1e12, NULLs), d DOUBLE (3 decimals, exact halves, zeros, NULLs),
 *          s STRING (words with '', padding, a quote, a backslash, a tab, accents, CJK, fullwidth, an emoji,
 *          NULL), ts TIMESTAMP (2024–2025, whole seconds), dt DATE, b BOOLEAN, dec DECIMAL(10,2) — each with NULLs
 *   u      400 rows: id INT, k INT (0–29), w DOUBLE, name STRING (the same words), t_id INT (→ t.id, some dangling)
 *   dim    10 rows loaded through CREATE TABLE + INSERT: k INT with a duplicate (3), an unmatched key (100) and a
 *          NULL; label STRING with a NULL; weight INT with a NULL
 *   e      empty, with t's first five columns
 *   small  14 rows loaded through SQL: id INT, tags STRING ('a,b,c', '', ',lead', 'trail,', NULL, …), x INT
 *   nums   (1), (2), (2), (3), (NULL), (5);   nonull  (1), (2), (4)
 *
 * spark-dump.test.ts and spark-crosscheck.py check the references themselves against real Spark.
 */
import { beforeAll, describe, it } from 'vitest';
import {
  DuckDBDateValue, DuckDBDecimalValue, DuckDBInstance, DuckDBListValue, DuckDBStructValue, DuckDBTimestampValue,
  type DuckDBConnection, type DuckDBValue,
} from '@duckdb/node-api';
import { Session } from '../../src/api/session.js';
import { formatError } from '../../src/types/errors.js';

export interface DiffCase {
  /** Unique within its file; becomes the `it` title. */
  readonly name: string;
  /** The query Sluice runs (Spark SQL). */
  readonly sql: string;
  /** The query DuckDB runs instead of `sql`, when DuckDB needs different text to compute Spark's answer. */
  readonly duckdbSql?: string;
  /** Spark's answer written out, when no DuckDB query expresses it; rows of normalised values. */
  readonly expected?: readonly (readonly unknown[])[];
  /** Compare in order: set only when ORDER BY orders the rows fully. */
  readonly ordered?: boolean;
  /** Sort the elements of every array value before comparing (collect_set, collect_list without order). */
  readonly sortArrays?: boolean;
  /** Why the case differs from the plain DuckDB query, or what it pins. */
  readonly note?: string;
  /**
   * A Sluice bug that is known and not fixed yet (owner and cause). The case then runs as `it.fails`: it stays
   * visible, and it turns red the moment the bug is fixed, so the marker gets removed.
   */
  readonly knownBug?: string;
}

// ---------------------------------------------------------------- deterministic data

/** mulberry32: a small seeded PRNG, so both engines and every run see the same tables. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TableDef {
  readonly name: string;
  /** Column name and type in both dialects. */
  readonly columns: readonly { readonly name: string; readonly spark: string; readonly duck: string }[];
  /** Rows in Sluice's in-memory representation (TIMESTAMP = µs since epoch, DATE = days since epoch). */
  readonly rows: readonly (readonly unknown[])[];
  /** Load through `CREATE TABLE` + `INSERT INTO … VALUES` SQL instead of createDataFrame. */
  readonly viaSql?: boolean;
}

const col = (name: string, spark: string, duck = spark) => ({ name, spark, duck });

const WORDS = [
  'apple', 'Banana', 'cherry pie', '', '  padded  ', 'ÄÖÜ', 'naïve', '😀 smile', 'Ａwide', 'a_b%c', "it's",
  'x,y,z', 'apple', 'APPLE', 'zebra', 'Zürich', '日本語', 'banana split', 'a\\b', 'tab\there',
];
const GROUPS = ['a', 'b', 'c', 'd', '', 'Ünï', '日本', 'B'];
const TAGS = ['a,b,c', '', 'x', 'a,,b', 'b,a', 'c', 'y,x,y', ',lead', 'trail,'];

const T0_MICROS = Date.UTC(2024, 0, 1) * 1000;
const D0_DAYS = Date.UTC(2023, 5, 1) / 86_400_000;

/** The generated tables (also dumped by the Spark cross-check, see spark-check.py). */
export function buildTables(): TableDef[] {
  const r = prng(20240601);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const maybe = <T>(p: number, v: () => T): T | null => (r() < p ? null : v());
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;

  const t: unknown[][] = [];
  for (let id = 1; id <= 1000; id++) {
    t.push([
      id,
      maybe(0.08, () => int(0, 24)),
      maybe(0.06, () => pick(GROUPS)),
      maybe(0.07, () => (r() < 0.1 ? int(-1e12, 1e12) : int(-1e6, 1e6))),
      maybe(0.08, () => (r() < 0.05 ? 0 : r() < 0.1 ? int(-40, 40) / 2 : Math.round((r() * 2000 - 1000) * 1000) / 1000)),
      maybe(0.08, () => pick(WORDS)),
      maybe(0.06, () => T0_MICROS + int(0, 2 * 365 * 86400) * 1_000_000),
      maybe(0.06, () => D0_DAYS + int(0, 900)),
      maybe(0.1, () => r() < 0.5),
      maybe(0.06, () => int(-10_000_000, 10_000_000) / 100),
    ]);
  }
  const u: unknown[][] = [];
  for (let id = 1; id <= 400; id++) {
    u.push([
      id,
      maybe(0.1, () => int(0, 29)),
      maybe(0.1, () => Math.round((r() * 200 - 50) * 100) / 100),
      maybe(0.1, () => pick(WORDS)),
      maybe(0.1, () => int(1, 1100)),
    ]);
  }
  const dim: unknown[][] = [
    [0, 'zero', 10], [1, 'one', 20], [2, 'two', null], [3, 'three', 30], [3, 'three-bis', 31],
    [4, null, 40], [5, 'five', 50], [7, 'seven', 70], [100, 'hundred', 1], [null, 'nobody', 0],
  ];
  const small: unknown[][] = [];
  for (let id = 1; id <= 14; id++) small.push([id, maybe(0.2, () => pick(TAGS)), maybe(0.2, () => int(1, 5))]);
  const nums: unknown[][] = [[1], [2], [2], [3], [null], [5]];
  const nonull: unknown[][] = [[1], [2], [4]];
  return [
    {
      name: 't',
      columns: [
        col('id', 'INT', 'INTEGER'), col('k', 'INT', 'INTEGER'), col('g', 'STRING', 'VARCHAR'), col('v', 'BIGINT'),
        col('d', 'DOUBLE'), col('s', 'STRING', 'VARCHAR'), col('ts', 'TIMESTAMP'), col('dt', 'DATE'),
        col('b', 'BOOLEAN'), col('dec', 'DECIMAL(10,2)'),
      ],
      rows: t,
    },
    {
      name: 'u',
      columns: [
        col('id', 'INT', 'INTEGER'), col('k', 'INT', 'INTEGER'), col('w', 'DOUBLE'), col('name', 'STRING', 'VARCHAR'),
        col('t_id', 'INT', 'INTEGER'),
      ],
      rows: u,
    },
    {
      name: 'dim',
      columns: [col('k', 'INT', 'INTEGER'), col('label', 'STRING', 'VARCHAR'), col('weight', 'INT', 'INTEGER')],
      rows: dim,
      viaSql: true,
    },
    {
      name: 'e',
      columns: [
        col('id', 'INT', 'INTEGER'), col('k', 'INT', 'INTEGER'), col('g', 'STRING', 'VARCHAR'), col('v', 'BIGINT'),
        col('d', 'DOUBLE'),
      ],
      rows: [],
    },
    {
      name: 'small',
      columns: [col('id', 'INT', 'INTEGER'), col('tags', 'STRING', 'VARCHAR'), col('x', 'INT', 'INTEGER')],
      rows: small,
      viaSql: true,
    },
    { name: 'nums', columns: [col('n', 'INT', 'INTEGER')], rows: nums },
    { name: 'nonull', columns: [col('n', 'INT', 'INTEGER')], rows: nonull },
  ];
}

// ---------------------------------------------------------------- loading

function sqlLiteral(v: unknown, type: string, dialect: 'spark' | 'duck'): string {
  if (v === null) return 'NULL';
  if (type === 'TIMESTAMP') return `TIMESTAMP '${isoMicros(v as number).replace('T', ' ').replace('.000Z', '')}'`;
  if (type === 'DATE') return `DATE '${isoDate(v as number)}'`;
  // Spark unescapes backslashes in string literals; DuckDB takes them as they are.
  if (typeof v === 'string') return dialect === 'spark' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : `'${v.replace(/'/g, "''")}'`;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (type.startsWith('DECIMAL')) return `CAST('${v}' AS ${type})`;
  if (type === 'DOUBLE') return `CAST('${v}' AS DOUBLE)`;
  return String(v);
}

function insertSql(def: TableDef, dialect: 'spark' | 'duck'): string {
  const values = def.rows.map((row) => `(${row.map((v, i) => {
    const c = def.columns[i]!;
    return sqlLiteral(v, dialect === 'spark' ? c.spark : c.duck, dialect);
  }).join(', ')})`);
  return `INSERT INTO ${def.name} VALUES\n${values.join(',\n')}`;
}

export interface Engines {
  readonly sluice: Session;
  readonly duck: DuckDBConnection;
}

async function loadEngines(): Promise<Engines> {
  const tables = buildTables();
  const sluice = new Session({ out: () => {} });
  const db = await DuckDBInstance.create(':memory:');
  const duck = await db.connect();
  await duck.run('SET threads = 1');
  // Spark's default NULL order: NULLS FIRST for ASC, NULLS LAST for DESC.
  await duck.run("SET default_null_order = 'nulls_first_on_asc_last_on_desc'");
  await duck.run("SET TimeZone = 'UTC'");
  for (const def of tables) {
    await duck.run(`CREATE TABLE ${def.name} (${def.columns.map((c) => `${c.name} ${c.duck}`).join(', ')})`);
    if (def.rows.length > 0) await duck.run(insertSql(def, 'duck'));
    const ddl = def.columns.map((c) => `${c.name} ${c.spark}`).join(', ');
    if (def.viaSql) {
      await sluice.execute(`CREATE TABLE ${def.name} (${ddl});\n${def.rows.length > 0 ? insertSql(def, 'spark') : ''}`);
    } else {
      sluice.createDataFrame(def.rows.map((r) => [...r]), ddl).createOrReplaceTempView(def.name);
    }
  }
  return { sluice, duck };
}

let enginesPromise: Promise<Engines> | undefined;
/** Both engines with every table loaded; built once per test file. */
export function engines(): Promise<Engines> {
  enginesPromise ??= loadEngines();
  return enginesPromise;
}

// ---------------------------------------------------------------- normalisation

function pad(n: number, w = 2): string { return String(n).padStart(w, '0'); }
function isoMicros(us: number): string { return new Date(Math.floor(us / 1000)).toISOString(); }
function isoDate(days: number): string {
  const d = new Date(days * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A DuckDB value in the shape Sluice's collectArrays() uses. */
export function normalizeDuck(v: DuckDBValue): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  // Sluice's JSON-shaped values spell the non-finite doubles as strings.
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof DuckDBDecimalValue) return v.toDouble();
  if (v instanceof DuckDBTimestampValue) return isoMicros(Number(v.micros));
  if (v instanceof DuckDBDateValue) return isoDate(v.days);
  if (v instanceof DuckDBListValue) return v.items.map(normalizeDuck);
  if (v instanceof DuckDBStructValue) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v.entries)) o[k] = normalizeDuck(x);
    return o;
  }
  if (typeof (v as { toDouble?: unknown }).toDouble === 'function') return (v as unknown as { toDouble(): number }).toDouble();
  return String(v);
}

/** Sluice's value, with the few JS-specific shapes (bigint, Map) made plain. */
export function normalizeSluice(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(normalizeSluice);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), normalizeSluice(x)]));
  if (typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = normalizeSluice(x);
    return o;
  }
  return v;
}

// ---------------------------------------------------------------- comparison

const REL_TOL = 1e-9;
const ABS_TOL = 1e-9;

function numbersEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= Math.max(ABS_TOL, REL_TOL * Math.max(Math.abs(a), Math.abs(b)));
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number' && typeof b === 'number') return numbersEqual(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object') {
    // Struct fields compare by position: DuckDB names unnamed fields v1, v2, … where Spark says col1, col2, ….
    const av = Object.values(a as object);
    const bv = Object.values(b as object);
    return av.length === bv.length && av.every((x, i) => valuesEqual(x, bv[i]));
  }
  return a === b;
}

function rowsEqual(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]));
}

/** A sort key that puts equal rows (doubles within tolerance, almost always) next to each other. */
function sortKey(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === 'number') {
      if (!Number.isFinite(x)) return `#${String(x)}`;
      return Object.is(x, -0) ? 0 : Number(x.toPrecision(8));
    }
    return x;
  });
}

function sortArraysDeep(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(sortArraysDeep);
    return items.sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0));
  }
  return v;
}

function show(row: readonly unknown[]): string {
  return JSON.stringify(row, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
}

/** Undefined when equal, else a readable description of the difference. */
export function diffRows(actual: unknown[][], expected: unknown[][], ordered: boolean): string | undefined {
  const widthA = actual[0]?.length;
  const widthE = expected[0]?.length;
  if (widthA !== undefined && widthE !== undefined && widthA !== widthE) {
    return `column count differs: Sluice ${widthA}, expected ${widthE}\n  Sluice first row:   ${show(actual[0]!)}\n  expected first row: ${show(expected[0]!)}`;
  }
  if (ordered) {
    const n = Math.max(actual.length, expected.length);
    for (let i = 0; i < n; i++) {
      const a = actual[i];
      const e = expected[i];
      if (a === undefined || e === undefined || !rowsEqual(a, e)) {
        const lines = [`rows differ from position ${i} (Sluice ${actual.length} rows, expected ${expected.length}):`];
        for (let j = i; j < Math.min(n, i + 8); j++) {
          lines.push(`  [${j}] Sluice:   ${actual[j] ? show(actual[j]!) : '(none)'}`);
          lines.push(`  [${j}] expected: ${expected[j] ? show(expected[j]!) : '(none)'}`);
        }
        return lines.join('\n');
      }
    }
    return undefined;
  }
  const sorted = (rows: unknown[][]) => rows.map((r) => ({ r, k: sortKey(r) })).sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0));
  const sa = sorted(actual);
  const se = sorted(expected);
  if (sa.length === se.length && sa.every((x, i) => rowsEqual(x.r, se[i]!.r))) return undefined;
  // Slow path: match rows greedily within tolerance, then report what is left on either side.
  const unmatched = se.map((x) => x.r);
  const extra: unknown[][] = [];
  for (const { r } of sa) {
    const j = unmatched.findIndex((e) => rowsEqual(r, e));
    if (j >= 0) unmatched.splice(j, 1);
    else extra.push(r);
  }
  if (extra.length === 0 && unmatched.length === 0) return undefined;
  const lines = [`multisets differ (Sluice ${actual.length} rows, expected ${expected.length}):`];
  if (extra.length > 0) lines.push(`  only in Sluice (${extra.length}):`, ...extra.slice(0, 12).map((r) => `    ${show(r)}`));
  if (unmatched.length > 0) lines.push(`  only in expected (${unmatched.length}):`, ...unmatched.slice(0, 12).map((r) => `    ${show(r)}`));
  return lines.join('\n');
}

// ---------------------------------------------------------------- running

export async function runSluice(e: Engines, sql: string): Promise<unknown[][]> {
  try {
    const rows = await e.sluice.sql(sql).collectArrays();
    return rows.map((r) => r.map(normalizeSluice));
  } catch (err) {
    throw new Error(`Sluice failed: ${formatError(err, sql)}\n${err instanceof Error && !('code' in err) ? err.stack : ''}`);
  }
}

export async function runDuck(e: Engines, sql: string): Promise<unknown[][]> {
  try {
    const r = await e.duck.runAndReadAll(sql);
    return r.getRows().map((row) => row.map(normalizeDuck));
  } catch (err) {
    throw new Error(`DuckDB failed on the reference query (a test mistake): ${(err as Error).message}\n${sql}`);
  }
}

export async function checkCase(c: DiffCase): Promise<void> {
  const e = await engines();
  let actual = await runSluice(e, c.sql);
  let expected = c.expected ? c.expected.map((r) => [...r]) : await runDuck(e, c.duckdbSql ?? c.sql);
  if (c.sortArrays) {
    actual = actual.map((r) => r.map(sortArraysDeep));
    expected = expected.map((r) => r.map(sortArraysDeep));
  }
  const diff = diffRows(actual, expected, c.ordered ?? false);
  if (diff !== undefined) {
    const ref = c.expected ? 'expected (Spark semantics, written out)' : `DuckDB: ${c.duckdbSql ?? '(same SQL)'}`;
    throw new Error(`${c.name}\nSQL: ${c.sql}\n${ref}${c.note ? `\nnote: ${c.note}` : ''}\n${diff}`);
  }
}

/** One `describe` per case file, one `it` per case. */
export function defineCases(title: string, cases: readonly DiffCase[]): void {
  describe(title, () => {
    beforeAll(async () => { await engines(); });
    const seen = new Set<string>();
    for (const c of cases) {
      if (seen.has(c.name)) throw new Error(`duplicate case name ${c.name} in ${title}`);
      seen.add(c.name);
      if (c.knownBug) it.fails(`${c.name} [known bug: ${c.knownBug}]`, () => checkCase(c));
      else it(c.name, () => checkCase(c));
    }
  });
}
