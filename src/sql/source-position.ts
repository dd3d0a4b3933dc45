/**
 * Source positions of tokens, for AST nodes and error carets. Offsets, lines and columns refer to the whole text
 * handed to the parser (all statements of a script), so `formatError(err, text)` finds the line.
 */
import type { IToken } from 'chevrotain';
import type { SourcePosition } from '../types/errors.js';

/** The position of a token: its first character and its length. */
export function tokenPosition(tok: IToken): SourcePosition {
  return {
    line: tok.startLine ?? 1,
    column: tok.startColumn ?? 1,
    offset: tok.startOffset,
    length: Math.max(1, (tok.endOffset ?? tok.startOffset) - tok.startOffset + 1),
  };
}

/** The position just after a token: where "end of input" is reported when the text stops after it. */
export function positionAfter(tok: IToken): SourcePosition {
  const end = tok.endOffset ?? tok.startOffset;
  return { line: tok.endLine ?? tok.startLine ?? 1, column: (tok.endColumn ?? tok.startColumn ?? 0) + 1, offset: end + 1, length: 1 };
}

/** The position of a character offset in `text`, computing line and column by counting line breaks. */
export function positionAt(text: string, offset: number, length = 1): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, offset, length: Math.max(1, length) };
}
