/** Types literals as Spark does: `1` INT, `1L` BIGINT, `1.5` DECIMAL(2,1), `1e3` and `1.5D` DOUBLE. */
import type { IntervalLiteralExpr, LiteralExpr, TypedLiteralExpr } from '../../sql/ast.js';
import {
  BigIntType, BinaryType, BooleanType, DateType, DoubleType, IntType, IntervalType, NullType, StringType,
  TimestampType, decimalType, type Interval,
} from '../../types/data-type.js';
import { analysisError } from '../../types/errors.js';
import {
  addIntervals, intervalOf, negateInterval, normalizeIntervalUnit, parseDate, parseIntervalString, parseTimestamp,
} from '../../types/temporal.js';
import type { BoundExpr } from '../expr.js';

export function bindLiteral(e: LiteralExpr): BoundExpr {
  switch (e.literalType) {
    case 'null': return { kind: 'lit', value: null, type: NullType };
    case 'boolean': return { kind: 'lit', value: e.value as boolean, type: BooleanType };
    case 'string': return { kind: 'lit', value: e.value as string, type: StringType };
    case 'number': return bindNumber(String(e.value), e);
  }
}

function bindNumber(text: string, e: LiteralExpr): BoundExpr {
  const t = text.toLowerCase();
  if (t.endsWith('bd')) {
    const body = t.slice(0, -2);
    return { kind: 'lit', value: Number(body), type: decimalFor(body) };
  }
  if (t.endsWith('d') || t.endsWith('f')) return { kind: 'lit', value: Number(t.slice(0, -1)), type: DoubleType };
  if (t.endsWith('l')) return { kind: 'lit', value: Number(t.slice(0, -1)), type: BigIntType };
  if (t.endsWith('s') || t.endsWith('y')) return { kind: 'lit', value: Number(t.slice(0, -1)), type: IntType };
  if (t.includes('e')) return { kind: 'lit', value: Number(t), type: DoubleType };
  if (t.includes('.')) return { kind: 'lit', value: Number(t), type: decimalFor(t) };
  const n = Number(t);
  if (!Number.isFinite(n)) throw analysisError(`Invalid number '${text}'`, e.pos);
  if (n >= -2147483648 && n <= 2147483647) return { kind: 'lit', value: n, type: IntType };
  if (Number.isSafeInteger(n)) return { kind: 'lit', value: n, type: BigIntType };
  return { kind: 'lit', value: n, type: decimalType(Math.min(38, t.length), 0) };
}

function decimalFor(text: string) {
  const [whole = '', frac = ''] = text.replace(/^[-+]/, '').split('.');
  const digitsWhole = whole.replace(/^0+/, '').length;
  const scale = frac.length;
  return decimalType(Math.max(1, Math.min(38, digitsWhole + scale)), scale);
}

export function bindTypedLiteral(e: TypedLiteralExpr): BoundExpr {
  switch (e.typeName) {
    case 'timestamp': {
      const v = parseTimestamp(e.text);
      if (v === null) throw analysisError(`Cannot parse '${e.text}' as a TIMESTAMP`, e.pos);
      return { kind: 'lit', value: v, type: TimestampType };
    }
    case 'date': {
      const v = parseDate(e.text);
      if (v === null) throw analysisError(`Cannot parse '${e.text}' as a DATE`, e.pos);
      return { kind: 'lit', value: v, type: DateType };
    }
    case 'binary': {
      if (!/^[0-9a-fA-F]*$/.test(e.text) || e.text.length % 2 !== 0) throw analysisError(`Invalid hex literal X'${e.text}'`, e.pos);
      return { kind: 'lit', value: new Uint8Array(Buffer.from(e.text, 'hex')), type: BinaryType };
    }
  }
}

export function bindIntervalLiteral(e: IntervalLiteralExpr): BoundExpr {
  let acc: Interval = { months: 0, days: 0, micros: 0 };
  for (const part of e.parts) {
    const iv = partInterval(part.value, part.unit, part.toUnit);
    if (!iv) {
      const shown = part.unit ? `'${part.value}' ${part.unit.toUpperCase()}` : `'${part.value}'`;
      throw analysisError(`Invalid interval ${shown}: expected e.g. INTERVAL '10' MINUTES or INTERVAL '1 day 2 hours'`, e.pos);
    }
    acc = addIntervals(acc, iv);
  }
  return { kind: 'lit', value: e.negative ? negateInterval(acc) : acc, type: IntervalType };
}

function partInterval(value: string, unit?: string, toUnit?: string): Interval | null {
  if (!unit) return parseIntervalString(value);
  const u = normalizeIntervalUnit(unit);
  if (!u) return null;
  if (toUnit) return rangeInterval(value.trim(), u, normalizeIntervalUnit(toUnit));
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n)) return null;
  return intervalOf(n, u);
}

/** `'1:30' HOUR TO MINUTE`, `'2 10:00:00' DAY TO SECOND`, `'1-6' YEAR TO MONTH`. */
function rangeInterval(text: string, from: string, to: string | undefined): Interval | null {
  if (!to) return null;
  const negative = text.startsWith('-');
  const body = text.replace(/^[-+]/, '');
  if (from === 'year' && to === 'month') {
    const m = /^(\d+)-(\d+)$/.exec(body);
    if (!m) return null;
    const iv = { months: Number(m[1]) * 12 + Number(m[2]), days: 0, micros: 0 };
    return negative ? negateInterval(iv) : iv;
  }
  const order = ['day', 'hour', 'minute', 'second'];
  const fi = order.indexOf(from), ti = order.indexOf(to);
  if (fi < 0 || ti < fi) return null;
  const fields = body.split(/[ :]/);
  if (fields.length !== ti - fi + 1) return null;
  let acc: Interval = { months: 0, days: 0, micros: 0 };
  for (let k = 0; k < fields.length; k++) {
    const n = Number(fields[k]);
    if (!Number.isFinite(n)) return null;
    acc = addIntervals(acc, intervalOf(n, order[fi + k]!)!);
  }
  return negative ? negateInterval(acc) : acc;
}
