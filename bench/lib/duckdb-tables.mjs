/**
 * DuckDB, in process and limited to one thread, loaded with the same generated tables: the columns go in
 * through the appender in data chunks (2 048 rows each), which copies values straight from the generated
 * arrays without text formats or temporary files.
 */
import { DuckDBDataChunk, DuckDBInstance, DOUBLE, INTEGER, VARCHAR } from '@duckdb/node-api';

const TYPES = { INTEGER, DOUBLE, VARCHAR };
const CHUNK = 2048;

/** @returns {Promise<{ instance: import('@duckdb/node-api').DuckDBInstance; connection: import('@duckdb/node-api').DuckDBConnection; version: string }>} */
export async function openSingleThreadedDuckDB() {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  await connection.run('SET threads = 1');
  const r = await connection.runAndReadAll("SELECT current_setting('threads') AS t, version() AS v");
  const [threads, version] = r.getRowsJS()[0];
  if (Number(threads) !== 1) throw new Error(`DuckDB reports ${threads} threads; the benchmark needs exactly 1`);
  return { instance, connection, version: String(version) };
}

/** @param {import('@duckdb/node-api').DuckDBConnection} connection @param {import('./bench-data.mjs').BenchTable} table */
export async function loadDuckDBTable(connection, table) {
  const cols = table.columns;
  await connection.run(`CREATE OR REPLACE TABLE ${table.name} (${cols.map((c) => `${c.name} ${c.duckType}`).join(', ')})`);
  const appender = await connection.createAppender(table.name);
  const types = cols.map((c) => TYPES[c.duckType]);
  const buffers = cols.map(() => new Array(CHUNK));
  for (let start = 0; start < table.numRows; start += CHUNK) {
    const len = Math.min(CHUNK, table.numRows - start);
    const chunk = DuckDBDataChunk.create(types, len);
    for (let c = 0; c < cols.length; c++) {
      const src = cols[c].values;
      const buf = len === CHUNK ? buffers[c] : new Array(len);
      for (let i = 0; i < len; i++) buf[i] = src[start + i];
      chunk.setColumnValues(c, buf);
    }
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
}
