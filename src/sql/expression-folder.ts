/**
 * Operator precedence for the flat expression chains of the grammar: a Pratt parser over the operand /
 * operator sequence. Levels, loosest first, as Spark's:
 *
 *   1 OR   2 AND   3 NOT (prefix)   4 comparisons and predicates (= <> < <= > >= <=>, IS, BETWEEN, IN, LIKE…)
 *   5 |   6 ^   7 &   8 + - ||   9 * / % DIV   10 unary - + ~ (prefix)
 *
 * Infix operators are left-associative; predicates are postfix at level 4, so `a + b IS NULL` tests `a + b`
 * and `a = b IS NULL` tests `a = b`. Postfix `[i]`, `.field` and `::type` bind tightest and are applied inside
 * the operand. NOT can only stand where a condition can (`a AND NOT b`), not inside arithmetic (`-NOT a`).
 */
import type { IToken, TokenType } from 'chevrotain';
import { parseError } from '../types/errors.js';
import { tokenPosition } from './source-position.js';
import * as T from './tokens.js';

const NOT_LEVEL = 3;
const PREDICATE_LEVEL = 4;
const UNARY_LEVEL = 10;

const infixLevels = new Map<TokenType, number>([
  [T.OR, 1],
  [T.AND, 2],
  [T.Eq, 4], [T.NotEq, 4], [T.Lt, 4], [T.LtEq, 4], [T.Gt, 4], [T.GtEq, 4], [T.NullSafeEq, 4],
  [T.Pipe, 5],
  [T.Caret, 6],
  [T.Ampersand, 7],
  [T.Plus, 8], [T.Minus, 8], [T.Concat, 8],
  [T.Star, 9], [T.Slash, 9], [T.Percent, 9], [T.DIV, 9],
]);

/** One element of a chain, in text order. */
export type ChainItem<Operand, Predicate> =
  | { readonly kind: 'prefix'; readonly token: IToken }
  | { readonly kind: 'operand'; readonly node: Operand }
  | { readonly kind: 'infix'; readonly token: IToken }
  | { readonly kind: 'predicate'; readonly node: Predicate };

/** How to build each piece; the folder decides only the shape of the tree. */
export interface ChainBuilder<Operand, Predicate, E> {
  operand(node: Operand): E;
  prefix(token: IToken, operand: E): E;
  infix(token: IToken, left: E, right: E): E;
  predicate(left: E, node: Predicate): E;
}

export function foldChain<Operand, Predicate, E>(items: readonly ChainItem<Operand, Predicate>[], b: ChainBuilder<Operand, Predicate, E>): E {
  // Fast path: a single operand without prefixes, by far the most common expression.
  if (items.length === 1 && items[0]!.kind === 'operand') return b.operand(items[0].node);
  let next = 0;
  const parse = (minLevel: number): E => {
    const item = items[next++]!;
    let left: E;
    if (item.kind === 'prefix') {
      const isNot = item.token.tokenType === T.NOT || item.token.tokenType === T.Bang;
      if (isNot && minLevel > NOT_LEVEL) {
        throw parseError(`NOT cannot be used here: put the condition it negates in parentheses`, tokenPosition(item.token));
      }
      left = b.prefix(item.token, parse(isNot ? NOT_LEVEL : UNARY_LEVEL));
    } else if (item.kind === 'operand') {
      left = b.operand(item.node);
    } else {
      throw new Error('expression chain out of order');
    }
    for (;;) {
      const op = items[next];
      if (op === undefined) break;
      if (op.kind === 'predicate') {
        if (PREDICATE_LEVEL < minLevel) break;
        next++;
        left = b.predicate(left, op.node);
        continue;
      }
      if (op.kind !== 'infix') throw new Error('expression chain out of order');
      const level = infixLevels.get(op.token.tokenType)!;
      if (level < minLevel) break;
      next++;
      left = b.infix(op.token, left, parse(level + 1));
    }
    return left;
  };
  return parse(0);
}
