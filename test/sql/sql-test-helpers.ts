/** Small helpers shared by the SQL front-end tests. */
import { parseQuery, parseStatements } from '../../src/sql/parse.js';
import type { Expr, Query, SelectBody, Statement } from '../../src/sql/ast.js';

/** The only statement of `sql`. */
export function statement(sql: string): Statement {
  const all = parseStatements(sql);
  if (all.length !== 1) throw new Error(`expected one statement, got ${all.length}`);
  return all[0]!.statement;
}

/** The select body of a plain `SELECT …` query. */
export function select(sql: string): SelectBody {
  const q: Query = parseQuery(sql);
  if (q.body.kind !== 'select') throw new Error(`expected a select body, got ${q.body.kind}`);
  return q.body;
}

/** The expressions of the select list of `SELECT <items>`. */
export function items(list: string): Expr[] {
  return select(`SELECT ${list}`).items.map((i) => i.expr);
}

/** Builders for expected AST fragments (compared with toMatchObject, so positions are ignored). */
export const col = (...parts: string[]) => ({ kind: 'column', parts });
export const num = (value: string) => ({ kind: 'literal', literalType: 'number', value });
export const str = (value: string) => ({ kind: 'literal', literalType: 'string', value });
export const bin = (op: string, left: object, right: object) => ({ kind: 'binary', op, left, right });
export const un = (op: string, operand: object) => ({ kind: 'unary', op, operand });
export const call = (name: string, args: object[], extra: object = {}) => ({ kind: 'call', name, args, ...extra });
