/**
 * Values as Spark prints them: `CAST(x AS STRING)`, string concatenation and `to_json` all use these forms.
 * Doubles follow Java's `Double.toString` (`1.0`, `1.0E10`, `1.0E-4`, `NaN`, `Infinity`); decimals keep their
 * scale and switch to scientific notation as Java's `BigDecimal.toString` does (`1.50`, `0E-10`, `1.00E-8`);
 * dates and timestamps use `2026-01-01` and `2026-01-01 12:00:00[.ffffff]`; arrays print as `[1, 2]`,
 * structs as `{1, a}`, maps as `{1 -> a}`, with `null` for NULL elements.
 */
import type { DataType, Interval } from '../../types/data-type.js';
import { formatDate, formatInterval, formatTimestampSql } from '../../types/temporal.js';

/** Java's `Double.toString`. */
export function javaDoubleString(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const a = Math.abs(d);
  if (a >= 1e-3 && a < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : s + '.0';
  }
  const e = d.toExponential();
  const at = e.indexOf('e');
  const mantissa = e.slice(0, at);
  const exp = e.slice(at + 1);
  return (mantissa.includes('.') ? mantissa : mantissa + '.0') + 'E' + (exp[0] === '+' ? exp.slice(1) : exp);
}

/** An integral value (INT or BIGINT held in a double) without exponent notation. */
export function integralString(v: number): string {
  return Math.abs(v) < 1e21 ? String(v) : BigInt(v).toString();
}

/** Java's `BigDecimal.toString` of a DECIMAL value with the given scale. */
export function decimalString(v: number, scale: number): string {
  if (!Number.isFinite(v)) return javaDoubleString(v);
  const a = Math.abs(v);
  const plain = a < 1e21 ? a.toFixed(scale) : BigInt(Math.round(a)).toString() + (scale > 0 ? '.' + '0'.repeat(scale) : '');
  let unscaled = plain.replace('.', '').replace(/^0+(?=\d)/, '');
  const negative = v < 0 && /[1-9]/.test(unscaled);
  const adjusted = -scale + (unscaled.length - 1);
  if (adjusted >= -6) return (negative ? '-' : '') + plain;
  unscaled = unscaled === '' ? '0' : unscaled;
  const mantissa = unscaled.length > 1 ? unscaled[0] + '.' + unscaled.slice(1) : unscaled;
  return (negative ? '-' : '') + mantissa + 'E' + adjusted;
}

/** `2026-01-01`; years past 9999 get a `+`, as java.time prints them. */
function dateString(days: number): string {
  const s = formatDate(days);
  return /^\d{5,}/.test(s) ? '+' + s : s;
}

/** `2026-01-01 12:00:00[.ffffff]` with a `+` for years past 9999. */
function timestampString(micros: number): string {
  const s = formatTimestampSql(micros);
  return /^\d{5,}/.test(s) ? '+' + s : s;
}

const utf8 = new TextDecoder();

/** A printer for values of `type` in CAST-to-STRING form, compiled once per type. */
export function valuePrinter(type: DataType): (v: unknown) => string {
  switch (type.kind) {
    case 'null': return () => 'null';
    case 'boolean': return (v) => (v ? 'true' : 'false');
    case 'int': case 'bigint': return (v) => integralString(v as number);
    case 'double': return (v) => javaDoubleString(v as number);
    case 'decimal': { const s = type.scale; return (v) => decimalString(v as number, s); }
    case 'string': return (v) => v as string;
    case 'binary': return (v) => utf8.decode(v as Uint8Array);
    case 'date': return (v) => dateString(v as number);
    case 'timestamp': return (v) => timestampString(v as number);
    case 'interval': return (v) => formatInterval(v as Interval);
    case 'array': {
      const e = valuePrinter(type.element);
      return (v) => {
        const a = v as unknown[];
        let out = '[';
        for (let i = 0; i < a.length; i++) {
          if (i > 0) out += ', ';
          out += a[i] === null || a[i] === undefined ? 'null' : e(a[i]);
        }
        return out + ']';
      };
    }
    case 'map': {
      const k = valuePrinter(type.key), val = valuePrinter(type.value);
      return (v) => {
        let out = '{', first = true;
        for (const [key, x] of v as Map<unknown, unknown>) {
          if (!first) out += ', ';
          first = false;
          out += (key === null ? 'null' : k(key)) + ' -> ' + (x === null || x === undefined ? 'null' : val(x));
        }
        return out + '}';
      };
    }
    case 'struct': {
      const names = type.fields.map((f) => f.name);
      const printers = type.fields.map((f) => valuePrinter(f.type));
      return (v) => {
        const o = v as Record<string, unknown>;
        let out = '{';
        for (let i = 0; i < names.length; i++) {
          if (i > 0) out += ', ';
          const x = o[names[i]!];
          out += x === null || x === undefined ? 'null' : printers[i]!(x);
        }
        return out + '}';
      };
    }
  }
}
