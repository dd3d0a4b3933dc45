/**
 * Cuts what the user types into statements. A statement ends at a `;` outside strings, quoted names and
 * comments (the SQL lexer decides), so one line may hold several statements and one statement may span several
 * lines; what follows the last `;` waits for more input.
 *
 * ```ts
 * const s = new StatementSplitter();
 * s.feed('SELECT 1; SELECT');     // ['SELECT 1;'], s.pending === 'SELECT'
 * s.feed('2;');                   // ['SELECT\n2;']
 * ```
 */
import { tokenize } from '../sql/lexer.js';
import { Semicolon } from '../sql/tokens.js';

export class StatementSplitter {
  private buffer = '';

  /** Text typed since the last complete statement ('' when none). */
  get pending(): string { return this.buffer; }

  /** True when nothing waits for more input: the next line starts a statement. */
  get isEmpty(): boolean { return this.buffer === ''; }

  /** Adds one line; returns the statements it completed, each ending with its `;` and trimmed at the start. */
  feed(line: string): string[] {
    const text = this.buffer === '' ? line : `${this.buffer}\n${line}`;
    const { complete, rest } = splitComplete(text);
    this.buffer = rest;
    return complete.map((s) => s.trimStart());
  }

  /** Ends the input: what waits becomes a statement of its own (a script's last statement may lack its `;`). */
  flush(): string | undefined {
    const rest = this.buffer;
    this.buffer = '';
    return rest.trim() === '' ? undefined : rest.trimStart();
  }

  clear(): void { this.buffer = ''; }
}

/**
 * The statements of a whole script, each padded at the front with the whitespace and line breaks that precede
 * it in the file, so positions in errors are the file's lines and columns.
 */
export function scriptStatements(text: string): string[] {
  const out: string[] = [];
  const { complete, rest, starts } = splitComplete(text);
  const pieces = rest.trim() === '' ? complete : [...complete, rest];
  const pieceStarts = rest.trim() === '' ? starts : [...starts, text.length - rest.length];
  for (let i = 0; i < pieces.length; i++) {
    const before = text.slice(0, pieceStarts[i]!);
    const lineStart = before.lastIndexOf('\n') + 1;
    const newlines = before.split('\n').length - 1;
    out.push('\n'.repeat(newlines) + ' '.repeat(pieceStarts[i]! - lineStart) + pieces[i]!);
  }
  return out;
}

/** Statements up to the last `;`, with their start offsets, and the text after it (kept only if it holds code). */
function splitComplete(text: string): { complete: string[]; starts: number[]; rest: string } {
  const lexed = tokenize(text);
  const complete: string[] = [];
  const starts: number[] = [];
  let from = 0;
  let tokensSince = 0;
  for (const tok of lexed.tokens) {
    if (tok.tokenType !== Semicolon) { tokensSince++; continue; }
    if (tokensSince > 0) {
      complete.push(text.slice(from, tok.startOffset + 1));
      starts.push(from);
    }
    from = tok.startOffset + 1;
    tokensSince = 0;
  }
  const rest = text.slice(from);
  // An open string or comment needs more lines; a rest of only comments and spaces is dropped.
  const keep = tokensSince > 0 || lexed.unterminated !== undefined;
  return { complete, starts, rest: keep ? rest : '' };
}
