/**
 * Sluice's SQL types (DESIGN.md §2). Types are readonly data with a `kind`; the scalar ones are shared singletons
 * so `a === b` works for them, and `sameType` compares nested types structurally.
 *
 * In-memory value representation (one JS value per row, used wherever a column is not a typed array):
 *   BOOLEAN → boolean; INT, BIGINT, DOUBLE, DECIMAL → number; STRING → string; BINARY → Uint8Array;
 *   DATE → number of days since 1970-01-01; TIMESTAMP → number of microseconds since the epoch (UTC);
 *   INTERVAL → Interval; ARRAY → unknown[]; MAP → Map; STRUCT → a plain object keyed by field name; NULL → null.
 * BIGINT and DECIMAL are held in doubles: exact up to 2^53, which every test and benchmark stays within.
 */
export type DataType =
  | { readonly kind: 'null' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'int' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'double' }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'string' }
  | { readonly kind: 'binary' }
  | { readonly kind: 'date' }
  | { readonly kind: 'timestamp' }
  | { readonly kind: 'interval' }
  | ArrayType
  | MapType
  | StructType;

export interface ArrayType { readonly kind: 'array'; readonly element: DataType }
export interface MapType { readonly kind: 'map'; readonly key: DataType; readonly value: DataType }
export interface StructField { readonly name: string; readonly type: DataType; readonly nullable: boolean }
export interface StructType { readonly kind: 'struct'; readonly fields: readonly StructField[] }

export type TypeKind = DataType['kind'];

/** A calendar interval, as Spark's CalendarInterval: months and days vary in length, so they are kept apart. */
export interface Interval { readonly months: number; readonly days: number; readonly micros: number }

export const NullType: DataType = Object.freeze({ kind: 'null' });
export const BooleanType: DataType = Object.freeze({ kind: 'boolean' });
export const IntType: DataType = Object.freeze({ kind: 'int' });
export const BigIntType: DataType = Object.freeze({ kind: 'bigint' });
export const DoubleType: DataType = Object.freeze({ kind: 'double' });
export const StringType: DataType = Object.freeze({ kind: 'string' });
export const BinaryType: DataType = Object.freeze({ kind: 'binary' });
export const DateType: DataType = Object.freeze({ kind: 'date' });
export const TimestampType: DataType = Object.freeze({ kind: 'timestamp' });
export const IntervalType: DataType = Object.freeze({ kind: 'interval' });

export function decimalType(precision: number, scale: number): DataType {
  return Object.freeze({ kind: 'decimal', precision, scale });
}
export function arrayType(element: DataType): ArrayType {
  return Object.freeze({ kind: 'array', element });
}
export function mapType(key: DataType, value: DataType): MapType {
  return Object.freeze({ kind: 'map', key, value });
}
export function structType(fields: readonly StructField[]): StructType {
  return Object.freeze({ kind: 'struct', fields: Object.freeze([...fields]) });
}
export function structField(name: string, type: DataType, nullable = true): StructField {
  return Object.freeze({ name, type, nullable });
}

/** The struct produced by window functions: `{start, end}` timestamps. */
export const WindowStructType: StructType = structType([
  structField('start', TimestampType),
  structField('end', TimestampType),
]);

export function sameType(a: DataType, b: DataType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'decimal':
      return a.precision === (b as typeof a).precision && a.scale === (b as typeof a).scale;
    case 'array':
      return sameType(a.element, (b as ArrayType).element);
    case 'map':
      return sameType(a.key, (b as MapType).key) && sameType(a.value, (b as MapType).value);
    case 'struct': {
      const bf = (b as StructType).fields;
      return a.fields.length === bf.length && a.fields.every((f, i) => f.name === bf[i]!.name && sameType(f.type, bf[i]!.type));
    }
    default:
      return true;
  }
}

export function isNumeric(t: DataType): boolean {
  return t.kind === 'int' || t.kind === 'bigint' || t.kind === 'double' || t.kind === 'decimal';
}
export function isIntegral(t: DataType): boolean {
  return t.kind === 'int' || t.kind === 'bigint';
}
/** Columns of these kinds are held in typed arrays; all others in JS arrays of values. */
export function isFixedWidth(t: DataType): boolean {
  switch (t.kind) {
    case 'boolean': case 'int': case 'bigint': case 'double': case 'decimal': case 'date': case 'timestamp':
      return true;
    default:
      return false;
  }
}

/** Spark's SQL spelling of a type, as DESCRIBE and error messages show it. */
export function typeToString(t: DataType): string {
  switch (t.kind) {
    case 'null': return 'VOID';
    case 'boolean': return 'BOOLEAN';
    case 'int': return 'INT';
    case 'bigint': return 'BIGINT';
    case 'double': return 'DOUBLE';
    case 'decimal': return `DECIMAL(${t.precision},${t.scale})`;
    case 'string': return 'STRING';
    case 'binary': return 'BINARY';
    case 'date': return 'DATE';
    case 'timestamp': return 'TIMESTAMP';
    case 'interval': return 'INTERVAL';
    case 'array': return `ARRAY<${typeToString(t.element)}>`;
    case 'map': return `MAP<${typeToString(t.key)}, ${typeToString(t.value)}>`;
    case 'struct': return `STRUCT<${t.fields.map((f) => `${f.name}: ${typeToString(f.type)}`).join(', ')}>`;
  }
}

/** Numeric widening order used by coercion: INT < BIGINT < DECIMAL < DOUBLE. */
const numericRank: Partial<Record<TypeKind, number>> = { int: 1, bigint: 2, decimal: 3, double: 4 };

/**
 * The common type two values are compared or combined in (Spark's `findWiderTypeForTwo`, simplified):
 * NULL widens to anything, numbers widen by rank, DATE widens to TIMESTAMP, and a STRING against a number or
 * date/timestamp is taken as that other type (Spark's implicit cast for comparisons). Undefined when none exists.
 */
export function commonType(a: DataType, b: DataType): DataType | undefined {
  if (sameType(a, b)) return a;
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  const ra = numericRank[a.kind], rb = numericRank[b.kind];
  if (ra !== undefined && rb !== undefined) {
    if (a.kind === 'decimal' && b.kind === 'decimal') {
      const scale = Math.max(a.scale, b.scale);
      const whole = Math.max(a.precision - a.scale, b.precision - b.scale);
      return decimalType(Math.min(38, whole + scale), scale);
    }
    if (a.kind === 'decimal' && isIntegral(b)) return a;
    if (b.kind === 'decimal' && isIntegral(a)) return b;
    return ra >= rb ? a : b;
  }
  if ((a.kind === 'date' && b.kind === 'timestamp') || (a.kind === 'timestamp' && b.kind === 'date')) return TimestampType;
  if (a.kind === 'string' && (ra !== undefined || rb !== undefined)) return rb !== undefined ? (b.kind === 'int' || b.kind === 'bigint' ? b : DoubleType) : a;
  if (b.kind === 'string' && ra !== undefined) return a.kind === 'int' || a.kind === 'bigint' ? a : DoubleType;
  if (a.kind === 'string' && (b.kind === 'date' || b.kind === 'timestamp')) return b;
  if (b.kind === 'string' && (a.kind === 'date' || a.kind === 'timestamp')) return a;
  if (a.kind === 'array' && b.kind === 'array') {
    const e = commonType(a.element, b.element);
    return e ? arrayType(e) : undefined;
  }
  if (a.kind === 'struct' && b.kind === 'struct' && a.fields.length === b.fields.length) {
    const fields: StructField[] = [];
    for (let i = 0; i < a.fields.length; i++) {
      const t = commonType(a.fields[i]!.type, b.fields[i]!.type);
      if (!t) return undefined;
      fields.push(structField(a.fields[i]!.name, t));
    }
    return structType(fields);
  }
  return undefined;
}

/** Parses a type name as written in DDL and CAST (`int`, `BIGINT`, `decimal(10,2)`, `array<string>`, …). */
export function parseTypeName(text: string): DataType | undefined {
  const p = new TypeNameParser(text);
  const t = p.type();
  return t && p.atEnd() ? t : undefined;
}

class TypeNameParser {
  private pos = 0;
  constructor(private readonly s: string) {}
  atEnd(): boolean { this.ws(); return this.pos >= this.s.length; }
  private ws(): void { while (this.pos < this.s.length && /\s/.test(this.s[this.pos]!)) this.pos++; }
  private word(): string { this.ws(); const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.pos)); if (!m) return ''; this.pos += m[0].length; return m[0]; }
  private eat(ch: string): boolean { this.ws(); if (this.s[this.pos] === ch) { this.pos++; return true; } return false; }
  private int(): number | undefined { this.ws(); const m = /^\d+/.exec(this.s.slice(this.pos)); if (!m) return undefined; this.pos += m[0].length; return Number(m[0]); }
  type(): DataType | undefined {
    const w = this.word().toLowerCase();
    switch (w) {
      case 'boolean': case 'bool': return BooleanType;
      case 'int': case 'integer': case 'smallint': case 'tinyint': case 'short': case 'byte': return IntType;
      case 'bigint': case 'long': return BigIntType;
      case 'double': case 'float': case 'real': return DoubleType;
      case 'string': case 'varchar': case 'char': case 'text':
        if (this.eat('(')) { this.int(); if (!this.eat(')')) return undefined; }
        return StringType;
      case 'binary': case 'bytes': return BinaryType;
      case 'date': return DateType;
      case 'timestamp': case 'timestamp_ltz': case 'timestamp_ntz': return TimestampType;
      case 'interval': return IntervalType;
      case 'void': return NullType;
      case 'decimal': case 'numeric': case 'dec': {
        if (!this.eat('(')) return decimalType(10, 0);
        const p = this.int(); let s = 0;
        if (p === undefined) return undefined;
        if (this.eat(',')) { const x = this.int(); if (x === undefined) return undefined; s = x; }
        if (!this.eat(')')) return undefined;
        return decimalType(p, s);
      }
      case 'array': {
        if (!this.eat('<')) return undefined;
        const e = this.type();
        if (!e || !this.eat('>')) return undefined;
        return arrayType(e);
      }
      case 'map': {
        if (!this.eat('<')) return undefined;
        const k = this.type();
        if (!k || !this.eat(',')) return undefined;
        const v = this.type();
        if (!v || !this.eat('>')) return undefined;
        return mapType(k, v);
      }
      case 'struct': {
        if (!this.eat('<')) return undefined;
        const fields: StructField[] = [];
        if (this.eat('>')) return structType(fields);
        do {
          const name = this.word();
          if (!name) return undefined;
          this.eat(':');
          const t = this.type();
          if (!t) return undefined;
          fields.push(structField(name, t));
        } while (this.eat(','));
        if (!this.eat('>')) return undefined;
        return structType(fields);
      }
      default:
        return undefined;
    }
  }
}
