/**
 * The SQL vocabulary: punctuation, literals, identifiers and keywords as chevrotain token types.
 *
 * Keywords are case-insensitive and come in three strengths, modelled as token categories so grammar rules can
 * say which words they accept where a name is expected:
 * - reserved (`SELECT`, `FROM`, `AND`, `JOIN`, …): never a bare name, only a backquoted one or a field after `.`;
 * - strict non-reserved (`OFFSET`, `EMIT`, `SEMI`, `ANTI`, `FILTER`, `OVER`): a name anywhere except as an alias
 *   written without `AS`, where they would be mistaken for the clause they start;
 * - non-reserved (everything else: `date`, `first`, `source`, `query`, …): usable as any name, as Spark allows.
 * Every keyword belongs to `Keyword`; non-reserved ones also to `NonReserved`; those usable as a bare alias also
 * to `Aliasable`.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

// ---------------------------------------------------------------- categories

export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });
export const NonReserved = createToken({ name: 'NonReserved', pattern: Lexer.NA });
export const Aliasable = createToken({ name: 'Aliasable', pattern: Lexer.NA });

/**
 * Operator categories: the grammar reads an expression as a flat chain of operands and operators, and the AST
 * builder applies precedence (see expression-folder.ts). Arithmetic operators are the infix operators allowed
 * inside BETWEEN bounds and LIKE patterns, where AND and comparisons would be ambiguous.
 */
export const InfixOperator = createToken({ name: 'InfixOperator', pattern: Lexer.NA, label: 'an operator' });
export const ArithmeticOperator = createToken({ name: 'ArithmeticOperator', pattern: Lexer.NA, categories: [InfixOperator], label: 'an operator' });
export const PrefixOperator = createToken({ name: 'PrefixOperator', pattern: Lexer.NA, label: "'NOT', '-', '+' or '~'" });

// ---------------------------------------------------------------- names

/**
 * Spark lets an identifier start with a digit when it is not a number (`1a`); letters beyond ASCII are
 * accepted as in most SQL engines.
 */
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*|[0-9]+[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*/,
  label: 'a name',
});

/** `` `a b` ``; a doubled backquote stands for one. */
export const QuotedIdentifier = createToken({
  name: 'QuotedIdentifier',
  pattern: /`(?:[^`]|``)*`/,
  line_breaks: true,
  label: 'a name',
});
export const UnterminatedQuotedIdentifier = createToken({
  name: 'UnterminatedQuotedIdentifier',
  pattern: /`(?:[^`]|``)*/,
  line_breaks: true,
});

// ---------------------------------------------------------------- keywords

type Strength = 'reserved' | 'strict' | 'nonReserved';

const keywordList: TokenType[] = [];

function keyword(word: string, strength: Strength = 'nonReserved', operatorCategories: TokenType[] = []): TokenType {
  const categories =
    strength === 'reserved' ? [Keyword] : strength === 'strict' ? [Keyword, NonReserved] : [Keyword, NonReserved, Aliasable];
  categories.push(...operatorCategories);
  const tok = createToken({
    name: word,
    pattern: new RegExp(word, 'i'),
    longer_alt: Identifier,
    categories,
    label: `'${word}'`,
  });
  keywordList.push(tok);
  return tok;
}

export const ALL = keyword('ALL', 'reserved');
export const AND = keyword('AND', 'reserved', [InfixOperator]);
export const AS = keyword('AS', 'reserved');
export const BETWEEN = keyword('BETWEEN', 'reserved');
export const BY = keyword('BY', 'reserved');
export const CASE = keyword('CASE', 'reserved');
export const CAST = keyword('CAST', 'reserved');
export const CROSS = keyword('CROSS', 'reserved');
export const DISTINCT = keyword('DISTINCT', 'reserved');
export const DIV = keyword('DIV', 'reserved', [ArithmeticOperator]);
export const ELSE = keyword('ELSE', 'reserved');
export const EXCEPT = keyword('EXCEPT', 'reserved');
export const EXISTS = keyword('EXISTS', 'reserved');
export const FALSE = keyword('FALSE', 'reserved');
export const FROM = keyword('FROM', 'reserved');
export const FULL = keyword('FULL', 'reserved');
export const GROUP = keyword('GROUP', 'reserved');
export const HAVING = keyword('HAVING', 'reserved');
export const ILIKE = keyword('ILIKE', 'reserved');
export const IN = keyword('IN', 'reserved');
export const INNER = keyword('INNER', 'reserved');
export const INTERSECT = keyword('INTERSECT', 'reserved');
export const INTERVAL = keyword('INTERVAL', 'reserved');
export const IS = keyword('IS', 'reserved');
export const JOIN = keyword('JOIN', 'reserved');
export const LEFT = keyword('LEFT', 'reserved');
export const LIKE = keyword('LIKE', 'reserved');
export const LIMIT = keyword('LIMIT', 'reserved');
export const MINUS = keyword('MINUS', 'reserved');
export const NOT = keyword('NOT', 'reserved', [PrefixOperator]);
export const NULL = keyword('NULL', 'reserved');
export const ON = keyword('ON', 'reserved');
export const OR = keyword('OR', 'reserved', [InfixOperator]);
export const ORDER = keyword('ORDER', 'reserved');
export const OUTER = keyword('OUTER', 'reserved');
export const REGEXP = keyword('REGEXP', 'reserved');
export const RIGHT = keyword('RIGHT', 'reserved');
export const RLIKE = keyword('RLIKE', 'reserved');
export const SELECT = keyword('SELECT', 'reserved');
export const THEN = keyword('THEN', 'reserved');
export const TRUE = keyword('TRUE', 'reserved');
export const TRY_CAST = keyword('TRY_CAST', 'reserved');
export const UNION = keyword('UNION', 'reserved');
export const USING = keyword('USING', 'reserved');
export const VALUES = keyword('VALUES', 'reserved');
export const WHEN = keyword('WHEN', 'reserved');
export const WHERE = keyword('WHERE', 'reserved');
export const WITH = keyword('WITH', 'reserved');

export const ANTI = keyword('ANTI', 'strict');
export const EMIT = keyword('EMIT', 'strict');
export const FILTER = keyword('FILTER', 'strict');
export const NATURAL = keyword('NATURAL', 'strict');
export const OFFSET = keyword('OFFSET', 'strict');
export const OVER = keyword('OVER', 'strict');
export const SEMI = keyword('SEMI', 'strict');

export const ASC = keyword('ASC');
export const BOTH = keyword('BOTH');
export const CHANGES = keyword('CHANGES');
export const CREATE = keyword('CREATE');
export const CURRENT = keyword('CURRENT');
export const DATE = keyword('DATE');
export const DESC = keyword('DESC');
export const DESCRIBE = keyword('DESCRIBE');
export const DESCRIPTOR = keyword('DESCRIPTOR');
export const DROP = keyword('DROP');
export const END = keyword('END');
export const ESCAPE = keyword('ESCAPE');
export const EXPLAIN = keyword('EXPLAIN');
export const EXTENDED = keyword('EXTENDED');
export const EXTRACT = keyword('EXTRACT');
export const FIRST = keyword('FIRST');
export const FOLLOWING = keyword('FOLLOWING');
export const FOR = keyword('FOR');
export const FUNCTIONS = keyword('FUNCTIONS');
export const IF = keyword('IF');
export const INSERT = keyword('INSERT');
export const INTO = keyword('INTO');
export const LAST = keyword('LAST');
export const LEADING = keyword('LEADING');
export const NULLS = keyword('NULLS');
export const OPTIONS = keyword('OPTIONS');
export const OVERWRITE = keyword('OVERWRITE');
export const PARTITION = keyword('PARTITION');
export const POSITION = keyword('POSITION');
export const PRECEDING = keyword('PRECEDING');
export const QUERIES = keyword('QUERIES');
export const QUERY = keyword('QUERY');
export const RANGE = keyword('RANGE');
export const REPLACE = keyword('REPLACE');
export const ROW = keyword('ROW');
export const ROWS = keyword('ROWS');
export const SET = keyword('SET');
export const SHOW = keyword('SHOW');
export const SINK = keyword('SINK');
export const SINKS = keyword('SINKS');
export const SOURCE = keyword('SOURCE');
export const SOURCES = keyword('SOURCES');
export const STOP = keyword('STOP');
export const SUBSTR = keyword('SUBSTR');
export const SUBSTRING = keyword('SUBSTRING');
export const TABLE = keyword('TABLE');
export const TABLES = keyword('TABLES');
export const TEMP = keyword('TEMP');
export const TEMPORARY = keyword('TEMPORARY');
export const TIMESTAMP = keyword('TIMESTAMP');
export const TO = keyword('TO');
export const TRAILING = keyword('TRAILING');
export const TRIM = keyword('TRIM');
export const UNBOUNDED = keyword('UNBOUNDED');
export const UNKNOWN = keyword('UNKNOWN');
export const VIEW = keyword('VIEW');
export const VIEWS = keyword('VIEWS');
export const WATERMARK = keyword('WATERMARK');

// ---------------------------------------------------------------- literals

/**
 * Spark takes both `'…'` and `"…"` as string literals; a backslash escapes the next character and a doubled
 * quote stands for one.
 */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /'(?:[^'\\]|\\[\s\S]|'')*'|"(?:[^"\\]|\\[\s\S]|"")*"/,
  line_breaks: true,
  label: 'a string',
});
/** Matches only where `StringLiteral` did not, i.e. when the closing quote is missing: reported, never parsed. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /'(?:[^'\\]|\\[\s\S]?|'')*|"(?:[^"\\]|\\[\s\S]?|"")*/,
  line_breaks: true,
});

/** `X'0A0B'`: a binary literal. */
export const BinaryLiteral = createToken({ name: 'BinaryLiteral', pattern: /[xX]'[^']*'/, label: 'a binary literal' });

/**
 * Integers, decimals and exponents with Spark's type suffixes (`L` bigint, `S` smallint, `Y` tinyint, `D`
 * double, `F` float, `BD` decimal). A number running straight into letters is not a number (`1a` is a name).
 */
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?(?:[bB][dD]|[lLsSyYdDfF])?(?![A-Za-z0-9_\u0080-\uffff])/,
  label: 'a number',
});

// ---------------------------------------------------------------- comments and whitespace

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED, line_breaks: true });
export const LineComment = createToken({ name: 'LineComment', pattern: /--[^\n\r]*/, group: Lexer.SKIPPED });

/** Spark's bracketed comments nest: `/* a /* b *\/ c *\/` is one comment. Returns null when unclosed. */
function matchBlockComment(text: string, offset: number): RegExpExecArray | null {
  if (text.charCodeAt(offset) !== 47 /* / */ || text.charCodeAt(offset + 1) !== 42 /* * */) return null;
  let depth = 1;
  let i = offset + 2;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 42 && text.charCodeAt(i + 1) === 47) {
      depth--;
      i += 2;
      if (depth === 0) return [text.slice(offset, i)] as unknown as RegExpExecArray;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      depth++;
      i += 2;
    } else {
      i++;
    }
  }
  return null;
}

export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: { exec: matchBlockComment },
  start_chars_hint: ['/'],
  line_breaks: true,
  group: Lexer.SKIPPED,
});
export const UnterminatedComment = createToken({
  name: 'UnterminatedComment',
  pattern: /\/\*[\s\S]*/,
  line_breaks: true,
});

// ---------------------------------------------------------------- punctuation and operators

export const Semicolon = createToken({ name: 'Semicolon', pattern: ';', label: "';'" });
export const Comma = createToken({ name: 'Comma', pattern: ',', label: "','" });
export const LParen = createToken({ name: 'LParen', pattern: '(', label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: ')', label: "')'" });
export const LBracket = createToken({ name: 'LBracket', pattern: '[', label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: ']', label: "']'" });
export const DoubleColon = createToken({ name: 'DoubleColon', pattern: '::', label: "'::'" });
export const Colon = createToken({ name: 'Colon', pattern: ':', label: "':'" });
export const Dot = createToken({ name: 'Dot', pattern: '.', label: "'.'" });
export const Star = createToken({ name: 'Star', pattern: '*', categories: [ArithmeticOperator], label: "'*'" });
export const Slash = createToken({ name: 'Slash', pattern: '/', categories: [ArithmeticOperator], label: "'/'" });
export const Percent = createToken({ name: 'Percent', pattern: '%', categories: [ArithmeticOperator], label: "'%'" });
export const Plus = createToken({ name: 'Plus', pattern: '+', categories: [ArithmeticOperator, PrefixOperator], label: "'+'" });
export const Minus = createToken({ name: 'Minus', pattern: '-', categories: [ArithmeticOperator, PrefixOperator], label: "'-'" });
export const Tilde = createToken({ name: 'Tilde', pattern: '~', categories: [PrefixOperator], label: "'~'" });
export const Caret = createToken({ name: 'Caret', pattern: '^', categories: [ArithmeticOperator], label: "'^'" });
export const Ampersand = createToken({ name: 'Ampersand', pattern: '&', categories: [ArithmeticOperator], label: "'&'" });
export const Concat = createToken({ name: 'Concat', pattern: '||', categories: [ArithmeticOperator], label: "'||'" });
export const Pipe = createToken({ name: 'Pipe', pattern: '|', categories: [ArithmeticOperator], label: "'|'" });
export const NullSafeEq = createToken({ name: 'NullSafeEq', pattern: '<=>', categories: [InfixOperator], label: "'<=>'" });
/** `=` and `==` mean the same. */
export const Eq = createToken({ name: 'Eq', pattern: /==?/, categories: [InfixOperator], label: "'='" });
/** `<>` and `!=` mean the same. */
export const NotEq = createToken({ name: 'NotEq', pattern: /<>|!=/, categories: [InfixOperator], label: "'<>'" });
export const LtEq = createToken({ name: 'LtEq', pattern: '<=', categories: [InfixOperator], label: "'<='" });
export const GtEq = createToken({ name: 'GtEq', pattern: '>=', categories: [InfixOperator], label: "'>='" });
export const Lt = createToken({ name: 'Lt', pattern: '<', categories: [InfixOperator], label: "'<'" });
/** `>` is never lexed as `>>`, so nested types such as `array<array<int>>` close naturally. */
export const Gt = createToken({ name: 'Gt', pattern: '>', categories: [InfixOperator], label: "'>'" });
/** Spark's `!` is a synonym of NOT. */
export const Bang = createToken({ name: 'Bang', pattern: '!', categories: [PrefixOperator], label: "'!'" });

// ---------------------------------------------------------------- lexer order

/** Keywords sorted longest first so that a keyword that prefixes another (`IN`, `INNER`) never shadows it. */
export const keywordTokens: readonly TokenType[] = [...keywordList].sort(
  (a, b) => b.name.length - a.name.length || a.name.localeCompare(b.name),
);

/** The lexer's token list, in matching order. */
export const allTokens: readonly TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  StringLiteral,
  UnterminatedString,
  BinaryLiteral,
  QuotedIdentifier,
  UnterminatedQuotedIdentifier,
  NumberLiteral,
  ...keywordTokens,
  Identifier,
  Semicolon,
  Comma,
  LParen,
  RParen,
  LBracket,
  RBracket,
  DoubleColon,
  Colon,
  Dot,
  Star,
  Slash,
  Percent,
  Plus,
  Minus,
  Tilde,
  Caret,
  Ampersand,
  Concat,
  Pipe,
  NullSafeEq,
  Eq,
  NotEq,
  LtEq,
  GtEq,
  Lt,
  Gt,
  Bang,
  Keyword,
  NonReserved,
  Aliasable,
  InfixOperator,
  ArithmeticOperator,
  PrefixOperator,
];
