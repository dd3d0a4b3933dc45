/**
 * The SQL abstract syntax tree: what the parser hands to the planner. Readonly data with a `kind`; every node
 * carries `pos`, the position of its first token, so later errors can point at the text.
 * Names are kept as written (the planner matches them case-insensitively); keywords are lower-cased.
 */
import type { DataType } from '../types/data-type.js';
import type { SourcePosition } from '../types/errors.js';

export interface Positioned { readonly pos: SourcePosition }

// ---------------------------------------------------------------- statements

export type Statement =
  | QueryStatement
  | CreateTableStatement
  | CreateSourceStatement
  | CreateSinkStatement
  | CreateViewStatement
  | InsertStatement
  | DropStatement
  | ShowStatement
  | DescribeStatement
  | ExplainStatement
  | SetStatement
  | StopQueryStatement;

/** A statement with the exact text it was parsed from (for EXPLAIN, SHOW QUERIES and error carets). */
export interface ParsedStatement {
  readonly statement: Statement;
  /** 0-based offsets of the statement's first and one-past-last character (the `;` excluded). */
  readonly start: number;
  readonly end: number;
}

export interface QueryStatement extends Positioned { readonly kind: 'query'; readonly query: Query }

/** Option values of `WITH (k = v, …)`; keys as written. */
export type OptionValue = string | number | boolean;
export type Options = Readonly<Record<string, OptionValue>>;

export interface ColumnDef extends Positioned {
  readonly name: string;
  readonly type: DataType;
  readonly notNull: boolean;
}

/** `WATERMARK FOR ts AS ts - INTERVAL '10' MINUTES`: the column and the delay expression. */
export interface WatermarkDef extends Positioned {
  readonly column: string;
  readonly expr: Expr;
}

export interface CreateTableStatement extends Positioned {
  readonly kind: 'createTable';
  readonly name: string;
  readonly columns: readonly ColumnDef[];
  readonly options: Options;
  readonly asQuery?: Query;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  /** Spark's `USING fmt` (e.g. `csv`, `kafka`), as written; absent when not given. */
  readonly using?: string;
}

export interface CreateSourceStatement extends Positioned {
  readonly kind: 'createSource';
  readonly name: string;
  readonly columns: readonly ColumnDef[];
  readonly watermark?: WatermarkDef;
  readonly options: Options;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  /** Spark's `USING fmt`, as written; absent when not given. */
  readonly using?: string;
}

export interface CreateSinkStatement extends Positioned {
  readonly kind: 'createSink';
  readonly name: string;
  readonly options: Options;
  /** `AS SELECT …`; absent for a sink that is fed later by `INSERT INTO`. */
  readonly query?: Query;
  readonly ifNotExists: boolean;
}

export interface CreateViewStatement extends Positioned {
  readonly kind: 'createView';
  readonly name: string;
  readonly temporary: boolean;
  readonly orReplace: boolean;
  readonly columnAliases?: readonly string[];
  readonly query: Query;
  /** `CREATE VIEW IF NOT EXISTS v …`: do nothing when v exists. Absent means false. */
  readonly ifNotExists?: boolean;
}

export interface InsertStatement extends Positioned {
  readonly kind: 'insert';
  readonly target: string;
  readonly columns?: readonly string[];
  readonly overwrite: boolean;
  /** `VALUES …` arrives as a query whose body is a `values` node. */
  readonly source: Query;
}

export type ObjectType = 'table' | 'view' | 'source' | 'sink';

export interface DropStatement extends Positioned {
  readonly kind: 'drop';
  readonly objectType: ObjectType;
  readonly name: string;
  readonly ifExists: boolean;
}

export interface ShowStatement extends Positioned {
  readonly kind: 'show';
  readonly what: 'tables' | 'views' | 'sources' | 'sinks' | 'queries' | 'functions';
}

export interface DescribeStatement extends Positioned {
  readonly kind: 'describe';
  /** `DESCRIBE QUERY id` describes a running query; otherwise a table, view, source or sink. */
  readonly target: 'object' | 'query';
  readonly name: string;
  readonly extended: boolean;
}

export interface ExplainStatement extends Positioned {
  readonly kind: 'explain';
  readonly extended: boolean;
  readonly statement: Statement;
}

export interface SetStatement extends Positioned {
  readonly kind: 'set';
  /** Absent for a bare `SET`, which lists the settings. */
  readonly key?: string;
  readonly value?: string;
}

export interface StopQueryStatement extends Positioned { readonly kind: 'stopQuery'; readonly id: string }

// ---------------------------------------------------------------- queries

export interface CommonTableExpr extends Positioned {
  readonly name: string;
  readonly columnAliases?: readonly string[];
  readonly query: Query;
}

export interface OrderItem extends Positioned {
  readonly expr: Expr;
  readonly ascending: boolean;
  /** Undefined: the default (NULLS FIRST when ascending, NULLS LAST when descending). */
  readonly nullsFirst?: boolean;
}

/** A full query: optional CTEs, a body, then ORDER BY / LIMIT / OFFSET applying to the body's result. */
export interface Query extends Positioned {
  readonly kind: 'query';
  readonly with: readonly CommonTableExpr[];
  readonly body: QueryBody;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Expr;
  readonly offset?: Expr;
  /** ksqlDB's `EMIT CHANGES` suffix, accepted on streaming selects. */
  readonly emitChanges: boolean;
}

export type QueryBody = SelectBody | SetOperationBody | ValuesBody | NestedQueryBody;

export interface SelectItem extends Positioned {
  readonly expr: Expr;
  readonly alias?: string;
}

export interface SelectBody extends Positioned {
  readonly kind: 'select';
  readonly distinct: boolean;
  readonly items: readonly SelectItem[];
  readonly from?: Relation;
  readonly where?: Expr;
  readonly groupBy: readonly Expr[];
  readonly having?: Expr;
}

export interface SetOperationBody extends Positioned {
  readonly kind: 'setOperation';
  readonly op: 'union' | 'intersect' | 'except';
  /** `UNION ALL`; false for plain `UNION` (distinct). */
  readonly all: boolean;
  readonly left: QueryBody;
  readonly right: QueryBody;
}

export interface ValuesBody extends Positioned {
  readonly kind: 'values';
  readonly rows: readonly (readonly Expr[])[];
}

/** A parenthesised query used as a set-operation operand: `(SELECT … ORDER BY … LIMIT 3) UNION …`. */
export interface NestedQueryBody extends Positioned {
  readonly kind: 'nested';
  readonly query: Query;
}

// ---------------------------------------------------------------- relations

export type Relation = TableRelation | SubqueryRelation | JoinRelation | TableFunctionRelation;

export interface TableRelation extends Positioned {
  readonly kind: 'table';
  readonly name: string;
  readonly alias?: string;
}

export interface SubqueryRelation extends Positioned {
  readonly kind: 'subquery';
  readonly query: Query;
  readonly alias?: string;
  readonly columnAliases?: readonly string[];
}

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'cross' | 'semi' | 'anti';

export interface JoinRelation extends Positioned {
  readonly kind: 'join';
  readonly joinType: JoinType;
  readonly left: Relation;
  readonly right: Relation;
  readonly on?: Expr;
  readonly using?: readonly string[];
  /** NATURAL JOIN: USING every column name the two sides share. */
  readonly natural?: boolean;
}

/** An argument of a table-valued function: `TABLE t`, `DESCRIPTOR(ts)`, or an expression. */
export type TableFunctionArg =
  | { readonly kind: 'tableArg'; readonly name: string; readonly pos: SourcePosition }
  | { readonly kind: 'descriptor'; readonly columns: readonly string[]; readonly pos: SourcePosition }
  | { readonly kind: 'exprArg'; readonly expr: Expr; readonly pos: SourcePosition };

/** `TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '5' MINUTES)` and other table-valued functions in FROM. */
export interface TableFunctionRelation extends Positioned {
  readonly kind: 'tableFunction';
  readonly name: string;
  readonly args: readonly TableFunctionArg[];
  readonly alias?: string;
  readonly columnAliases?: readonly string[];
}

// ---------------------------------------------------------------- expressions

export type Expr =
  | LiteralExpr
  | TypedLiteralExpr
  | IntervalLiteralExpr
  | ColumnExpr
  | StarExpr
  | UnaryExpr
  | BinaryExpr
  | CallExpr
  | CastExpr
  | CaseExpr
  | BetweenExpr
  | InListExpr
  | InSubqueryExpr
  | ExistsExpr
  | ScalarSubqueryExpr
  | LikeExpr
  | IsNullExpr
  | IsBooleanExpr
  | SubscriptExpr
  | FieldAccessExpr;

/**
 * A literal as written. Numbers keep their text so the planner can type them as Spark does: `1` INT (BIGINT when
 * too large), `1L` BIGINT, `1.5` DECIMAL(2,1), `1.5e0` / `1.5D` DOUBLE.
 */
export interface LiteralExpr extends Positioned {
  readonly kind: 'literal';
  readonly literalType: 'null' | 'boolean' | 'number' | 'string';
  readonly value: null | boolean | string;
}

/** `TIMESTAMP '…'`, `DATE '…'`, `X'…'` (binary). */
export interface TypedLiteralExpr extends Positioned {
  readonly kind: 'typedLiteral';
  readonly typeName: 'timestamp' | 'date' | 'binary';
  readonly text: string;
}

/**
 * `INTERVAL '90' MINUTE`, `INTERVAL 90 MINUTES`, `INTERVAL '10 minutes'`, `INTERVAL '1' DAY '2' HOUR`,
 * `INTERVAL '1:30' HOUR TO MINUTE`. Each part is a value text with an optional unit (singular, lower-case);
 * a part without a unit holds a whole interval string such as `'10 minutes'` or `'1 day 2 hours'`.
 */
export interface IntervalLiteralExpr extends Positioned {
  readonly kind: 'intervalLiteral';
  readonly negative: boolean;
  readonly parts: readonly { readonly value: string; readonly unit?: string; readonly toUnit?: string }[];
}

/** `a`, `t.a`, `s.field.sub`: resolution decides which parts name a relation, a column and struct fields. */
export interface ColumnExpr extends Positioned {
  readonly kind: 'column';
  readonly parts: readonly string[];
}

/** `*` or `t.*`. */
export interface StarExpr extends Positioned {
  readonly kind: 'star';
  readonly qualifier?: string;
}

export interface UnaryExpr extends Positioned {
  readonly kind: 'unary';
  readonly op: '-' | '+' | 'not' | '~';
  readonly operand: Expr;
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%' | 'div' | '||'
  | '=' | '<>' | '<' | '<=' | '>' | '>=' | '<=>'
  | 'and' | 'or' | '&' | '|' | '^';

export interface BinaryExpr extends Positioned {
  readonly kind: 'binary';
  /** `==` arrives as `=`, `!=` as `<>`. */
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}

export type FrameBound =
  | { readonly kind: 'unboundedPreceding' }
  | { readonly kind: 'preceding'; readonly offset: Expr }
  | { readonly kind: 'currentRow' }
  | { readonly kind: 'following'; readonly offset: Expr }
  | { readonly kind: 'unboundedFollowing' };

export interface WindowFrame {
  readonly type: 'rows' | 'range';
  readonly start: FrameBound;
  readonly end: FrameBound;
}

export interface WindowSpec extends Positioned {
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  readonly frame?: WindowFrame;
}

/** A function call; `count(*)` has `star`; a window function has `over`. Names keep their case. */
export interface CallExpr extends Positioned {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  readonly star: boolean;
  readonly over?: WindowSpec;
  readonly filter?: Expr;
}

export interface CastExpr extends Positioned {
  readonly kind: 'cast';
  readonly expr: Expr;
  readonly type: DataType;
  /** `TRY_CAST`: null instead of an error (Sluice's CAST already returns null on bad input, as Spark's non-ANSI). */
  readonly isTry: boolean;
}

export interface CaseExpr extends Positioned {
  readonly kind: 'case';
  readonly operand?: Expr;
  readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly else?: Expr;
}

export interface BetweenExpr extends Positioned {
  readonly kind: 'between';
  readonly expr: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
}

export interface InListExpr extends Positioned {
  readonly kind: 'inList';
  readonly expr: Expr;
  readonly list: readonly Expr[];
  readonly negated: boolean;
}

export interface InSubqueryExpr extends Positioned {
  readonly kind: 'inSubquery';
  readonly expr: Expr;
  readonly query: Query;
  readonly negated: boolean;
}

export interface ExistsExpr extends Positioned {
  readonly kind: 'exists';
  readonly query: Query;
  readonly negated: boolean;
}

export interface ScalarSubqueryExpr extends Positioned {
  readonly kind: 'scalarSubquery';
  readonly query: Query;
}

export interface LikeExpr extends Positioned {
  readonly kind: 'like';
  readonly op: 'like' | 'ilike' | 'rlike';
  readonly expr: Expr;
  readonly pattern: Expr;
  readonly negated: boolean;
  readonly escape?: string;
}

export interface IsNullExpr extends Positioned {
  readonly kind: 'isNull';
  readonly expr: Expr;
  readonly negated: boolean;
}

/** `x IS [NOT] TRUE|FALSE|UNKNOWN`. */
export interface IsBooleanExpr extends Positioned {
  readonly kind: 'isBoolean';
  readonly expr: Expr;
  readonly value: boolean | null;
  readonly negated: boolean;
}

/** `arr[0]`, `m['k']`. */
export interface SubscriptExpr extends Positioned {
  readonly kind: 'subscript';
  readonly expr: Expr;
  readonly index: Expr;
}

/** `(expr).field` on something that is not a plain column path (e.g. `named_struct(…).a`, `w.start` is a column). */
export interface FieldAccessExpr extends Positioned {
  readonly kind: 'fieldAccess';
  readonly expr: Expr;
  readonly field: string;
}
