/**
 * Checks that Sluice and DuckDB returned the same answer, so the benchmark can never time a wrong one.
 *
 * Small results (up to FULL_COMPARE_LIMIT rows) are compared row by row: in order for a fully ordered query,
 * otherwise as multisets (both sides sorted by a canonical form of the row). Larger results are compared by a
 * fingerprint computed independently on each side — the row count and, per column, the sum, min and max of a
 * numeric column or the total length, min and max of a string column — Sluice's in JS over its result batch,
 * DuckDB's by SQL over the same query. Numbers compare with a relative tolerance of 1e-9.
 */

const FULL_COMPARE_LIMIT = 200_000;
const TOLERANCE = 1e-9;

/** @param {unknown} v */
function normalise(v) {
  return typeof v === 'bigint' ? Number(v) : v;
}

/** @param {unknown} a @param {unknown} b */
function sameValue(a, b) {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    return a === b || Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
  }
  return a === b;
}

/** @param {unknown[]} row */
function canonicalRow(row) {
  return JSON.stringify(row.map((v) => (typeof v === 'number' ? Number(v.toPrecision(10)) : v)));
}

/** Sorts rows in place by their canonical form (computed once per row). @param {unknown[][]} rows */
function sortCanonically(rows) {
  const keyed = rows.map((r) => ({ key: canonicalRow(r), row: r }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let i = 0; i < rows.length; i++) rows[i] = keyed[i].row;
}

/** @param {import('../../dist/api/index.js').Batch} batch @returns {unknown[][]} */
function sluiceRows(batch) {
  const rows = new Array(batch.numRows);
  for (let i = 0; i < batch.numRows; i++) {
    rows[i] = batch.columns.map((c) => (c.nulls !== null && c.nulls[i] === 1 ? null : c.type.kind === 'boolean' ? c.data[i] === 1 : c.data[i]));
  }
  return rows;
}

/** @param {import('../../dist/api/index.js').Batch} batch */
function sluiceFingerprint(batch) {
  const out = [batch.numRows];
  for (const c of batch.columns) {
    const d = c.data;
    if (c.type.kind === 'string') {
      let len = 0, min = null, max = null;
      for (let i = 0; i < batch.numRows; i++) {
        const s = d[i];
        if (s === null) continue;
        len += s.length;
        if (min === null || s < min) min = s;
        if (max === null || s > max) max = s;
      }
      out.push(len, min, max);
    } else {
      let sum = 0, min = null, max = null;
      for (let i = 0; i < batch.numRows; i++) {
        if (c.nulls !== null && c.nulls[i] === 1) continue;
        const x = d[i];
        sum += x;
        if (min === null || x < min) min = x;
        if (max === null || x > max) max = x;
      }
      out.push(sum, min, max);
    }
  }
  return out;
}

/** @param {import('@duckdb/node-api').DuckDBConnection} connection @param {string} sql @param {import('../../dist/api/index.js').Batch} batch */
async function duckdbFingerprint(connection, sql, batch) {
  const parts = ['count(*)'];
  for (const f of batch.schema.fields) {
    const c = `"${f.name.replaceAll('"', '""')}"`;
    if (f.type.kind === 'string') parts.push(`sum(length(${c}))`, `min(${c})`, `max(${c})`);
    else parts.push(`sum(${c})::DOUBLE`, `min(${c})`, `max(${c})`);
  }
  const r = await connection.runAndReadAll(`SELECT ${parts.join(', ')} FROM (${sql}) AS r`);
  return r.getRowsJS()[0].map(normalise);
}

/**
 * @param {import('@duckdb/node-api').DuckDBConnection} connection
 * @param {string} duckSql the query DuckDB ran
 * @param {import('../../dist/api/index.js').Batch} batch Sluice's result
 * @param {boolean} ordered whether the query's ORDER BY orders the rows fully
 * @returns {Promise<{ ok: boolean; method: 'rows' | 'fingerprint'; detail: string }>}
 */
export async function checkSameResult(connection, duckSql, batch, ordered) {
  if (batch.numRows <= FULL_COMPARE_LIMIT) {
    const theirs = (await connection.runAndReadAll(duckSql)).getRowsJS().map((r) => r.map(normalise));
    const ours = sluiceRows(batch);
    if (theirs.length !== ours.length) return { ok: false, method: 'rows', detail: `Sluice returned ${ours.length} rows, DuckDB ${theirs.length}` };
    if (!ordered) {
      sortCanonically(ours);
      sortCanonically(theirs);
    }
    for (let i = 0; i < ours.length; i++) {
      const a = ours[i], b = theirs[i];
      if (a.length !== b.length || a.some((v, k) => !sameValue(v, b[k]))) {
        return { ok: false, method: 'rows', detail: `row ${i} differs: Sluice ${JSON.stringify(a)}, DuckDB ${JSON.stringify(b)}` };
      }
    }
    return { ok: true, method: 'rows', detail: `${ours.length} rows equal${ordered ? ' in order' : ''}` };
  }
  const ours = sluiceFingerprint(batch);
  const theirs = await duckdbFingerprint(connection, duckSql, batch);
  const bad = ours.findIndex((v, k) => !sameValue(v, theirs[k]));
  if (bad >= 0) return { ok: false, method: 'fingerprint', detail: `fingerprint differs: Sluice ${JSON.stringify(ours)}, DuckDB ${JSON.stringify(theirs)}` };
  return { ok: true, method: 'fingerprint', detail: `${batch.numRows} rows, fingerprints equal` };
}
