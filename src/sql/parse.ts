/**
 * The SQL front end's public entry points: text → statements, queries, expressions and schemas.
 *
 * ```ts
 * const { statements, errors } = parseSql("CREATE VIEW v AS SELECT 1 AS one; SELECT * FROM v;");
 * statements[1]!.statement.kind;          // 'query'
 * parseExpression('a + 1').kind;          // 'binary'
 * parseSchemaString('a INT, b STRING');   // two ColumnDefs
 * ```
 *
 * Positions in the AST and in errors refer to the whole text given (line, column and offset), and every error
 * carries that text as `sourceText`, so `formatError(err)` shows the line with a caret under the token.
 */
import type { IToken } from 'chevrotain';
import type { ColumnDef, Expr, ParsedStatement, Query, SelectItem } from './ast.js';
import type * as C from './cst-types.js';
import { SluiceError } from '../types/errors.js';
import { AstBuilder } from './ast-builder.js';
import { tokenize } from './lexer.js';
import { syntaxError, type StatementEnd } from './parse-errors.js';
import { sqlParser, type SqlParser } from './parser.js';
import { setStatement } from './set-statement.js';
import { positionAfter, positionAt } from './source-position.js';
import { SET, Semicolon } from './tokens.js';

export { completionCandidates, sqlKeywords, type CompletionResult } from './completion.js';

export interface ParseResult {
  readonly statements: ParsedStatement[];
  /** One error per statement that failed, in text order; the other statements are still parsed. */
  readonly errors: SluiceError[];
}

/** A statement's tokens and the stretch of text it owns (from after the previous `;` to its own `;`). */
interface Segment {
  readonly tokens: IToken[];
  readonly spanStart: number;
  readonly spanEnd: number;
  readonly terminator?: IToken;
}

function splitStatements(tokens: readonly IToken[], textLength: number): Segment[] {
  const segments: Segment[] = [];
  let current: IToken[] = [];
  let spanStart = 0;
  for (const tok of tokens) {
    if (tok.tokenType === Semicolon) {
      segments.push({ tokens: current, spanStart, spanEnd: tok.startOffset, terminator: tok });
      current = [];
      spanStart = tok.startOffset + 1;
    } else {
      current.push(tok);
    }
  }
  segments.push({ tokens: current, spanStart, spanEnd: textLength });
  return segments;
}

function lastOffset(tok: IToken): number {
  return (tok.endOffset ?? tok.startOffset) + 1;
}

function endOf(segment: Segment, text: string): StatementEnd {
  if (segment.terminator) return { terminator: segment.terminator };
  const last = segment.tokens[segment.tokens.length - 1];
  return { endOfInput: last ? positionAfter(last) : positionAt(text, segment.spanStart) };
}

function withSource(err: SluiceError, text: string): SluiceError {
  err.sourceText = text;
  return err;
}

/**
 * Parses a script of `;`-separated statements. Never throws: a statement that fails to lex, parse or build adds
 * one error and is skipped. Semicolons inside strings and comments do not split; empty statements are ignored.
 */
export function parseSql(text: string): ParseResult {
  const lexed = tokenize(text);
  const builder = new AstBuilder(text);
  const statements: ParsedStatement[] = [];
  const errors: SluiceError[] = [];
  for (const segment of splitStatements(lexed.tokens, text.length)) {
    const inSpan = (e: SluiceError): boolean => {
      const at = e.position!.offset;
      return at >= segment.spanStart && (at < segment.spanEnd || segment.terminator === undefined);
    };
    const unterminated = lexed.unterminated && inSpan(lexed.unterminated) ? lexed.unterminated : undefined;
    const stray = lexed.strayCharacters.find(inSpan);
    const first = segment.tokens[0];
    if (!first) {
      const problem = stray ?? unterminated;
      if (problem) errors.push(withSource(problem, text));
      continue;
    }
    const isSet = first.tokenType === SET;
    // SET takes free text, so stray characters belong to its value; an open quote is still an error.
    const problem = isSet ? unterminated : [stray, unterminated].filter((e) => e !== undefined).sort((a, b) => a.position!.offset - b.position!.offset)[0];
    if (problem) {
      errors.push(withSource(problem, text));
      continue;
    }
    const last = segment.tokens[segment.tokens.length - 1]!;
    let end = lastOffset(last);
    try {
      if (isSet) {
        for (const e of lexed.strayCharacters) if (inSpan(e)) end = Math.max(end, e.position!.offset + 1);
        statements.push({ statement: setStatement(text, segment.tokens, end), start: first.startOffset, end });
        continue;
      }
      const parser = sqlParser();
      parser.input = segment.tokens;
      const cst = parser.statement() as C.StatementCstNode;
      const parseErr = parser.errors[0];
      if (parseErr) {
        errors.push(withSource(syntaxError(parseErr, endOf(segment, text)), text));
        continue;
      }
      statements.push({ statement: builder.statement(cst), start: first.startOffset, end });
    } catch (e) {
      if (!(e instanceof SluiceError)) throw e;
      errors.push(withSource(e, text));
    }
  }
  return { statements, errors };
}

/** Parses a script; throws the first error (a PARSE_ERROR with position and sourceText). */
export function parseStatements(text: string): ParsedStatement[] {
  const { statements, errors } = parseSql(text);
  if (errors[0]) throw errors[0];
  return statements;
}

/**
 * Runs one grammar rule over the whole text: lexing errors, syntax errors and leftover input all throw.
 * @param trailingSemicolons whether `;` at the end is allowed (a query copied from a script)
 */
function parseWhole<N, R>(text: string, invoke: (p: SqlParser) => N, build: (b: AstBuilder, node: N) => R, trailingSemicolons = false): R {
  const lexed = tokenize(text);
  const lexProblem = [lexed.strayCharacters[0], lexed.unterminated].filter((e) => e !== undefined).sort((a, b) => a.position!.offset - b.position!.offset)[0];
  if (lexProblem) throw withSource(lexProblem, text);
  let tokens = lexed.tokens;
  if (trailingSemicolons) {
    let n = tokens.length;
    while (n > 0 && tokens[n - 1]!.tokenType === Semicolon) n--;
    tokens = tokens.slice(0, n);
  }
  const parser = sqlParser();
  parser.input = tokens;
  const node = invoke(parser);
  const err = parser.errors[0];
  if (err) {
    const last = tokens[tokens.length - 1];
    throw withSource(syntaxError(err, { endOfInput: last ? positionAfter(last) : positionAt(text, 0) }), text);
  }
  try {
    return build(new AstBuilder(text), node);
  } catch (e) {
    if (e instanceof SluiceError) throw withSource(e, text);
    throw e;
  }
}

/** Parses a single query (`SELECT …`, `WITH …`, `VALUES …`); a trailing `;` is allowed. Throws on error. */
export function parseQuery(text: string): Query {
  return parseWhole(text, (p) => p.query() as C.QueryCstNode, (b, n) => b.query(n), true);
}

/** Parses one expression, as DataFrame `expr("a + 1")` takes it. Throws on error. */
export function parseExpression(text: string): Expr {
  return parseWhole(text, (p) => p.expression() as C.ExpressionCstNode, (b, n) => b.expression(n));
}

/** Parses `expr [AS] alias`, as DataFrame `selectExpr` takes it; `*` and `t.*` are allowed. Throws on error. */
export function parseSelectItem(text: string): SelectItem {
  return parseWhole(text, (p) => p.selectItem() as C.SelectItemCstNode, (b, n) => b.selectItem(n));
}

/** Parses a DDL schema string such as `'a INT, b STRING NOT NULL'`. Throws on error. */
export function parseSchemaString(text: string): ColumnDef[] {
  return parseWhole(text, (p) => p.schemaString() as C.SchemaStringCstNode, (b, n) => b.schemaString(n));
}
