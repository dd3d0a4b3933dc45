/**
 * Turns chevrotain's recognition exceptions into Spark-like PARSE_ERRORs positioned on the offending token:
 * `Syntax error at or near 'FROM': expected an expression`, `Syntax error at or near end of input: expected ')'`.
 */
import { EOF, tokenMatcher, type IRecognitionException, type IToken } from 'chevrotain';
import { parseError, type SluiceError, type SourcePosition } from '../types/errors.js';
import { tokenPosition } from './source-position.js';

/** Where a statement stops: the `;` that ends it, or the end of the text (given as the position just after it). */
export type StatementEnd = { readonly terminator: IToken } | { readonly endOfInput: SourcePosition };

function quoteToken(image: string): string {
  const short = image.length > 40 ? `${image.slice(0, 40)}…` : image;
  return `'${short}'`;
}

export function syntaxError(e: IRecognitionException, end: StatementEnd): SluiceError {
  const tok = e.token;
  let near: string;
  let pos: SourcePosition;
  if (!tokenMatcher(tok, EOF)) {
    near = quoteToken(tok.image);
    pos = tokenPosition(tok);
  } else if ('terminator' in end) {
    near = "';'";
    pos = tokenPosition(end.terminator);
  } else {
    near = 'end of input';
    pos = end.endOfInput;
  }
  return parseError(`Syntax error at or near ${near}: ${e.message}`, pos);
}
