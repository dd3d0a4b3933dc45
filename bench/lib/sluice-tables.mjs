/**
 * Puts a generated table into a Sluice session as an in-memory table: one batch whose columns are the
 * generated arrays themselves (no copy, no row objects).
 */
import { InMemoryTable } from '../../dist/api/in-memory-table.js';
import { makeBatch } from '../../dist/execution/batch.js';
import { makeColumn } from '../../dist/execution/column.js';
import { BigIntType, DoubleType, IntType, StringType, TimestampType } from '../../dist/types/data-type.js';
import { field, schema } from '../../dist/types/schema.js';

const TYPES = { INT: IntType, BIGINT: BigIntType, DOUBLE: DoubleType, STRING: StringType, TIMESTAMP: TimestampType };

/** @param {import('../../dist/api/index.js').Session} session @param {import('./bench-data.mjs').BenchTable} table */
export function registerSluiceTable(session, table) {
  const s = schema(table.columns.map((c) => field(c.name, TYPES[c.sparkType])));
  const batch = makeBatch(s, table.columns.map((c) => makeColumn(TYPES[c.sparkType], c.values)), table.numRows);
  session.catalog.register({ kind: 'table', name: table.name, schema: s, provider: new InMemoryTable(s, [batch]), connector: 'memory' }, { replace: true });
}
