import { beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../src/api/index.js';

describe('NATURAL JOIN', () => {
  const session = new Session();
  beforeAll(async () => {
    await session.execute("CREATE TEMPORARY VIEW l AS SELECT * FROM VALUES (1, 'x', 10), (2, 'y', 20), (3, 'z', 30) AS t(id, name, v)");
    await session.execute("CREATE TEMPORARY VIEW r AS SELECT * FROM VALUES (1, 'x', true), (2, 'q', false), (4, 'w', true) AS t(ID, name, flag)");
  });
  const rows = (sql: string) => session.sql(sql).collect();

  it('joins on every column name both sides share (case-insensitively), listed once, left side first', async () => {
    expect(await rows('SELECT * FROM l NATURAL JOIN r')).toEqual([{ id: 1, name: 'x', v: 10, flag: true }]);
    expect(await rows('SELECT l.id, r.flag FROM l NATURAL INNER JOIN r')).toEqual([{ id: 1, flag: true }]);
  });

  it('takes a join type: outer joins keep unmatched rows, FULL coalesces the shared columns', async () => {
    expect(await rows('SELECT * FROM l NATURAL LEFT OUTER JOIN r ORDER BY id')).toEqual([
      { id: 1, name: 'x', v: 10, flag: true }, { id: 2, name: 'y', v: 20, flag: null }, { id: 3, name: 'z', v: 30, flag: null },
    ]);
    expect(await rows('SELECT * FROM l NATURAL FULL JOIN r ORDER BY id, name')).toEqual([
      { id: 1, name: 'x', v: 10, flag: true }, { id: 2, name: 'q', v: null, flag: false }, { id: 2, name: 'y', v: 20, flag: null },
      { id: 3, name: 'z', v: 30, flag: null }, { id: 4, name: 'w', v: null, flag: true },
    ]);
    expect(await rows('SELECT * FROM l NATURAL LEFT ANTI JOIN r ORDER BY id')).toEqual([
      { id: 2, name: 'y', v: 20 }, { id: 3, name: 'z', v: 30 },
    ]);
  });

  it('is a cross join when no column name is shared', async () => {
    expect(await rows('SELECT id, z FROM l NATURAL JOIN (SELECT 5 AS z) ORDER BY id')).toEqual([
      { id: 1, z: 5 }, { id: 2, z: 5 }, { id: 3, z: 5 },
    ]);
  });

  it('takes no ON or USING', () => {
    let error: unknown;
    try { session.sql('SELECT * FROM l NATURAL JOIN r ON l.id = r.id'); } catch (e) { error = e; }
    expect(error).toMatchObject({ code: 'PARSE_ERROR', position: { line: 1, column: 32 } });
  });
});
