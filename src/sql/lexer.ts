/**
 * The lexer: text → tokens, with lexing problems (stray characters, unterminated strings and comments) turned
 * into positioned PARSE_ERRORs instead of being dropped silently.
 */
import { Lexer, type IToken, type TokenType } from 'chevrotain';
import { parseError, type SluiceError } from '../types/errors.js';
import { positionAt, tokenPosition } from './source-position.js';
import { allTokens, UnterminatedComment, UnterminatedQuotedIdentifier, UnterminatedString } from './tokens.js';

// ensureOptimizations: a token change that defeats chevrotain's first-character dispatch fails loudly at startup.
const sqlLexer = new Lexer(allTokens as TokenType[], { positionTracking: 'full', ensureOptimizations: true });

export interface LexResult {
  readonly tokens: IToken[];
  /** Characters no token starts with, in text order; each is skipped. */
  readonly strayCharacters: SluiceError[];
  /** A string, quoted name or comment left open: it swallows the rest of the text, so there is at most one. */
  readonly unterminated?: SluiceError;
}

const unterminatedMessages = new Map<TokenType, string>([
  [UnterminatedString, 'Unterminated string literal: add the closing quote'],
  [UnterminatedQuotedIdentifier, 'Unterminated quoted identifier: add the closing backquote'],
  [UnterminatedComment, "Unterminated comment: add the closing '*/'"],
]);

export function tokenize(text: string): LexResult {
  const result = sqlLexer.tokenize(text);
  const strayCharacters = result.errors.map((e) =>
    parseError(`Unexpected character '${text.charAt(e.offset)}'`, positionAt(text, e.offset)),
  );
  const last = result.tokens[result.tokens.length - 1];
  const message = last && unterminatedMessages.get(last.tokenType);
  if (!last || !message) return { tokens: result.tokens, strayCharacters };
  return {
    tokens: result.tokens.slice(0, -1),
    strayCharacters,
    unterminated: parseError(message, { ...tokenPosition(last), length: 1 }),
  };
}
