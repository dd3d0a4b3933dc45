/**
 * Round trips: what the file sink writes in each format reads back equal — rows, column names and types — through
 * a static file table and through a file source, with and without partitionBy, schema taken from the sink's
 * manifest or declared.
 */
import { describe, expect, it } from 'vitest';
import { IntType, StringType } from '../../src/types/data-type.js';
import { field, schema, schemaToString, type Schema } from '../../src/types/schema.js';
import {
  allRows, allSchema, intervalSchema, readStream, readTable, scalarRows, scalarSchema, sortRows, tempDir, ts, writeBatches,
} from './file-test-helpers.js';

const cases: { format: string; schema: Schema; rows: Record<string, unknown>[] }[] = [
  { format: 'parquet', schema: allSchema, rows: allRows },
  { format: 'arrow', schema: allSchema, rows: allRows },
  { format: 'json', schema: allSchema, rows: allRows },
  { format: 'csv', schema: scalarSchema, rows: scalarRows },
  { format: 'text', schema: schema([field('line', StringType)]), rows: [{ line: 'a' }, { line: '' }, { line: 'ü, "x"' }] },
];

describe.each(cases)('$format', ({ format, schema: s, rows }) => {
  const batches = [rows.slice(0, 2), [], rows.slice(2)];

  it('reads back equal through a static table (schema from the manifest)', async () => {
    const dir = tempDir();
    await writeBatches(dir, format, s, batches);
    const got = await readTable(dir, format);
    expect(schemaToString(got.schema)).toBe(schemaToString(s));
    expect(sortRows(got.rows)).toEqual(sortRows(rows));
  });

  it('reads back equal through a file source (schema from the manifest)', async () => {
    const dir = tempDir();
    await writeBatches(dir, format, s, batches);
    const got = await readStream(dir, tempDir(), format);
    expect(schemaToString(got.schema)).toBe(schemaToString(s));
    expect(sortRows(got.rows)).toEqual(sortRows(rows));
  });

  it('with partitionBy: Hive directories, partition columns restored in place and type', async () => {
    const withKey = schema([field('k', IntType), ...s.fields]);
    const keyed = rows.map((r, i) => ({ k: i % 2 === 0 ? 7 : null, ...r }));
    const dir = tempDir();
    await writeBatches(dir, format, withKey, [keyed], { partitionBy: 'k' });
    for (const got of [await readTable(dir, format), await readStream(dir, tempDir(), format)]) {
      expect(schemaToString(got.schema)).toBe(schemaToString(withKey));
      expect(sortRows(got.rows)).toEqual(sortRows(keyed));
    }
    // A declared schema over the same directory reads the same.
    expect(sortRows((await readTable(dir, format, withKey)).rows)).toEqual(sortRows(keyed));
  });
});

describe('formats without a manifest', () => {
  it('parquet and arrow files carry their own schema: a plain directory of them reads back equal', async () => {
    for (const format of ['parquet', 'arrow']) {
      const dir = tempDir();
      await writeBatches(dir, format, allSchema, [allRows]);
      const { rmSync } = await import('node:fs');
      rmSync(`${dir}/_sluice_metadata`, { recursive: true });
      const got = await readTable(dir, format);
      expect(schemaToString(got.schema)).toBe(schemaToString(allSchema));
      expect(sortRows(got.rows)).toEqual(sortRows(allRows));
    }
  });

  it('intervals round-trip through arrow and json; parquet refuses them', async () => {
    const rows = [{ id: 1, iv: { months: 14, days: 3, micros: 5_000_001 } }, { id: 2, iv: null }];
    for (const format of ['arrow', 'json']) {
      const dir = tempDir();
      await writeBatches(dir, format, intervalSchema, [rows]);
      expect((await readTable(dir, format)).rows).toEqual(rows);
    }
    await expect(writeBatches(tempDir(), 'parquet', intervalSchema, [rows]))
      .rejects.toThrow('the parquet format cannot hold column iv of type INTERVAL');
  });

  it('timestamps keep their microseconds in every format', async () => {
    const s = schema([field('t', allSchema.fields[7]!.type)]);
    const rows = [{ t: ts('2026-01-01T00:00:00.000001Z') }, { t: ts('1900-06-30T23:59:59.999999Z') }];
    for (const format of ['parquet', 'arrow', 'json', 'csv']) {
      const dir = tempDir();
      await writeBatches(dir, format, s, [rows]);
      expect((await readTable(dir, format)).rows).toEqual(rows);
    }
  });
});
