/**
 * Keyword completion for the REPL, from chevrotain's content assist over the grammar: given the text before the
 * cursor, which keywords may come next and whether a name may come next. Best effort: gates are not evaluated,
 * and nothing is offered after a syntax error.
 */
import type { TokenType } from 'chevrotain';
import { tokenize } from './lexer.js';
import { sqlParser, type SqlParser } from './parser.js';
import {
  Aliasable,
  ArithmeticOperator,
  Identifier,
  InfixOperator,
  Keyword,
  keywordTokens,
  NonReserved,
  PrefixOperator,
  QuotedIdentifier,
  SET,
  Semicolon,
} from './tokens.js';

export interface CompletionResult {
  /** Upper-case keywords that may come next and start with the prefix, sorted. */
  readonly keywords: string[];
  /** True when a name (table, column, function…) may come next. */
  readonly expectsIdentifier: boolean;
  /** The partial word just before the cursor, as typed ('' when the cursor follows a space or symbol). */
  readonly prefix: string;
}

const keywordSet = new Set<TokenType>(keywordTokens);
const nameTokens = new Set<TokenType>([Identifier, QuotedIdentifier, NonReserved, Aliasable, Keyword]);

/** The keywords an operator category stands for (`AND`, `OR`, `DIV`, `NOT`), so they are offered too. */
const operatorKeywords = new Map<TokenType, string[]>(
  [InfixOperator, ArithmeticOperator, PrefixOperator].map((category) => [
    category,
    keywordTokens.filter((k) => k.CATEGORIES?.some((c) => c === category || c.CATEGORIES?.includes(category))).map((k) => k.name),
  ]),
);

/** All SQL keywords, upper-case and sorted. */
export function sqlKeywords(): string[] {
  return keywordTokens.map((t) => t.name).sort();
}

export function completionCandidates(text: string, cursorOffset: number): CompletionResult {
  const before = text.slice(0, Math.max(0, Math.min(cursorOffset, text.length)));
  let tokens = tokenize(before).tokens;
  let prefix = '';
  const last = tokens[tokens.length - 1];
  if (last && (last.endOffset ?? last.startOffset) + 1 === before.length && (keywordSet.has(last.tokenType) || last.tokenType === Identifier)) {
    prefix = last.image;
    tokens = tokens.slice(0, -1);
  }
  let lastSemicolon = -1;
  for (let i = 0; i < tokens.length; i++) if (tokens[i]!.tokenType === Semicolon) lastSemicolon = i;
  tokens = tokens.slice(lastSemicolon + 1);

  const keywords = new Set<string>();
  let expectsIdentifier = false;
  if (tokens.length === 0) keywords.add(SET.name);
  if (tokens[0]?.tokenType !== SET) {
    let paths: ReturnType<SqlParser['computeContentAssist']> = [];
    try {
      paths = sqlParser().computeContentAssist('statement', tokens);
    } catch {
      paths = [];
    }
    for (const p of paths) {
      const t = p.nextTokenType;
      if (keywordSet.has(t)) keywords.add(t.name);
      else if (nameTokens.has(t)) expectsIdentifier = true;
      else for (const k of operatorKeywords.get(t) ?? []) keywords.add(k);
    }
  }
  const upperPrefix = prefix.toUpperCase();
  return {
    keywords: [...keywords].filter((k) => k.startsWith(upperPrefix)).sort(),
    expectsIdentifier,
    prefix,
  };
}
