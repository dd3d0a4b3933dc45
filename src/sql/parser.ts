/**
 * The grammar: a chevrotain CstParser over the tokens of `tokens.ts`, producing a concrete syntax tree that
 * `ast-builder.ts` turns into the AST of `ast.ts`. The rule names double as the CST node names; the CST typings
 * in `cst-types.ts` are generated from this grammar (see test/sql/cst-types.test.ts), never written by hand.
 *
 * Expressions are read as flat chains (operand, operator, operand, …, with predicates such as IS NULL or
 * BETWEEN in between) and the AST builder applies Spark's precedence (see expression-folder.ts): a rule per
 * precedence level would cost a dozen CST nodes per operand. Set operations: INTERSECT binds tighter than
 * UNION / EXCEPT / MINUS; all are left-associative.
 *
 * Where a name may also be a keyword (`date`, `first`, `end`…), alternatives are ordered so that the keyword
 * reading wins when the following tokens fit it (`DATE '2020-01-01'`) and the name reading otherwise; those
 * choices are marked IGNORE_AMBIGUITIES because the order is the intended disambiguation.
 */
import { CstParser, EOF, type IOrAlt, type IToken, type OrMethodOpts, type TokenType } from 'chevrotain';
import { parserErrorMessages } from './parse-error-messages.js';
import * as T from './tokens.js';

/** Full unit names only, as Spark's SQL syntax: abbreviations such as `m` or `s` are too easily aliases. */
const INTERVAL_UNITS = new Set([
  'year', 'years', 'month', 'months', 'week', 'weeks', 'day', 'days', 'hour', 'hours', 'minute', 'minutes',
  'second', 'seconds', 'millisecond', 'milliseconds', 'microsecond', 'microseconds',
]);

/** True when a token is an interval unit word (`DAY`, `minutes`…); units are plain names, not keywords. */
export function isIntervalUnit(tok: IToken): boolean {
  return tok.tokenType === T.Identifier && INTERVAL_UNITS.has(tok.image.toLowerCase());
}

const COMPLEX_TYPE_NAMES = new Set(['array', 'map', 'struct']);

const SPECIAL_FUNCTIONS = new Set<TokenType>([T.EXTRACT, T.SUBSTRING, T.SUBSTR, T.TRIM, T.POSITION]);

export class SqlParser extends CstParser {
  constructor() {
    super(T.allTokens as TokenType[], {
      // Two tokens of lookahead decide every choice; gates handle the few that look at a token's text. (A larger k
      // makes the grammar analysis explode combinatorially over the keyword categories.)
      maxLookahead: 2,
      recoveryEnabled: false,
      errorMessageProvider: parserErrorMessages,
    });
    this.performSelfAnalysis();
  }

  /*
   * Alternatives and repetition bodies of the hottest rules, built once: chevrotain takes them as fresh arrays
   * and closures on every call otherwise, and that allocation dominated parse time.
   */
  private expressionTail?: () => void;
  private expressionTailAlternatives?: IOrAlt<void>[];
  private operandPrefix?: () => void;
  private operandAlternatives?: OrMethodOpts<void>;
  private operandPostfix?: () => void;
  private columnNameAlternatives?: IOrAlt<void>[];
  private columnPathPart?: () => void;
  private columnPartAlternatives?: IOrAlt<void>[];
  private columnStar?: () => void;
  private functionNameAlternatives?: IOrAlt<void>[];
  private functionArguments?: () => void;
  private functionArgumentAlternatives?: OrMethodOpts<void>;
  private functionFilter?: () => void;
  private functionOver?: () => void;

  // ============================================================== statements

  statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.query) },
      { ALT: () => this.SUBRULE(this.createStatement) },
      { ALT: () => this.SUBRULE(this.insertStatement) },
      { ALT: () => this.SUBRULE(this.dropStatement) },
      { ALT: () => this.SUBRULE(this.showStatement) },
      { ALT: () => this.SUBRULE(this.describeStatement) },
      { ALT: () => this.SUBRULE(this.explainStatement) },
      { ALT: () => this.SUBRULE(this.stopStatement) },
    ]);
  });

  createStatement = this.RULE('createStatement', () => {
    this.CONSUME(T.CREATE);
    this.OPTION(() => {
      this.CONSUME(T.OR);
      this.CONSUME(T.REPLACE);
    });
    this.OPTION2(() => {
      this.OR([{ ALT: () => this.CONSUME(T.TEMP) }, { ALT: () => this.CONSUME(T.TEMPORARY) }]);
    });
    this.OR2([
      { ALT: () => this.SUBRULE(this.createTableBody) },
      { ALT: () => this.SUBRULE(this.createSourceBody) },
      { ALT: () => this.SUBRULE(this.createSinkBody) },
      { ALT: () => this.SUBRULE(this.createViewBody) },
    ]);
  });

  createTableBody = this.RULE('createTableBody', () => {
    this.CONSUME(T.TABLE);
    this.OPTION(() => this.SUBRULE(this.ifNotExists));
    this.SUBRULE(this.qualifiedName);
    this.OPTION2(() => this.SUBRULE(this.tableElementList));
    this.OPTION3(() => this.SUBRULE(this.usingClause));
    this.OPTION4(() => this.SUBRULE(this.optionsClause));
    this.OPTION5(() => {
      this.CONSUME(T.AS);
      this.SUBRULE(this.query);
    });
  });

  createSourceBody = this.RULE('createSourceBody', () => {
    this.CONSUME(T.SOURCE);
    this.OPTION(() => this.SUBRULE(this.ifNotExists));
    this.SUBRULE(this.qualifiedName);
    this.OPTION2(() => this.SUBRULE(this.tableElementList));
    this.OPTION3(() => this.SUBRULE(this.usingClause));
    this.OPTION4(() => this.SUBRULE(this.optionsClause));
  });

  createSinkBody = this.RULE('createSinkBody', () => {
    this.CONSUME(T.SINK);
    this.OPTION(() => this.SUBRULE(this.ifNotExists));
    this.SUBRULE(this.qualifiedName);
    this.OPTION2(() => this.SUBRULE(this.optionsClause));
    this.OPTION3(() => {
      this.CONSUME(T.AS);
      this.SUBRULE(this.query);
    });
  });

  createViewBody = this.RULE('createViewBody', () => {
    this.CONSUME(T.VIEW);
    this.OPTION(() => this.SUBRULE(this.ifNotExists));
    this.SUBRULE(this.qualifiedName);
    this.OPTION2(() => this.SUBRULE(this.identifierList));
    this.CONSUME(T.AS);
    this.SUBRULE(this.query);
  });

  ifNotExists = this.RULE('ifNotExists', () => {
    this.CONSUME(T.IF);
    this.CONSUME(T.NOT);
    this.CONSUME(T.EXISTS);
  });

  tableElementList = this.RULE('tableElementList', () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, ERR_MSG: 'a column definition', DEF: () => this.SUBRULE(this.tableElement) });
    this.CONSUME(T.RParen);
  });

  tableElement = this.RULE('tableElement', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.watermarkDefinition) },
        { ALT: () => this.SUBRULE(this.columnDefinition) },
      ],
    });
  });

  /** `name type [NOT NULL]`; Spark's DDL strings also allow `name: type`. */
  columnDefinition = this.RULE('columnDefinition', () => {
    this.SUBRULE(this.anyWord);
    this.OPTION(() => this.CONSUME(T.Colon));
    this.SUBRULE(this.dataType);
    this.OPTION2(() => {
      this.CONSUME(T.NOT);
      this.CONSUME(T.NULL);
    });
  });

  /** `WATERMARK FOR ts AS ts - INTERVAL '10' MINUTES`. */
  watermarkDefinition = this.RULE('watermarkDefinition', () => {
    this.CONSUME(T.WATERMARK);
    this.CONSUME(T.FOR);
    this.SUBRULE(this.identifier);
    this.CONSUME(T.AS);
    this.SUBRULE(this.expression);
  });

  /** The column list of a DDL schema string: `a INT, b STRING NOT NULL`. */
  schemaString = this.RULE('schemaString', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, ERR_MSG: 'a column definition', DEF: () => this.SUBRULE(this.columnDefinition) });
  });

  usingClause = this.RULE('usingClause', () => {
    this.CONSUME(T.USING);
    this.SUBRULE(this.anyWord);
  });

  /** `WITH (k = v, …)` or Spark's `OPTIONS (k v, …)`; the `=` is optional in both. */
  optionsClause = this.RULE('optionsClause', () => {
    this.OR([{ ALT: () => this.CONSUME(T.WITH) }, { ALT: () => this.CONSUME(T.OPTIONS) }]);
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.optionEntry) });
    this.CONSUME(T.RParen);
  });

  optionEntry = this.RULE('optionEntry', () => {
    this.SUBRULE(this.optionKey);
    this.OPTION(() => this.CONSUME(T.Eq));
    this.SUBRULE(this.optionValue);
  });

  /** `kafka.bootstrap.servers`, `'kafka.bootstrap.servers'`, `path`: any words, dotted. */
  optionKey = this.RULE('optionKey', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      {
        ALT: () => {
          this.SUBRULE(this.anyWord);
          this.MANY(() => {
            this.CONSUME(T.Dot);
            this.SUBRULE2(this.anyWord);
          });
        },
      },
    ]);
  });

  optionValue = this.RULE('optionValue', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.CONSUME(T.StringLiteral) },
        {
          ALT: () => {
            this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }]));
            this.CONSUME(T.NumberLiteral);
          },
        },
        { ALT: () => this.CONSUME(T.TRUE) },
        { ALT: () => this.CONSUME(T.FALSE) },
        {
          ALT: () => {
            this.SUBRULE(this.anyWord);
            this.MANY(() => {
              this.CONSUME(T.Dot);
              this.SUBRULE2(this.anyWord);
            });
          },
        },
      ],
    });
  });

  insertStatement = this.RULE('insertStatement', () => {
    this.CONSUME(T.INSERT);
    this.OR([{ ALT: () => this.CONSUME(T.INTO) }, { ALT: () => this.CONSUME(T.OVERWRITE) }]);
    // `TABLE` is optional, and also a valid table name: only a keyword when a name follows.
    this.OPTION({ GATE: () => this.isNameToken(this.LA(2)), DEF: () => this.CONSUME(T.TABLE) });
    this.SUBRULE(this.qualifiedName);
    this.OPTION2(() => this.SUBRULE(this.identifierList));
    this.SUBRULE(this.query);
  });

  dropStatement = this.RULE('dropStatement', () => {
    this.CONSUME(T.DROP);
    this.OR([
      { ALT: () => this.CONSUME(T.TABLE) },
      { ALT: () => this.CONSUME(T.VIEW) },
      { ALT: () => this.CONSUME(T.SOURCE) },
      { ALT: () => this.CONSUME(T.SINK) },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.IF);
      this.CONSUME(T.EXISTS);
    });
    this.SUBRULE(this.qualifiedName);
  });

  showStatement = this.RULE('showStatement', () => {
    this.CONSUME(T.SHOW);
    this.OR([
      { ALT: () => this.CONSUME(T.TABLES) },
      { ALT: () => this.CONSUME(T.VIEWS) },
      { ALT: () => this.CONSUME(T.SOURCES) },
      { ALT: () => this.CONSUME(T.SINKS) },
      { ALT: () => this.CONSUME(T.QUERIES) },
      { ALT: () => this.CONSUME(T.FUNCTIONS) },
    ]);
  });

  describeStatement = this.RULE('describeStatement', () => {
    this.OR([{ ALT: () => this.CONSUME(T.DESCRIBE) }, { ALT: () => this.CONSUME(T.DESC) }]);
    this.OR2({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.LA(2).tokenType !== T.Dot && this.LA(2).tokenType !== EOF,
          ALT: () => {
            this.CONSUME(T.QUERY);
            this.SUBRULE(this.queryId);
          },
        },
        {
          ALT: () => {
            this.OPTION({ GATE: () => this.isNameToken(this.LA(2)), DEF: () => this.CONSUME(T.EXTENDED) });
            this.OPTION2({ GATE: () => this.isNameToken(this.LA(2)), DEF: () => this.CONSUME(T.TABLE) });
            this.SUBRULE(this.qualifiedName);
          },
        },
      ],
    });
  });

  explainStatement = this.RULE('explainStatement', () => {
    this.CONSUME(T.EXPLAIN);
    this.OPTION(() => this.CONSUME(T.EXTENDED));
    this.SUBRULE(this.statement);
  });

  stopStatement = this.RULE('stopStatement', () => {
    this.CONSUME(T.STOP);
    this.CONSUME(T.QUERY);
    this.SUBRULE(this.queryId);
  });

  /**
   * A query id: a string, or unquoted text such as a number, a name or a UUID (`550e8400-e29b-…`), which lexes
   * as several tokens; the builder takes their text as written.
   */
  queryId = this.RULE('queryId', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      {
        ALT: () => {
          this.AT_LEAST_ONE({
            ERR_MSG: 'a query id',
            DEF: () =>
              this.OR2([
                { ALT: () => this.CONSUME(T.NumberLiteral) },
                { ALT: () => this.CONSUME(T.Minus) },
                { ALT: () => this.SUBRULE(this.anyWord) },
              ]),
          });
        },
      },
    ]);
  });

  // ============================================================== queries

  /** CTEs, a body, then ORDER BY / LIMIT / OFFSET / EMIT CHANGES applying to the body's result. */
  query = this.RULE('query', () => {
    this.OPTION(() => this.SUBRULE(this.withClause));
    this.SUBRULE(this.queryTerm);
    this.OPTION2(() => this.SUBRULE(this.orderByClause));
    this.OPTION3(() => this.SUBRULE(this.limitClause));
    // ksqlDB writes `EMIT CHANGES LIMIT n`, SQL `LIMIT n`; both orders are accepted.
    this.OPTION4(() => {
      this.CONSUME(T.EMIT);
      this.CONSUME(T.CHANGES);
      this.OPTION5(() => this.SUBRULE2(this.limitClause));
    });
  });

  withClause = this.RULE('withClause', () => {
    this.CONSUME(T.WITH);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, ERR_MSG: 'a common table expression: name AS (query)', DEF: () => this.SUBRULE(this.commonTableExpression) });
  });

  commonTableExpression = this.RULE('commonTableExpression', () => {
    this.SUBRULE(this.identifier);
    this.OPTION(() => this.SUBRULE(this.identifierList));
    this.OPTION2(() => this.CONSUME(T.AS));
    this.CONSUME(T.LParen);
    this.SUBRULE(this.query);
    this.CONSUME(T.RParen);
  });

  /** UNION / EXCEPT / MINUS level. */
  queryTerm = this.RULE('queryTerm', () => {
    this.SUBRULE(this.queryIntersect);
    this.MANY(() => {
      this.SUBRULE(this.unionOperator);
      this.SUBRULE2(this.queryIntersect);
    });
  });

  unionOperator = this.RULE('unionOperator', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.UNION) },
      { ALT: () => this.CONSUME(T.EXCEPT) },
      { ALT: () => this.CONSUME(T.MINUS) },
    ]);
    this.OPTION(() => this.SUBRULE(this.setQuantifier));
  });

  queryIntersect = this.RULE('queryIntersect', () => {
    this.SUBRULE(this.queryPrimary);
    this.MANY(() => {
      this.SUBRULE(this.intersectOperator);
      this.SUBRULE2(this.queryPrimary);
    });
  });

  intersectOperator = this.RULE('intersectOperator', () => {
    this.CONSUME(T.INTERSECT);
    this.OPTION(() => this.SUBRULE(this.setQuantifier));
  });

  setQuantifier = this.RULE('setQuantifier', () => {
    this.OR([{ ALT: () => this.CONSUME(T.ALL) }, { ALT: () => this.CONSUME(T.DISTINCT) }]);
  });

  queryPrimary = this.RULE('queryPrimary', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.selectBody) },
      { ALT: () => this.SUBRULE(this.valuesBody) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.query);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  selectBody = this.RULE('selectBody', () => {
    this.CONSUME(T.SELECT);
    this.OPTION(() => this.SUBRULE(this.setQuantifier));
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, ERR_MSG: 'an expression', DEF: () => this.SUBRULE(this.selectItem) });
    this.OPTION2(() => this.SUBRULE(this.fromClause));
    this.OPTION3(() => {
      this.CONSUME(T.WHERE);
      this.SUBRULE(this.expression, { LABEL: 'where' });
    });
    this.OPTION4(() => {
      this.CONSUME(T.GROUP);
      this.CONSUME(T.BY);
      this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, ERR_MSG: 'an expression', DEF: () => this.SUBRULE2(this.expression, { LABEL: 'groupBy' }) });
    });
    this.OPTION5(() => {
      this.CONSUME(T.HAVING);
      this.SUBRULE3(this.expression, { LABEL: 'having' });
    });
  });

  /** `expr [AS] alias`; `*` and `t.*` arrive as star expressions. */
  selectItem = this.RULE('selectItem', () => {
    this.SUBRULE(this.expression);
    this.OPTION(() => this.SUBRULE(this.alias));
  });

  /** An alias, with `AS` (any name) or without (a name that cannot start the next clause). */
  alias = this.RULE('alias', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.AS);
          this.SUBRULE(this.identifier);
        },
      },
      { ALT: () => this.SUBRULE(this.bareAlias) },
    ]);
  });

  bareAlias = this.RULE('bareAlias', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.QuotedIdentifier) },
      { ALT: () => this.CONSUME(T.Aliasable) },
    ]);
  });

  /** `VALUES (1, 'a'), (2, 'b')`; a row of one value may omit its parentheses (`VALUES 1, 2`). */
  valuesBody = this.RULE('valuesBody', () => {
    this.CONSUME(T.VALUES);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, ERR_MSG: 'a row of values', DEF: () => this.SUBRULE(this.valuesRow) });
  });

  valuesRow = this.RULE('valuesRow', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.AT_LEAST_ONE_SEP({ SEP: T.Comma, ERR_MSG: 'an expression', DEF: () => this.SUBRULE(this.expression) });
            this.CONSUME(T.RParen);
          },
        },
        { ALT: () => this.SUBRULE2(this.expression) },
      ],
    });
  });

  orderByClause = this.RULE('orderByClause', () => {
    this.CONSUME(T.ORDER);
    this.CONSUME(T.BY);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, ERR_MSG: 'an expression', DEF: () => this.SUBRULE(this.orderItem) });
  });

  orderItem = this.RULE('orderItem', () => {
    this.SUBRULE(this.expression);
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.ASC) }, { ALT: () => this.CONSUME(T.DESC) }]));
    this.OPTION2(() => {
      this.CONSUME(T.NULLS);
      this.OR2([{ ALT: () => this.CONSUME(T.FIRST) }, { ALT: () => this.CONSUME(T.LAST) }]);
    });
  });

  /** `LIMIT n [OFFSET m]` or `OFFSET m [LIMIT n]`; `LIMIT ALL` means no limit. */
  limitClause = this.RULE('limitClause', () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.limitPart);
          this.OPTION(() => this.SUBRULE(this.offsetPart));
        },
      },
      {
        ALT: () => {
          this.SUBRULE2(this.offsetPart);
          this.OPTION2(() => this.SUBRULE2(this.limitPart));
        },
      },
    ]);
  });

  limitPart = this.RULE('limitPart', () => {
    this.CONSUME(T.LIMIT);
    this.OR([{ ALT: () => this.CONSUME(T.ALL) }, { ALT: () => this.SUBRULE(this.expression) }]);
  });

  offsetPart = this.RULE('offsetPart', () => {
    this.CONSUME(T.OFFSET);
    this.SUBRULE(this.expression);
  });

  // ============================================================== relations

  fromClause = this.RULE('fromClause', () => {
    this.CONSUME(T.FROM);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, ERR_MSG: 'a table name, a subquery or VALUES', DEF: () => this.SUBRULE(this.relation) });
  });

  relation = this.RULE('relation', () => {
    this.SUBRULE(this.relationPrimary);
    this.MANY(() => this.SUBRULE(this.joinPart));
  });

  joinPart = this.RULE('joinPart', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.CROSS);
          this.CONSUME(T.JOIN);
          this.SUBRULE(this.relationPrimary);
        },
      },
      {
        ALT: () => {
          this.OPTION(() => this.SUBRULE(this.joinType));
          this.CONSUME2(T.JOIN);
          this.SUBRULE2(this.relationPrimary);
          this.OPTION2(() => this.SUBRULE(this.joinCriteria));
        },
      },
      {
        // A natural join takes its USING columns from the two sides, so it has no criteria of its own.
        ALT: () => {
          this.CONSUME(T.NATURAL);
          this.OPTION3(() => this.SUBRULE2(this.joinType));
          this.CONSUME3(T.JOIN);
          this.SUBRULE3(this.relationPrimary);
        },
      },
    ]);
  });

  joinType = this.RULE('joinType', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.INNER) },
      {
        ALT: () => {
          this.CONSUME(T.LEFT);
          this.OPTION(() =>
            this.OR2([
              { ALT: () => this.CONSUME(T.OUTER) },
              { ALT: () => this.CONSUME(T.SEMI) },
              { ALT: () => this.CONSUME(T.ANTI) },
            ]),
          );
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.RIGHT);
          this.OPTION2(() => this.CONSUME2(T.OUTER));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.FULL);
          this.OPTION3(() => this.CONSUME3(T.OUTER));
        },
      },
      { ALT: () => this.CONSUME2(T.SEMI) },
      { ALT: () => this.CONSUME2(T.ANTI) },
    ]);
  });

  joinCriteria = this.RULE('joinCriteria', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.ON);
          this.SUBRULE(this.expression);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.USING);
          this.SUBRULE(this.identifierList);
        },
      },
    ]);
  });

  relationPrimary = this.RULE('relationPrimary', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.isQueryStart(this.LA(2)),
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.query);
            this.CONSUME(T.RParen);
          },
        },
        { ALT: () => this.SUBRULE(this.valuesBody) },
        { GATE: () => this.LA(2).tokenType === T.LParen, ALT: () => this.SUBRULE(this.tableFunction) },
        { ALT: () => this.SUBRULE(this.qualifiedName) },
      ],
    });
    this.OPTION(() => this.SUBRULE(this.tableAlias));
  });

  tableAlias = this.RULE('tableAlias', () => {
    this.SUBRULE(this.alias);
    this.OPTION(() => this.SUBRULE(this.identifierList));
  });

  /** `TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '5' MINUTES)`, `range(10)`. */
  tableFunction = this.RULE('tableFunction', () => {
    this.SUBRULE(this.functionName);
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.tableFunctionArg) });
    this.CONSUME(T.RParen);
  });

  tableFunctionArg = this.RULE('tableFunctionArg', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.isNameToken(this.LA(2)),
          ALT: () => {
            this.CONSUME(T.TABLE);
            this.SUBRULE(this.qualifiedName);
          },
        },
        {
          GATE: () => this.LA(2).tokenType === T.LParen,
          ALT: () => {
            this.CONSUME(T.DESCRIPTOR);
            this.SUBRULE(this.identifierList);
          },
        },
        { ALT: () => this.SUBRULE(this.expression) },
      ],
    });
  });

  // ============================================================== expressions

  /**
   * A full expression: operands joined by infix operators, with predicates (IS, BETWEEN, IN, LIKE…) applying
   * to what precedes them. The chain is flat; `expression-folder.ts` applies precedence.
   */
  expression = this.RULE('expression', () => {
    this.SUBRULE(this.operand);
    this.MANY(
      (this.expressionTail ??= () => {
        this.OR(
          (this.expressionTailAlternatives ??= [
            {
              ALT: () => {
                this.CONSUME(T.InfixOperator, { LABEL: 'operator' });
                this.SUBRULE2(this.operand);
              },
            },
            { ALT: () => this.SUBRULE(this.predicate) },
          ]),
        );
      }),
    );
  });

  /** An expression without AND, OR, comparisons or predicates: BETWEEN bounds, LIKE patterns, frame offsets. */
  arithmeticExpression = this.RULE('arithmeticExpression', () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.CONSUME(T.ArithmeticOperator, { LABEL: 'operator' });
      this.SUBRULE2(this.operand);
    });
  });

  predicate = this.RULE('predicate', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.IS);
          this.OPTION(() => this.CONSUME(T.NOT, { LABEL: 'isNot' }));
          this.OR2([
            { ALT: () => this.CONSUME(T.NULL) },
            { ALT: () => this.CONSUME(T.TRUE) },
            { ALT: () => this.CONSUME(T.FALSE) },
            { ALT: () => this.CONSUME(T.UNKNOWN) },
            {
              ALT: () => {
                this.CONSUME(T.DISTINCT);
                this.CONSUME(T.FROM);
                this.SUBRULE(this.arithmeticExpression, { LABEL: 'distinctFrom' });
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => this.CONSUME2(T.NOT, { LABEL: 'negation' }));
          this.OR3([
            {
              ALT: () => {
                this.CONSUME(T.BETWEEN);
                this.SUBRULE2(this.arithmeticExpression, { LABEL: 'low' });
                this.CONSUME(T.AND);
                this.SUBRULE3(this.arithmeticExpression, { LABEL: 'high' });
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.IN);
                this.CONSUME(T.LParen);
                this.OR4({
                  IGNORE_AMBIGUITIES: true,
                  ERR_MSG: 'a subquery or a list of values',
                  DEF: [
                    { GATE: () => this.isQueryStart(this.LA(1)), ALT: () => this.SUBRULE(this.query) },
                    {
                      ALT: () =>
                        this.AT_LEAST_ONE_SEP({ SEP: T.Comma, ERR_MSG: 'a subquery or a list of values', DEF: () => this.SUBRULE(this.expression) }),
                    },
                  ],
                });
                this.CONSUME(T.RParen);
              },
            },
            {
              ALT: () => {
                this.OR5([
                  { ALT: () => this.CONSUME(T.LIKE, { LABEL: 'likeOperator' }) },
                  { ALT: () => this.CONSUME(T.ILIKE, { LABEL: 'likeOperator' }) },
                  { ALT: () => this.CONSUME(T.RLIKE, { LABEL: 'likeOperator' }) },
                  { ALT: () => this.CONSUME(T.REGEXP, { LABEL: 'likeOperator' }) },
                ]);
                this.SUBRULE4(this.arithmeticExpression, { LABEL: 'pattern' });
                this.OPTION3(() => {
                  this.CONSUME(T.ESCAPE);
                  this.CONSUME(T.StringLiteral);
                });
              },
            },
          ]);
        },
      },
    ]);
  });

  /**
   * Prefix operators (`NOT`, `-`, `+`, `~`), a primary, then postfix operations (`[i]`, `.field`, `::type`).
   * Literals and star are inlined here rather than sub-rules: operands are the most frequent nodes by far, and
   * every rule level costs a CST node.
   */
  operand = this.RULE('operand', () => {
    this.MANY((this.operandPrefix ??= () => this.CONSUME(T.PrefixOperator, { LABEL: 'prefix' })));
    // Ordered by frequency: the alternatives are tried in turn for every operand.
    this.OR(
      (this.operandAlternatives ??= {
        IGNORE_AMBIGUITIES: true,
        ERR_MSG: 'an expression',
        DEF: [
          { ALT: () => this.SUBRULE(this.specialFunction) },
          { ALT: () => this.SUBRULE(this.functionCall) },
          { ALT: () => this.SUBRULE(this.typedLiteral) },
          { ALT: () => this.SUBRULE(this.columnReference) },
          { ALT: () => this.CONSUME(T.NumberLiteral) },
          { ALT: () => this.AT_LEAST_ONE(() => this.CONSUME(T.StringLiteral)) },
          // `((…` is a parenthesised expression (which may hold a subquery); `(SELECT` a subquery.
          { ALT: () => this.SUBRULE(this.parenthesizedExpression) },
          { ALT: () => this.SUBRULE(this.subqueryExpression) },
          { ALT: () => this.CONSUME(T.NULL) },
          { ALT: () => this.CONSUME(T.TRUE) },
          { ALT: () => this.CONSUME(T.FALSE) },
          { ALT: () => this.CONSUME(T.BinaryLiteral) },
          { ALT: () => this.CONSUME(T.Star) },
          { ALT: () => this.SUBRULE(this.intervalLiteral) },
          { ALT: () => this.SUBRULE(this.caseExpression) },
          { ALT: () => this.SUBRULE(this.castExpression) },
          { ALT: () => this.SUBRULE(this.existsExpression) },
        ],
      }),
    );
    this.MANY2((this.operandPostfix ??= () => this.SUBRULE(this.postfixOp)));
  });
  /** `arr[0]`, `(expr).field`, `x::int`, applied left to right. */
  postfixOp = this.RULE('postfixOp', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RBracket);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          this.SUBRULE(this.anyWord);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.DoubleColon);
          this.SUBRULE(this.dataType);
        },
      },
    ]);
  });

  subqueryExpression = this.RULE('subqueryExpression', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.query);
    this.CONSUME(T.RParen);
  });

  /** `(expr)`; `(a, b)` is a struct, as in Spark. */
  parenthesizedExpression = this.RULE('parenthesizedExpression', () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, ERR_MSG: 'an expression', DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RParen);
  });

  typedLiteral = this.RULE('typedLiteral', () => {
    this.OR([{ ALT: () => this.CONSUME(T.DATE) }, { ALT: () => this.CONSUME(T.TIMESTAMP) }]);
    this.CONSUME(T.StringLiteral);
  });

  /**
   * `INTERVAL '90' MINUTE`, `INTERVAL 90 MINUTES`, `INTERVAL '10 minutes'`, `INTERVAL '1' DAY '2' HOURS`,
   * `INTERVAL '1:30' HOUR TO MINUTE`, `INTERVAL -5 SECONDS`. Further parts are taken only when a value and a
   * unit follow, so `INTERVAL '1' DAY - x` stays a subtraction.
   */
  intervalLiteral = this.RULE('intervalLiteral', () => {
    this.CONSUME(T.INTERVAL);
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }]));
    this.SUBRULE(this.intervalPart);
    this.MANY({
      GATE: () => {
        const next = this.LA(1).tokenType;
        return (next === T.StringLiteral || next === T.NumberLiteral) && isIntervalUnit(this.LA(2));
      },
      DEF: () => this.SUBRULE2(this.intervalPart),
    });
  });

  intervalPart = this.RULE('intervalPart', () => {
    this.OR([{ ALT: () => this.CONSUME(T.StringLiteral) }, { ALT: () => this.CONSUME(T.NumberLiteral) }]);
    this.OPTION({
      GATE: () => isIntervalUnit(this.LA(1)),
      DEF: () => {
        this.CONSUME(T.Identifier, { LABEL: 'unit' });
        this.OPTION2({
          GATE: () => isIntervalUnit(this.LA(2)),
          DEF: () => {
            this.CONSUME(T.TO);
            this.CONSUME2(T.Identifier, { LABEL: 'toUnit' });
          },
        });
      },
    });
  });

  caseExpression = this.RULE('caseExpression', () => {
    this.CONSUME(T.CASE);
    this.OPTION(() => this.SUBRULE(this.expression, { LABEL: 'operand' }));
    this.AT_LEAST_ONE({ ERR_MSG: "'WHEN'", DEF: () => this.SUBRULE(this.whenClause) });
    this.OPTION2(() => {
      this.CONSUME(T.ELSE);
      this.SUBRULE2(this.expression, { LABEL: 'otherwise' });
    });
    this.CONSUME(T.END);
  });

  whenClause = this.RULE('whenClause', () => {
    this.CONSUME(T.WHEN);
    this.SUBRULE(this.expression, { LABEL: 'condition' });
    this.CONSUME(T.THEN);
    this.SUBRULE2(this.expression, { LABEL: 'result' });
  });

  castExpression = this.RULE('castExpression', () => {
    this.OR([{ ALT: () => this.CONSUME(T.CAST) }, { ALT: () => this.CONSUME(T.TRY_CAST) }]);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.AS);
    this.SUBRULE(this.dataType);
    this.CONSUME(T.RParen);
  });

  existsExpression = this.RULE('existsExpression', () => {
    this.CONSUME(T.EXISTS);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.query);
    this.CONSUME(T.RParen);
  });

  /** Functions with their own argument syntax (SQL standard forms with FROM, FOR, IN, BOTH…). */
  specialFunction = this.RULE('specialFunction', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.extractExpression) },
      { ALT: () => this.SUBRULE(this.substringExpression) },
      { ALT: () => this.SUBRULE(this.trimExpression) },
      { ALT: () => this.SUBRULE(this.positionExpression) },
    ]);
  });

  /** `extract(YEAR FROM ts)`. */
  extractExpression = this.RULE('extractExpression', () => {
    this.CONSUME(T.EXTRACT);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.identifier);
    this.CONSUME(T.FROM);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });

  /** `substring(s FROM 2 FOR 3)` and the plain call form `substring(s, 2, 3)`. */
  substringExpression = this.RULE('substringExpression', () => {
    this.OR([{ ALT: () => this.CONSUME(T.SUBSTRING) }, { ALT: () => this.CONSUME(T.SUBSTR) }]);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.OR2([{ ALT: () => this.CONSUME(T.FROM) }, { ALT: () => this.CONSUME(T.Comma) }]);
      this.SUBRULE2(this.expression);
      this.OPTION2(() => {
        this.OR3([{ ALT: () => this.CONSUME(T.FOR) }, { ALT: () => this.CONSUME2(T.Comma) }]);
        this.SUBRULE3(this.expression);
      });
    });
    this.CONSUME(T.RParen);
  });

  /** `trim(s)`, `trim(s, chars)`, `trim([BOTH|LEADING|TRAILING] [chars] FROM s)`. */
  trimExpression = this.RULE('trimExpression', () => {
    this.CONSUME(T.TRIM);
    this.CONSUME(T.LParen);
    this.OPTION({
      GATE: () => this.LA(2).tokenType !== T.RParen && this.LA(2).tokenType !== T.Comma,
      DEF: () =>
        this.OR([
          { ALT: () => this.CONSUME(T.BOTH) },
          { ALT: () => this.CONSUME(T.LEADING) },
          { ALT: () => this.CONSUME(T.TRAILING) },
        ]),
    });
    this.OPTION2(() => this.SUBRULE(this.expression, { LABEL: 'first' }));
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(T.FROM);
          this.SUBRULE2(this.expression, { LABEL: 'source' });
        },
      },
      {
        ALT: () => {
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE3(this.expression, { LABEL: 'rest' });
          });
        },
      },
    ]);
    this.CONSUME(T.RParen);
  });

  /** `position(sub IN s)` and the call form `position(sub, s[, start])`. */
  positionExpression = this.RULE('positionExpression', () => {
    this.CONSUME(T.POSITION);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.arithmeticExpression, { LABEL: 'first' });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.IN);
          this.SUBRULE2(this.arithmeticExpression, { LABEL: 'source' });
        },
      },
      {
        ALT: () => {
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE(this.expression, { LABEL: 'rest' });
          });
        },
      },
    ]);
    this.CONSUME(T.RParen);
  });

  /** `f(args)`, `f(DISTINCT args)`, `count(*)`, then `FILTER (WHERE …)` and `OVER (…)`. */
  functionCall = this.RULE('functionCall', () => {
    this.OR2(
      (this.functionNameAlternatives ??= [
        { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'name' }) },
        { ALT: () => this.CONSUME(T.QuotedIdentifier, { LABEL: 'name' }) },
        { ALT: () => this.CONSUME(T.NonReserved, { LABEL: 'name' }) },
        { ALT: () => this.CONSUME(T.LEFT, { LABEL: 'name' }) },
        { ALT: () => this.CONSUME(T.RIGHT, { LABEL: 'name' }) },
      ]),
    );
    this.CONSUME(T.LParen);
    this.OPTION(
      (this.functionArguments ??= () => {
        this.OR(
          (this.functionArgumentAlternatives ??= {
            IGNORE_AMBIGUITIES: true,
            DEF: [
              { ALT: () => this.CONSUME(T.Star) },
              {
                ALT: () => {
                  this.OPTION2(() => this.SUBRULE(this.setQuantifier));
                  this.AT_LEAST_ONE_SEP({ SEP: T.Comma, ERR_MSG: 'an expression', DEF: () => this.SUBRULE(this.expression) });
                },
              },
            ],
          }),
        );
      }),
    );
    this.CONSUME(T.RParen);
    this.OPTION3(
      (this.functionFilter ??= () => {
        this.CONSUME(T.FILTER);
        this.CONSUME2(T.LParen);
        this.CONSUME(T.WHERE);
        this.SUBRULE2(this.expression, { LABEL: 'filter' });
        this.CONSUME2(T.RParen);
      }),
    );
    this.OPTION4(
      (this.functionOver ??= () => {
        this.CONSUME(T.OVER);
        this.SUBRULE(this.windowSpec);
      }),
    );
  });

  /** Function names may be reserved words that Spark also uses as functions: `left(s, 2)`, `right(s, 2)`. */
  functionName = this.RULE('functionName', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.identifier) },
      { ALT: () => this.CONSUME(T.LEFT) },
      { ALT: () => this.CONSUME(T.RIGHT) },
    ]);
  });

  windowSpec = this.RULE('windowSpec', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.CONSUME(T.PARTITION);
      this.CONSUME(T.BY);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, ERR_MSG: 'an expression', DEF: () => this.SUBRULE(this.expression) });
    });
    this.OPTION2(() => {
      this.CONSUME(T.ORDER);
      this.CONSUME2(T.BY);
      this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, ERR_MSG: 'an expression', DEF: () => this.SUBRULE(this.orderItem) });
    });
    this.OPTION3(() => this.SUBRULE(this.windowFrame));
    this.CONSUME(T.RParen);
  });

  windowFrame = this.RULE('windowFrame', () => {
    this.OR([{ ALT: () => this.CONSUME(T.ROWS) }, { ALT: () => this.CONSUME(T.RANGE) }]);
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(T.BETWEEN);
          this.SUBRULE(this.frameBound, { LABEL: 'start' });
          this.CONSUME(T.AND);
          this.SUBRULE2(this.frameBound, { LABEL: 'end' });
        },
      },
      { ALT: () => this.SUBRULE3(this.frameBound, { LABEL: 'start' }) },
    ]);
  });

  frameBound = this.RULE('frameBound', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.LA(2).tokenType === T.PRECEDING || this.LA(2).tokenType === T.FOLLOWING,
          ALT: () => {
            this.CONSUME(T.UNBOUNDED);
            this.OR2([{ ALT: () => this.CONSUME(T.PRECEDING) }, { ALT: () => this.CONSUME(T.FOLLOWING) }]);
          },
        },
        {
          GATE: () => this.LA(2).tokenType === T.ROW,
          ALT: () => {
            this.CONSUME(T.CURRENT);
            this.CONSUME(T.ROW);
          },
        },
        {
          ALT: () => {
            this.SUBRULE(this.arithmeticExpression);
            this.OR3([{ ALT: () => this.CONSUME2(T.PRECEDING) }, { ALT: () => this.CONSUME2(T.FOLLOWING) }]);
          },
        },
      ],
    });
  });

  /** `a`, `t.a`, `s.field.sub`, `t.*`. Names are inlined rather than `identifier` sub-rules, for speed. */
  columnReference = this.RULE('columnReference', () => {
    this.OR(
      (this.columnNameAlternatives ??= [
        { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'name' }) },
        { ALT: () => this.CONSUME(T.QuotedIdentifier, { LABEL: 'name' }) },
        { ALT: () => this.CONSUME(T.NonReserved, { LABEL: 'name' }) },
      ]),
    );
    this.MANY(
      (this.columnPathPart ??= () => {
        this.CONSUME(T.Dot);
        this.OR2(
          (this.columnPartAlternatives ??= [
            { ALT: () => this.CONSUME2(T.Identifier, { LABEL: 'name' }) },
            { ALT: () => this.CONSUME2(T.QuotedIdentifier, { LABEL: 'name' }) },
            { ALT: () => this.CONSUME(T.Keyword, { LABEL: 'name' }) },
          ]),
        );
      }),
    );
    this.OPTION(
      (this.columnStar ??= () => {
        this.CONSUME2(T.Dot);
        this.CONSUME(T.Star);
      }),
    );
  });

  // ============================================================== types and names

  /**
   * `int`, `decimal(10, 2)`, `varchar(5)`, `array<string>`, `map<string, int>`, `struct<a: int, b string>`.
   * `<` opens type arguments only after array, map or struct, so `x::int < 5` stays a comparison.
   */
  dataType = this.RULE('dataType', () => {
    // The type name is inlined rather than an `anyWord`, so a missing type reads "expected a data type".
    const name = this.OR({
      DEF: [
        { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'typeName' }) },
        { ALT: () => this.CONSUME(T.QuotedIdentifier, { LABEL: 'typeName' }) },
        { ALT: () => this.CONSUME(T.NonReserved, { LABEL: 'typeName' }) },
        { ALT: () => this.CONSUME(T.INTERVAL, { LABEL: 'typeName' }) },
      ],
    });
    this.OPTION({
      GATE: () => this.LA(2).tokenType === T.NumberLiteral,
      DEF: () => {
        this.CONSUME(T.LParen);
        this.AT_LEAST_ONE_SEP({ SEP: T.Comma, ERR_MSG: 'a number', DEF: () => this.CONSUME(T.NumberLiteral) });
        this.CONSUME(T.RParen);
      },
    });
    this.OPTION2({
      GATE: () => this.isComplexTypeName(name),
      DEF: () => {
        this.OR2([
          {
            ALT: () => {
              this.CONSUME(T.Lt);
              this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.typeArgument) });
              this.CONSUME(T.Gt);
            },
          },
          // `struct<>` lexes as `struct` followed by the `<>` operator.
          { ALT: () => this.CONSUME(T.NotEq, { LABEL: 'noArguments' }) },
        ]);
      },
    });
  });

  /** A type argument (`string`) or a struct field (`name: type`, `name type`, `name type NOT NULL`). */
  typeArgument = this.RULE('typeArgument', () => {
    this.SUBRULE(this.dataType);
    this.OPTION(() => {
      this.OPTION2(() => this.CONSUME(T.Colon));
      this.SUBRULE2(this.dataType, { LABEL: 'fieldType' });
      this.OPTION3(() => {
        this.CONSUME(T.NOT);
        this.CONSUME(T.NULL);
      });
    });
  });

  /** `a.b.c` as written; used for table, view, source and sink names. */
  qualifiedName = this.RULE('qualifiedName', () => {
    this.SUBRULE(this.identifier);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.SUBRULE(this.anyWord);
    });
  });

  identifierList = this.RULE('identifierList', () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, ERR_MSG: 'a name', DEF: () => this.SUBRULE(this.identifier) });
    this.CONSUME(T.RParen);
  });

  /** A name: a plain or backquoted identifier, or a non-reserved keyword. */
  identifier = this.RULE('identifier', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.QuotedIdentifier) },
      { ALT: () => this.CONSUME(T.NonReserved) },
    ]);
  });

  /** Any word, keywords included: after a `.`, in option keys and type names. */
  anyWord = this.RULE('anyWord', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.QuotedIdentifier) },
      { ALT: () => this.CONSUME(T.Keyword) },
    ]);
  });

  // ============================================================== lookahead helpers

  /** Tokens that begin a query, for telling `(SELECT …)` from `(expr)`. */
  private isQueryStart(tok: IToken): boolean {
    const t = tok.tokenType;
    return t === T.SELECT || t === T.WITH || t === T.VALUES;
  }

  private isNameToken(tok: IToken): boolean {
    const t = tok.tokenType;
    return t === T.Identifier || t === T.QuotedIdentifier || (t.CATEGORIES?.includes(T.NonReserved) ?? false);
  }

  private isComplexTypeName(tok: IToken | undefined): boolean {
    // While the grammar is being recorded CONSUME returns a placeholder token; any answer is fine there.
    return tok?.image === undefined || COMPLEX_TYPE_NAMES.has(tok.image.toLowerCase());
  }
}

let instance: SqlParser | undefined;

/**
 * The one parser instance: chevrotain parsers are built once (grammar analysis takes ~100 ms) and reused; built
 * on first use, so that importing the SQL module costs nothing until SQL is parsed.
 */
export function sqlParser(): SqlParser {
  return (instance ??= new SqlParser());
}
