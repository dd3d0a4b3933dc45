import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../src/sql/parse.js';
import { arrayType, BigIntType, DateType, decimalType, DoubleType, IntType, mapType, StringType, structField, structType, TimestampType } from '../../src/types/data-type.js';
import { bin, call, col, items, num, select, str, un } from './sql-test-helpers.js';

const e = parseExpression;

describe('operator precedence', () => {
  it('multiplies before adding, and chains left to right', () => {
    expect(e('1 + 2 * 3')).toMatchObject(bin('+', num('1'), bin('*', num('2'), num('3'))));
    expect(e('a - b - c')).toMatchObject(bin('-', bin('-', col('a'), col('b')), col('c')));
    expect(e('a / b * c % d')).toMatchObject(bin('%', bin('*', bin('/', col('a'), col('b')), col('c')), col('d')));
    expect(e('a DIV b + c')).toMatchObject(bin('+', bin('div', col('a'), col('b')), col('c')));
  });

  it('puts || with + and -', () => {
    expect(e("a || 'x' + b")).toMatchObject(bin('+', bin('||', col('a'), str('x')), col('b')));
    expect(e("a + b || 'x'")).toMatchObject(bin('||', bin('+', col('a'), col('b')), str('x')));
  });

  it('orders the bitwise operators & then ^ then | below arithmetic', () => {
    expect(e('a | b ^ c & d + 1')).toMatchObject(bin('|', col('a'), bin('^', col('b'), bin('&', col('c'), bin('+', col('d'), num('1'))))));
  });

  it('compares after arithmetic and bitwise operators', () => {
    expect(e('a + 1 = b | 2')).toMatchObject(bin('=', bin('+', col('a'), num('1')), bin('|', col('b'), num('2'))));
  });

  it('binds NOT above AND, AND above OR', () => {
    expect(e('a OR b AND NOT c = d')).toMatchObject(bin('or', col('a'), bin('and', col('b'), un('not', bin('=', col('c'), col('d'))))));
    expect(e('NOT a AND b')).toMatchObject(bin('and', un('not', col('a')), col('b')));
    expect(e('NOT NOT a')).toMatchObject(un('not', un('not', col('a'))));
    expect(e('! a')).toMatchObject(un('not', col('a')));
  });

  it('applies unary operators tightest, before postfix-free binary ones', () => {
    expect(e('-a * b')).toMatchObject(bin('*', un('-', col('a')), col('b')));
    expect(e('- -a')).toMatchObject(un('-', un('-', col('a'))));
    expect(e('~a & +b')).toMatchObject(bin('&', un('~', col('a')), un('+', col('b'))));
  });

  it('applies postfix operators before unary minus', () => {
    expect(e('-a[0]')).toMatchObject(un('-', { kind: 'subscript', expr: col('a'), index: num('0') }));
    expect(e('-x::int')).toMatchObject(un('-', { kind: 'cast', expr: col('x'), type: IntType }));
  });

  it('lets parentheses override precedence', () => {
    expect(e('(1 + 2) * 3')).toMatchObject(bin('*', bin('+', num('1'), num('2')), num('3')));
    expect(e('a AND (b OR c)')).toMatchObject(bin('and', col('a'), bin('or', col('b'), col('c'))));
  });

  it('maps == to = and != to <>, keeps <=> and the other comparisons', () => {
    expect(['a == b', 'a != b', 'a <> b', 'a <=> b', 'a < b', 'a <= b', 'a > b', 'a >= b'].map((s) => (e(s) as { op: string }).op)).toEqual([
      '=', '<>', '<>', '<=>', '<', '<=', '>', '>=',
    ]);
  });

  it('chains comparisons and predicates left to right at one level', () => {
    expect(e('a = b = c')).toMatchObject(bin('=', bin('=', col('a'), col('b')), col('c')));
    expect(e('a + b IS NULL')).toMatchObject({ kind: 'isNull', expr: bin('+', col('a'), col('b')) });
    expect(e('a = b IS NOT NULL')).toMatchObject({ kind: 'isNull', negated: true, expr: bin('=', col('a'), col('b')) });
    expect(e('a IS NULL AND b')).toMatchObject(bin('and', { kind: 'isNull', expr: col('a') }, col('b')));
    expect(e('NOT a IS NULL')).toMatchObject(un('not', { kind: 'isNull', expr: col('a') }));
  });
});

describe('predicates', () => {
  it('reads IS [NOT] NULL / TRUE / FALSE / UNKNOWN', () => {
    expect(e('a IS NULL')).toMatchObject({ kind: 'isNull', expr: col('a'), negated: false });
    expect(e('a IS NOT TRUE')).toMatchObject({ kind: 'isBoolean', value: true, negated: true });
    expect(e('a IS FALSE')).toMatchObject({ kind: 'isBoolean', value: false, negated: false });
    expect(e('a IS NOT UNKNOWN')).toMatchObject({ kind: 'isBoolean', value: null, negated: true });
  });

  it('maps IS [NOT] DISTINCT FROM to null-safe equality', () => {
    expect(e('a IS DISTINCT FROM b + 1')).toMatchObject(un('not', bin('<=>', col('a'), bin('+', col('b'), num('1')))));
    expect(e('a IS NOT DISTINCT FROM b')).toMatchObject(bin('<=>', col('a'), col('b')));
  });

  it('reads [NOT] BETWEEN with arithmetic bounds, the AND belonging to BETWEEN', () => {
    expect(e('a BETWEEN 1 AND b + 2 AND c')).toMatchObject(
      bin('and', { kind: 'between', expr: col('a'), low: num('1'), high: bin('+', col('b'), num('2')), negated: false }, col('c')),
    );
    expect(e('x NOT BETWEEN -1 AND 1')).toMatchObject({ kind: 'between', negated: true, low: un('-', num('1')) });
  });

  it('reads [NOT] IN lists and subqueries', () => {
    expect(e("a IN (1, 'two', b + 1)")).toMatchObject({ kind: 'inList', expr: col('a'), list: [num('1'), str('two'), bin('+', col('b'), num('1'))], negated: false });
    expect(e('a NOT IN (1)')).toMatchObject({ kind: 'inList', negated: true, list: [num('1')] });
    expect(e('a IN (SELECT x FROM t)')).toMatchObject({ kind: 'inSubquery', negated: false, query: { body: { kind: 'select', from: { name: 't' } } } });
    expect(e('a NOT IN (WITH c AS (SELECT 1) SELECT * FROM c)')).toMatchObject({ kind: 'inSubquery', negated: true, query: { with: [{ name: 'c' }] } });
    expect(e('a IN (VALUES 1, 2)')).toMatchObject({ kind: 'inSubquery', query: { body: { kind: 'values', rows: [[num('1')], [num('2')]] } } });
  });

  it('reads LIKE, ILIKE, RLIKE and REGEXP, with NOT and ESCAPE', () => {
    expect(e("a LIKE 'x%'")).toMatchObject({ kind: 'like', op: 'like', expr: col('a'), pattern: str('x%'), negated: false });
    expect(e("a NOT ILIKE 'x%' ESCAPE '!'")).toMatchObject({ kind: 'like', op: 'ilike', negated: true, escape: '!' });
    expect(e("a RLIKE '^x'")).toMatchObject({ kind: 'like', op: 'rlike' });
    expect(e("a NOT REGEXP '^x'")).toMatchObject({ kind: 'like', op: 'rlike', negated: true });
    expect(e("a LIKE b || '%'")).toMatchObject({ kind: 'like', pattern: bin('||', col('b'), str('%')) });
  });

  it('reads EXISTS and NOT EXISTS', () => {
    expect(e('EXISTS (SELECT 1)')).toMatchObject({ kind: 'exists', negated: false });
    expect(e('NOT EXISTS (SELECT 1 FROM t)')).toMatchObject({ kind: 'exists', negated: true, query: { body: { from: { name: 't' } } } });
  });
});

describe('literals', () => {
  it('reads NULL, booleans, typed literals and binary literals', () => {
    expect(items("NULL, TRUE, false, TIMESTAMP '2026-01-01 12:00:00', DATE '2026-01-01', X'0A0b', x''")).toMatchObject([
      { kind: 'literal', literalType: 'null', value: null },
      { kind: 'literal', literalType: 'boolean', value: true },
      { kind: 'literal', literalType: 'boolean', value: false },
      { kind: 'typedLiteral', typeName: 'timestamp', text: '2026-01-01 12:00:00' },
      { kind: 'typedLiteral', typeName: 'date', text: '2026-01-01' },
      { kind: 'typedLiteral', typeName: 'binary', text: '0A0b' },
      { kind: 'typedLiteral', typeName: 'binary', text: '' },
    ]);
  });

  it('reads every interval form', () => {
    const iv = (parts: object[], negative = false) => ({ kind: 'intervalLiteral', negative, parts });
    expect(items(
      "INTERVAL '90' MINUTE, INTERVAL 90 MINUTES, INTERVAL '10 minutes', INTERVAL '1' DAY '2' HOURS, " +
        "INTERVAL '1:30' HOUR TO MINUTE, INTERVAL 1.5 SECONDS, INTERVAL 1 YEAR 2 MONTHS 3 WEEKS 4 MILLISECONDS 5 MICROSECOND",
    )).toMatchObject([
      iv([{ value: '90', unit: 'minute' }]),
      iv([{ value: '90', unit: 'minute' }]),
      iv([{ value: '10 minutes' }]),
      iv([{ value: '1', unit: 'day' }, { value: '2', unit: 'hour' }]),
      iv([{ value: '1:30', unit: 'hour', toUnit: 'minute' }]),
      iv([{ value: '1.5', unit: 'second' }]),
      iv([{ value: '1', unit: 'year' }, { value: '2', unit: 'month' }, { value: '3', unit: 'week' }, { value: '4', unit: 'millisecond' }, { value: '5', unit: 'microsecond' }]),
    ]);
  });

  it('reads negative intervals', () => {
    expect(e("-INTERVAL '5' MINUTES")).toMatchObject({ kind: 'intervalLiteral', negative: true, parts: [{ value: '5', unit: 'minute' }] });
    expect(e("INTERVAL -'5' MINUTES")).toMatchObject({ kind: 'intervalLiteral', negative: false, parts: [{ value: '-5', unit: 'minute' }] });
    expect(e("INTERVAL -'1 day'")).toMatchObject({ kind: 'intervalLiteral', negative: true, parts: [{ value: '1 day' }] });
  });

  it('ends an interval where no unit follows, so it can be subtracted from', () => {
    expect(e("ts - INTERVAL '10' MINUTES - x")).toMatchObject(
      bin('-', bin('-', col('ts'), { kind: 'intervalLiteral', parts: [{ value: '10', unit: 'minute' }] }), col('x')),
    );
    expect(items("INTERVAL '1' DAY day")).toHaveLength(1);
  });
});

describe('casts and types', () => {
  it('reads CAST, TRY_CAST and ::', () => {
    expect(e('CAST(a AS BIGINT)')).toMatchObject({ kind: 'cast', expr: col('a'), type: BigIntType, isTry: false });
    expect(e('TRY_CAST(a AS double)')).toMatchObject({ kind: 'cast', type: DoubleType, isTry: true });
    expect(e("'1'::int + 1")).toMatchObject(bin('+', { kind: 'cast', expr: str('1'), type: IntType, isTry: false }, num('1')));
    expect(e('x::int < 5')).toMatchObject(bin('<', { kind: 'cast', type: IntType }, num('5')));
  });

  it('reads parameterised and nested types, closing >> correctly', () => {
    const t = (type: string) => (e(`CAST(x AS ${type})`) as { type: unknown }).type;
    expect(t('decimal(10, 2)')).toEqual(decimalType(10, 2));
    expect(t('DECIMAL')).toEqual(decimalType(10, 0));
    expect(t('varchar(20)')).toEqual(StringType);
    expect(t('array<array<int>>')).toEqual(arrayType(arrayType(IntType)));
    expect(t('map<string, array<bigint>>')).toEqual(mapType(StringType, arrayType(BigIntType)));
    expect(t('struct<a: int, `b c` string NOT NULL, end:timestamp>')).toEqual(
      structType([structField('a', IntType), structField('b c', StringType, false), structField('end', TimestampType)]),
    );
    expect(t('struct<>')).toEqual(structType([]));
    expect(t('date')).toEqual(DateType);
  });
});

describe('function calls', () => {
  it('reads plain calls, DISTINCT, count(*), FILTER', () => {
    expect(e('upper(a)')).toMatchObject(call('upper', [col('a')], { distinct: false, star: false }));
    expect(e('now()')).toMatchObject(call('now', []));
    expect(e('count(*)')).toMatchObject(call('count', [], { star: true }));
    expect(e('count(DISTINCT a, b)')).toMatchObject(call('count', [col('a'), col('b')], { distinct: true }));
    expect(e('sum(ALL a)')).toMatchObject(call('sum', [col('a')], { distinct: false }));
    expect(e('sum(x) FILTER (WHERE x > 0)')).toMatchObject(call('sum', [col('x')], { filter: bin('>', col('x'), num('0')) }));
    expect(e('struct(t.*)')).toMatchObject(call('struct', [{ kind: 'star', qualifier: 't' }]));
  });

  it('keeps the case of function names', () => {
    expect(e('Date_Trunc(\'hour\', ts)')).toMatchObject(call('Date_Trunc', [str('hour'), col('ts')]));
  });

  it('reads window specifications and frames', () => {
    expect(e('row_number() OVER (PARTITION BY a, b ORDER BY c DESC NULLS LAST)')).toMatchObject({
      kind: 'call',
      name: 'row_number',
      over: { partitionBy: [col('a'), col('b')], orderBy: [{ expr: col('c'), ascending: false, nullsFirst: false }] },
    });
    expect(e('sum(x) OVER ()')).toMatchObject({ over: { partitionBy: [], orderBy: [] } });
    expect(e('sum(x) OVER (ORDER BY t ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)')).toMatchObject({
      over: { frame: { type: 'rows', start: { kind: 'unboundedPreceding' }, end: { kind: 'currentRow' } } },
    });
    expect(e('sum(x) OVER (ORDER BY t RANGE BETWEEN 2 PRECEDING AND 3 FOLLOWING)')).toMatchObject({
      over: { frame: { type: 'range', start: { kind: 'preceding', offset: num('2') }, end: { kind: 'following', offset: num('3') } } },
    });
    expect(e('sum(x) OVER (ORDER BY t ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)')).toMatchObject({
      over: { frame: { start: { kind: 'currentRow' }, end: { kind: 'unboundedFollowing' } } },
    });
    expect(e('avg(x) OVER (ORDER BY t ROWS 5 PRECEDING)')).toMatchObject({
      over: { frame: { type: 'rows', start: { kind: 'preceding', offset: num('5') }, end: { kind: 'currentRow' } } },
    });
    expect(e("count(*) OVER (ORDER BY ts RANGE INTERVAL '1' HOUR PRECEDING)")).toMatchObject({
      over: { frame: { type: 'range', start: { kind: 'preceding', offset: { kind: 'intervalLiteral' } } } },
    });
  });

  it('reads calls named by keywords: if, left, right, date, timestamp, replace, first, last', () => {
    expect(items("if(c, a, b), left('abc', 2), right('abc', 1), date(ts), timestamp(s), replace(s, 'a'), first(x), last(x)").map((x) => (x as { name: string }).name)).toEqual(
      ['if', 'left', 'right', 'date', 'timestamp', 'replace', 'first', 'last'],
    );
  });

  it('maps the SQL-standard special forms to plain calls', () => {
    expect(e("trim(BOTH 'x' FROM s)")).toMatchObject(call('trim', [col('s'), str('x')]));
    expect(e("trim('x' FROM s)")).toMatchObject(call('trim', [col('s'), str('x')]));
    expect(e('trim(LEADING FROM s)')).toMatchObject(call('ltrim', [col('s')]));
    expect(e("trim(TRAILING 'y' FROM s)")).toMatchObject(call('rtrim', [col('s'), str('y')]));
    expect(e('trim(s)')).toMatchObject(call('trim', [col('s')]));
    expect(e('substring(s FROM 2 FOR 3)')).toMatchObject(call('substring', [col('s'), num('2'), num('3')]));
    expect(e('substring(s, 2)')).toMatchObject(call('substring', [col('s'), num('2')]));
    expect(e('SUBSTR(s FROM 2)')).toMatchObject(call('SUBSTR', [col('s'), num('2')]));
    expect(e('extract(YEAR FROM ts)')).toMatchObject(call('extract', [str('YEAR'), col('ts')]));
    expect(e("position('a' IN s)")).toMatchObject(call('position', [str('a'), col('s')]));
    expect(e("position('a', s, 3)")).toMatchObject(call('position', [str('a'), col('s'), num('3')]));
  });

  it('still reads the special names as columns when not called', () => {
    expect(items('trim, position, extract, substring')).toMatchObject([col('trim'), col('position'), col('extract'), col('substring')]);
  });
});

describe('CASE, subqueries and structure access', () => {
  it('reads searched and simple CASE', () => {
    expect(e("CASE WHEN a > 1 THEN 'big' WHEN a > 0 THEN 'small' ELSE 'none' END")).toMatchObject({
      kind: 'case',
      whens: [
        { when: bin('>', col('a'), num('1')), then: str('big') },
        { when: bin('>', col('a'), num('0')), then: str('small') },
      ],
      else: str('none'),
    });
    const simple = e("CASE x WHEN 1 THEN 'one' END");
    expect(simple).toMatchObject({ kind: 'case', operand: col('x'), whens: [{ when: num('1'), then: str('one') }] });
    expect(simple).not.toHaveProperty('else');
  });

  it('reads scalar subqueries and struct constructors', () => {
    expect(e('(SELECT max(x) FROM t) + 1')).toMatchObject(bin('+', { kind: 'scalarSubquery', query: { body: { kind: 'select' } } }, num('1')));
    expect(e('(a, b + 1)')).toMatchObject(call('struct', [col('a'), bin('+', col('b'), num('1'))]));
    expect(e('((a))')).toMatchObject(col('a'));
  });

  it('reads column paths, subscripts and field access', () => {
    expect(e('a.b.c')).toMatchObject(col('a', 'b', 'c'));
    expect(e("m['k'][0]")).toMatchObject({ kind: 'subscript', expr: { kind: 'subscript', expr: col('m'), index: str('k') }, index: num('0') });
    expect(e('arr[i + 1].name')).toMatchObject({ kind: 'fieldAccess', expr: { kind: 'subscript', index: bin('+', col('i'), num('1')) }, field: 'name' });
    expect(e("named_struct('a', 1).a")).toMatchObject({ kind: 'fieldAccess', expr: call('named_struct', [str('a'), num('1')]), field: 'a' });
    expect(e('window.start')).toMatchObject(col('window', 'start'));
  });

  it('reads * and t.* as select items', () => {
    expect(items('*, t.*, db.t.*')).toMatchObject([{ kind: 'star' }, { kind: 'star', qualifier: 't' }, { kind: 'star', qualifier: 'db.t' }]);
    expect(items('*')[0]).not.toHaveProperty('qualifier');
  });
});

describe('keywords as names', () => {
  it('accepts non-reserved keywords as column, table and alias names', () => {
    const words = [
      'count', 'date', 'timestamp', 'value', 'key', 'window', 'start', 'end', 'first', 'last', 'year', 'month', 'hour',
      'minute', 'second', 'day', 'type', 'source', 'sink', 'tables', 'query', 'offset', 'filter', 'over', 'desc',
      'asc', 'partition', 'range', 'rows', 'row', 'current', 'if', 'replace', 'view', 'show', 'set', 'stop', 'to',
    ];
    expect(items(words.join(', '))).toMatchObject(words.map((w) => col(w)));
    expect(items(words.map((w) => `t.${w}`).join(', '))).toMatchObject(words.map((w) => col('t', w)));
  });

  it('accepts reserved words after a dot', () => {
    expect(items('t.select, t.from, w.end, s.order')).toMatchObject([col('t', 'select'), col('t', 'from'), col('w', 'end'), col('s', 'order')]);
  });

  it('uses keywords as aliases with AS, and non-clause keywords without', () => {
    expect(select('SELECT a AS offset, b AS filter, c date, d value, e AS `from`, f `g h` FROM t').items.map((i) => i.alias)).toEqual([
      'offset', 'filter', 'date', 'value', 'from', 'g h',
    ]);
  });
});
