/**
 * The benchmark's tables, generated once per run straight into columns from a fixed seed:
 *
 *   facts (N rows)      id INT (0 … N-1), k_int INT (uniform in [0, 100 000)), k_str STRING (one of 10 000
 *                       values 'key00000' … 'key09999'), q INT (uniform in [0, 100)), v DOUBLE (an integer in
 *                       [0, 10 000), so every sum is exact in both engines), u INT (uniform in [0, 1 000 000))
 *   dim (100 000 rows)  dk INT (0, 2, 4, …: half of the k_int values find a match), dname STRING, weight DOUBLE
 *
 * Each table is a list of `{ name, sparkType, duckType, values }` columns; `values` is the typed array (or
 * string array) that Sluice's batch uses as is and that the DuckDB loader copies from.
 */
import { seededRandom } from './seeded-random.mjs';

export const INT_GROUPS = 100_000;
export const STRING_GROUPS = 10_000;
export const DIM_ROWS = 100_000;
export const DISTINCT_RANGE = 1_000_000;

/**
 * @typedef {{ name: string; sparkType: 'INT' | 'BIGINT' | 'DOUBLE' | 'STRING' | 'TIMESTAMP'; duckType: string; values: Int32Array | Float64Array | string[] }} BenchColumn
 * @typedef {{ name: string; numRows: number; columns: BenchColumn[] }} BenchTable
 */

/** @param {number} n @param {number} seed @returns {BenchTable} */
export function generateFacts(n, seed = 20260101) {
  const rnd = seededRandom(seed);
  const id = new Int32Array(n), kInt = new Int32Array(n), q = new Int32Array(n), u = new Int32Array(n);
  const v = new Float64Array(n);
  /** @type {string[]} */
  const kStr = new Array(n);
  const keys = Array.from({ length: STRING_GROUPS }, (_, i) => `key${String(i).padStart(5, '0')}`);
  for (let i = 0; i < n; i++) {
    id[i] = i;
    kInt[i] = rnd.below(INT_GROUPS);
    kStr[i] = keys[rnd.below(STRING_GROUPS)];
    q[i] = rnd.below(100);
    v[i] = rnd.below(10_000);
    u[i] = rnd.below(DISTINCT_RANGE);
  }
  return {
    name: 'facts',
    numRows: n,
    columns: [
      { name: 'id', sparkType: 'INT', duckType: 'INTEGER', values: id },
      { name: 'k_int', sparkType: 'INT', duckType: 'INTEGER', values: kInt },
      { name: 'k_str', sparkType: 'STRING', duckType: 'VARCHAR', values: kStr },
      { name: 'q', sparkType: 'INT', duckType: 'INTEGER', values: q },
      { name: 'v', sparkType: 'DOUBLE', duckType: 'DOUBLE', values: v },
      { name: 'u', sparkType: 'INT', duckType: 'INTEGER', values: u },
    ],
  };
}

/** @param {number} n @returns {BenchTable} */
export function generateDim(n = DIM_ROWS) {
  const dk = new Int32Array(n), weight = new Float64Array(n);
  /** @type {string[]} */
  const dname = new Array(n);
  for (let i = 0; i < n; i++) {
    dk[i] = 2 * i;
    dname[i] = `name${i}`;
    weight[i] = i % 97;
  }
  return {
    name: 'dim',
    numRows: n,
    columns: [
      { name: 'dk', sparkType: 'INT', duckType: 'INTEGER', values: dk },
      { name: 'dname', sparkType: 'STRING', duckType: 'VARCHAR', values: dname },
      { name: 'weight', sparkType: 'DOUBLE', duckType: 'DOUBLE', values: weight },
    ],
  };
}
