/**
 * `SET`, `SET key`, `SET key = value`. A setting's value is free text up to the `;` (a path, a list, a duration),
 * so SET is read from the raw text rather than from the grammar: the key is the text before the first `=`, the
 * value the text after it, both trimmed, and unquoted when they are a single quoted string or name.
 */
import type { IToken } from 'chevrotain';
import type { SetStatement } from './ast.js';
import { parseError } from '../types/errors.js';
import { unquoteIdentifier, unquoteString } from './literal-text.js';
import { tokenPosition } from './source-position.js';
import { Eq, QuotedIdentifier, StringLiteral } from './tokens.js';
import { tokenize } from './lexer.js';

/**
 * @param tokens the statement's tokens, the first being SET
 * @param end offset one past the statement's last character (comments and the `;` excluded)
 */
export function setStatement(text: string, tokens: readonly IToken[], end: number): SetStatement {
  const setTok = tokens[0]!;
  const pos = tokenPosition(setTok);
  const afterSet = (setTok.endOffset ?? setTok.startOffset) + 1;
  const eq = tokens.find((t) => t.tokenType === Eq);
  if (!eq) {
    const key = unquote(text.slice(afterSet, end).trim());
    return key === '' ? { kind: 'set', pos } : { kind: 'set', key, pos };
  }
  const key = unquote(text.slice(afterSet, eq.startOffset).trim());
  if (key === '') throw parseError("Syntax error at or near '=': expected a setting name", tokenPosition(eq));
  const value = unquote(text.slice((eq.endOffset ?? eq.startOffset) + 1, end).trim());
  return { kind: 'set', key, value, pos };
}

/** A text that is exactly one string literal or backquoted name stands for its content. */
function unquote(s: string): string {
  if (s === '') return s;
  const first = s.charAt(0);
  if (first !== "'" && first !== '"' && first !== '`') return s;
  const { tokens, strayCharacters, unterminated } = tokenize(s);
  const only = tokens[0];
  if (tokens.length !== 1 || strayCharacters.length > 0 || unterminated || !only) return s;
  if (only.tokenType === StringLiteral) return unquoteString(only.image);
  if (only.tokenType === QuotedIdentifier) return unquoteIdentifier(only.image);
  return s;
}
