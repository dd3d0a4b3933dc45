/**
 * AST expression → bound expression: resolves names against a scope, types every node, inserts Spark's
 * implicit casts, and hands aggregate calls, window calls and subqueries to hooks supplied by the query
 * analyzer (which knows whether they are allowed where they appear).
 */
import type { CallExpr, Expr, Query } from '../../sql/ast.js';
import {
  BigIntType, BooleanType, DoubleType, IntType, StringType, TimestampType,
  isNumeric, sameType, typeToString, type StructType,
} from '../../types/data-type.js';
import { analysisError, type SourcePosition } from '../../types/errors.js';
import { canCast } from '../functions/cast-rules.js';
import { lookupScalarFunction, resolveScalarCall } from '../functions/scalar-catalog.js';
import { ref, type BoundExpr } from '../expr.js';
import { aggregateFunctionName, windowOnlyFunctionName } from './aggregate-functions.js';
import {
  arithmeticType, coerce, coerceToBoolean, commonTypeOf, comparisonType, decimalArithmeticType, decimalOperandType,
  typeError,
} from './coercion.js';
import { bindIntervalLiteral, bindLiteral, bindTypedLiteral } from './literal-binder.js';
import { sessionWindowExpr, tumblingWindowExpr, windowSpec, windowTimeExpr } from './event-time-windows.js';
import type { Scope } from './scope.js';

export interface BindHooks {
  /** Binds an aggregate call; absent where aggregates are not allowed. */
  readonly aggregate?: (call: CallExpr) => BoundExpr;
  /** Binds a call with OVER; absent where window functions are not allowed. */
  readonly window?: (call: CallExpr) => BoundExpr;
  /** Binds `(SELECT …)` used as a value. */
  readonly scalarSubquery: (query: Query, pos: SourcePosition) => BoundExpr;
  /** Binds `x [NOT] IN (SELECT …)` / `[NOT] EXISTS (…)` where they are not top-level conditions. */
  readonly predicateSubquery?: (e: Expr) => BoundExpr;
  /** Where the expression sits, for error messages ("WHERE", "GROUP BY", …). */
  readonly clause: string;
  /** A sliding `window(…)` already turned into a generated column by the SELECT analyzer. */
  readonly slidingWindow?: (call: CallExpr) => BoundExpr | undefined;
}

const niladicFunctions = new Set(['current_date', 'current_timestamp', 'current_timezone']);

export class ExpressionBinder {
  constructor(private readonly scope: Scope, private readonly hooks: BindHooks) {}

  bind(e: Expr): BoundExpr {
    switch (e.kind) {
      case 'literal': return bindLiteral(e);
      case 'typedLiteral': return bindTypedLiteral(e);
      case 'intervalLiteral': return bindIntervalLiteral(e);
      case 'column': return this.bindColumn(e.parts, e.pos);
      case 'star': throw analysisError(`'*' is not allowed here (${this.hooks.clause}); name the columns`, e.pos);
      case 'unary': return this.bindUnary(e.op, this.bind(e.operand), e.pos);
      case 'binary': return this.bindBinary(e.op, this.bind(e.left), this.bind(e.right), e.pos);
      case 'call': return this.bindCall(e);
      case 'cast': {
        const operand = this.bind(e.expr);
        if (!canCast(operand.type, e.type)) {
          throw typeError(`Cannot cast ${typeToString(operand.type)} to ${typeToString(e.type)}`, e.pos);
        }
        return sameType(operand.type, e.type) ? operand : { kind: 'cast', operand, type: e.type };
      }
      case 'case': return this.bindCase(e);
      case 'between': {
        const x = this.bind(e.expr), lo = this.bind(e.low), hi = this.bind(e.high);
        const both: BoundExpr = {
          kind: 'and',
          left: this.bindBinary('>=', x, lo, e.pos),
          right: this.bindBinary('<=', x, hi, e.pos),
          type: BooleanType,
        };
        return e.negated ? { kind: 'not', operand: both, type: BooleanType } : both;
      }
      case 'inList': {
        const x = this.bind(e.expr);
        const list = e.list.map((i) => this.bind(i));
        const t = commonTypeOf([x.type, ...list.map((l) => l.type)], 'IN list values', e.pos);
        return { kind: 'inList', operand: coerce(x, t), list: list.map((l) => coerce(l, t)), negated: e.negated, type: BooleanType };
      }
      case 'inSubquery': case 'exists': {
        if (!this.hooks.predicateSubquery) {
          throw analysisError(`${e.kind === 'exists' ? 'EXISTS' : 'IN'} subqueries are not allowed in ${this.hooks.clause}`, e.pos);
        }
        return this.hooks.predicateSubquery(e);
      }
      case 'scalarSubquery': return this.hooks.scalarSubquery(e.query, e.pos);
      case 'like': {
        const x = coerce(this.bind(e.expr), StringType), p = coerce(this.bind(e.pattern), StringType);
        const args = e.escape !== undefined && e.op !== 'rlike' ? [x, p, { kind: 'lit', value: e.escape, type: StringType } as BoundExpr] : [x, p];
        const call = this.scalarCall(e.op, args, e.pos);
        return e.negated ? { kind: 'not', operand: call, type: BooleanType } : call;
      }
      case 'isNull': return { kind: 'isNull', operand: this.bind(e.expr), negated: e.negated, type: BooleanType };
      case 'isBoolean': {
        const x = coerceToBoolean(this.bind(e.expr), 'The operand of IS TRUE/FALSE', e.pos);
        let test: BoundExpr;
        if (e.value === null) test = { kind: 'isNull', operand: x, negated: false, type: BooleanType };
        else {
          const eq: BoundExpr = { kind: 'cmp', op: '<=>', left: x, right: { kind: 'lit', value: e.value, type: BooleanType }, type: BooleanType };
          test = eq;
        }
        return e.negated ? { kind: 'not', operand: test, type: BooleanType } : test;
      }
      case 'subscript': {
        const x = this.bind(e.expr), i = this.bind(e.index);
        if (x.type.kind === 'array') return this.scalarCall('array_subscript', [x, coerce(i, IntType)], e.pos);
        if (x.type.kind === 'map') return this.scalarCall('element_at', [x, coerce(i, x.type.key)], e.pos);
        throw typeError(`Cannot index into a value of type ${typeToString(x.type)}: only ARRAY and MAP can be subscripted`, e.pos);
      }
      case 'fieldAccess': return fieldAccess(this.bind(e.expr), e.field, e.pos);
    }
  }

  private bindColumn(parts: readonly string[], pos: SourcePosition): BoundExpr {
    const r = this.scope.resolve(parts, pos);
    if (r.kind === 'missing') {
      const name = parts.join('.');
      // `current_date` / `current_timestamp` without parentheses are functions when no column has the name.
      if (parts.length === 1 && niladicFunctions.has(name.toLowerCase())) return this.scalarCall(name.toLowerCase(), [], pos);
      const hints = this.scope.suggestions(parts[parts.length - 1]!);
      const known = this.scope.attributes.map((a) => a.name);
      const hint = hints.length ? ` Did you mean ${hints.map((h) => `'${h}'`).join(', ')}?`
        : known.length ? ` Available columns: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}.` : '';
      throw analysisError(`Column '${name}' does not exist.${hint}`, pos);
    }
    let e = ref(r.attr);
    for (const f of r.fieldPath) e = fieldAccess(e, f, pos);
    return e;
  }

  private bindUnary(op: string, x: BoundExpr, pos: SourcePosition): BoundExpr {
    switch (op) {
      case '+': return x;
      case '-':
        if (x.kind === 'lit' && typeof x.value === 'number') return { ...x, value: -x.value };
        if (x.type.kind === 'interval') return this.scalarCall('interval_negate', [x], pos);
        if (x.type.kind === 'string' || x.type.kind === 'null') return { kind: 'neg', operand: coerce(x, DoubleType), type: DoubleType };
        if (!isNumeric(x.type)) throw typeError(`Cannot negate a value of type ${typeToString(x.type)}`, pos);
        return { kind: 'neg', operand: x, type: x.type };
      case 'not': return { kind: 'not', operand: coerceToBoolean(x, 'The operand of NOT', pos), type: BooleanType };
      default: {
        if (x.type.kind !== 'int' && x.type.kind !== 'bigint') throw typeError(`'~' needs an integer operand, got ${typeToString(x.type)}`, pos);
        return { kind: 'bitwise', op: '^', left: x, right: { kind: 'lit', value: -1, type: x.type }, type: x.type };
      }
    }
  }

  bindBinary(op: string, l: BoundExpr, r: BoundExpr, pos: SourcePosition): BoundExpr {
    switch (op) {
      case 'and': case 'or':
        return {
          kind: op, type: BooleanType,
          left: coerceToBoolean(l, `The left side of ${op.toUpperCase()}`, pos),
          right: coerceToBoolean(r, `The right side of ${op.toUpperCase()}`, pos),
        };
      case '=': case '<>': case '<': case '<=': case '>': case '>=': case '<=>': {
        const t = comparisonType(l.type, r.type, pos);
        return { kind: 'cmp', op, left: coerce(l, t), right: coerce(r, t), type: BooleanType };
      }
      case '||': return this.scalarCall('concat', [l, r], pos);
      case '&': case '|': case '^': {
        const t = arithmeticType(op, l.type, r.type, pos);
        if (t.kind !== 'int' && t.kind !== 'bigint') throw typeError(`'${op}' needs integer operands, got ${typeToString(l.type)} and ${typeToString(r.type)}`, pos);
        return { kind: 'bitwise', op, left: coerce(l, t), right: coerce(r, t), type: t };
      }
      default: return this.bindArithmetic(op as '+', l, r, pos);
    }
  }

  private bindArithmetic(op: '+' | '-' | '*' | '/' | '%' | 'div', l: BoundExpr, r: BoundExpr, pos: SourcePosition): BoundExpr {
    const lk = l.type.kind, rk = r.type.kind;
    if (op === '+' || op === '-') {
      // A DATE stays a DATE when the interval has no time part (the signature decides), as in Spark.
      if ((lk === 'timestamp' || lk === 'date') && rk === 'interval') {
        return this.scalarCall(op === '+' ? 'timestamp_add_interval' : 'timestamp_sub_interval', [l, r], pos);
      }
      if (lk === 'interval' && (rk === 'timestamp' || rk === 'date') && op === '+') {
        return this.scalarCall('timestamp_add_interval', [r, l], pos);
      }
      if (lk === 'interval' && rk === 'interval') return this.scalarCall(op === '+' ? 'interval_add' : 'interval_subtract', [l, r], pos);
      if (lk === 'date' && (rk === 'int' || rk === 'bigint')) return this.scalarCall(op === '+' ? 'date_add' : 'date_sub', [l, coerce(r, IntType)], pos);
      if ((lk === 'int' || lk === 'bigint') && rk === 'date' && op === '+') return this.scalarCall('date_add', [r, coerce(l, IntType)], pos);
      if (lk === 'date' && rk === 'date' && op === '-') return this.scalarCall('datediff', [l, r], pos);
      if (lk === 'timestamp' && rk === 'timestamp' && op === '-') return this.scalarCall('timestamp_diff_interval', [l, r], pos);
    }
    if ((op === '*' || op === '/') && (lk === 'interval' || rk === 'interval')) {
      const [iv, n] = lk === 'interval' ? [l, r] : [r, l];
      if (op === '/' && rk === 'interval') throw typeError(`Cannot divide by an INTERVAL`, pos);
      return this.scalarCall(op === '*' ? 'interval_multiply' : 'interval_divide', [iv, coerce(n, DoubleType)], pos);
    }
    const t = decimalArithmeticType(op, l.type, r.type, integralLiteral(l), integralLiteral(r)) ?? arithmeticType(op, l.type, r.type, pos);
    if (t.kind === 'decimal') {
      // Each operand keeps a decimal type of its own: cast to the result type, a divisor such as 1000000 in
      // `1.0 / 1000000` would not fit the result's DECIMAL(10,9).
      const side = (x: BoundExpr) => coerce(x, isNumeric(x.type) ? decimalOperandType(x.type) : t);
      return { kind: 'arith', op, left: side(l), right: side(r), type: t };
    }
    const operandType = op === '/' ? DoubleType : op === 'div' ? BigIntType : t;
    return { kind: 'arith', op, left: coerce(l, operandType), right: coerce(r, operandType), type: t };
  }

  private bindCase(e: Extract<Expr, { kind: 'case' }>): BoundExpr {
    const operand = e.operand ? this.bind(e.operand) : undefined;
    const whens = e.whens.map((w) => {
      const when = operand ? this.bindBinary('=', operand, this.bind(w.when), w.when.pos) : coerceToBoolean(this.bind(w.when), 'A WHEN condition', w.when.pos);
      return { when, then: this.bind(w.then) };
    });
    const otherwise = e.else ? this.bind(e.else) : ({ kind: 'lit', value: null, type: whens[0]!.then.type } as BoundExpr);
    const t = commonTypeOf([...whens.map((w) => w.then.type), otherwise.type], 'CASE branches', e.pos);
    return {
      kind: 'case', type: t,
      whens: whens.map((w) => ({ when: w.when, then: coerce(w.then, t) })),
      otherwise: coerce(otherwise, t),
    };
  }

  private bindCall(e: CallExpr): BoundExpr {
    const lower = e.name.toLowerCase();
    if (e.over) {
      if (!this.hooks.window) throw analysisError(`Window function ${e.name} is not allowed in ${this.hooks.clause}`, e.pos);
      return this.hooks.window(e);
    }
    if (aggregateFunctionName(lower)) {
      if (!this.hooks.aggregate) {
        throw analysisError(`Aggregate function ${e.name}() is not allowed in ${this.hooks.clause}`, e.pos);
      }
      return this.hooks.aggregate(e);
    }
    if (windowOnlyFunctionName(lower)) throw analysisError(`Window function ${e.name}() needs an OVER clause`, e.pos);
    if (e.star) throw analysisError(`${e.name}(*) is not valid; only count(*) takes '*'`, e.pos);
    if (e.distinct) throw analysisError(`DISTINCT is only valid inside aggregate functions, not in ${e.name}()`, e.pos);
    if (lower === 'explode' || lower === 'posexplode' || lower === 'explode_outer' || lower === 'posexplode_outer' || lower === 'inline') {
      throw analysisError(`Generator ${e.name}() is only allowed as a top-level SELECT item`, e.pos);
    }
    switch (lower) {
      case 'if': {
        if (e.args.length !== 3) throw analysisError('if takes 3 arguments: if(condition, then, else)', e.pos);
        const c = coerceToBoolean(this.bind(e.args[0]!), 'The condition of if()', e.pos);
        const a = this.bind(e.args[1]!), b = this.bind(e.args[2]!);
        const t = commonTypeOf([a.type, b.type], 'if() branches', e.pos);
        return { kind: 'case', whens: [{ when: c, then: coerce(a, t) }], otherwise: coerce(b, t), type: t };
      }
      case 'window': {
        const spec = windowSpec(e, e.args.map((a) => this.bind(a)));
        if (spec.slideMicros === spec.sizeMicros) return tumblingWindowExpr(spec);
        const generated = this.hooks.slidingWindow?.(e);
        if (!generated) throw analysisError('A sliding window(…) must be a GROUP BY key', e.pos);
        return generated;
      }
      case 'session_window': {
        if (e.args.length !== 2) throw analysisError('session_window takes (timeColumn, gapDuration)', e.pos);
        return sessionWindowExpr(this.bind(e.args[0]!), this.bind(e.args[1]!), e);
      }
      case 'window_time': {
        if (e.args.length !== 1) throw analysisError('window_time takes one argument', e.pos);
        return windowTimeExpr(this.bind(e.args[0]!), e);
      }
      case 'typeof':
        return { kind: 'lit', value: typeToString(this.bind(e.args[0]!).type).toLowerCase(), type: StringType };
      default:
        return this.scalarCall(lower, e.args.map((a) => this.bind(a)), e.pos, e.name);
    }
  }

  scalarCall(name: string, args: BoundExpr[], pos: SourcePosition, shownName = name): BoundExpr {
    const sig = lookupScalarFunction(name);
    if (!sig) throw analysisError(`Unknown function '${shownName}'`, pos);
    const r = resolveScalarCall(name, args.map((a) => ({
      type: a.type,
      value: a.kind === 'lit' ? a.value : undefined,
      name: a.kind === 'ref' ? a.name : undefined,
    })))!;
    if (!r.ok) throw typeError(`${shownName}(): ${r.error}`, pos);
    return {
      kind: 'call', fn: sig.impl ?? sig.name,
      args: args.map((a, i) => coerce(a, r.argTypes[i] ?? a.type)),
      type: r.returnType, deterministic: sig.deterministic,
    };
  }
}

/** `s.field` on a struct value. */
export function fieldAccess(x: BoundExpr, name: string, pos: SourcePosition): BoundExpr {
  if (x.type.kind !== 'struct') throw typeError(`Cannot access field '${name}' of a value of type ${typeToString(x.type)}`, pos);
  const f = (x.type as StructType).fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
  if (!f) {
    throw analysisError(`No field '${name}' in ${typeToString(x.type)}; fields are ${(x.type as StructType).fields.map((f) => f.name).join(', ')}`, pos);
  }
  return { kind: 'field', operand: x, field: f.name, type: f.type };
}

/** The value of an INT or BIGINT literal (which Spark types by its digits in decimal arithmetic). */
function integralLiteral(e: BoundExpr): number | undefined {
  return e.kind === 'lit' && typeof e.value === 'number' && (e.type.kind === 'int' || e.type.kind === 'bigint') ? e.value : undefined;
}
