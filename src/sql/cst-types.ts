/**
 * CST node typings, generated from the grammar in parser.ts by chevrotain's generateCstDts; do not edit.
 * Regenerate with `SLUICE_UPDATE_CST=1 npx vitest run test/sql/cst-types.test.ts`.
 */
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface StatementCstNode extends CstNode {
  name: "statement";
  children: StatementCstChildren;
}

export type StatementCstChildren = {
  query?: QueryCstNode[];
  createStatement?: CreateStatementCstNode[];
  insertStatement?: InsertStatementCstNode[];
  dropStatement?: DropStatementCstNode[];
  showStatement?: ShowStatementCstNode[];
  describeStatement?: DescribeStatementCstNode[];
  explainStatement?: ExplainStatementCstNode[];
  stopStatement?: StopStatementCstNode[];
};

export interface CreateStatementCstNode extends CstNode {
  name: "createStatement";
  children: CreateStatementCstChildren;
}

export type CreateStatementCstChildren = {
  CREATE: IToken[];
  OR?: IToken[];
  REPLACE?: IToken[];
  TEMP?: IToken[];
  TEMPORARY?: IToken[];
  createTableBody?: CreateTableBodyCstNode[];
  createSourceBody?: CreateSourceBodyCstNode[];
  createSinkBody?: CreateSinkBodyCstNode[];
  createViewBody?: CreateViewBodyCstNode[];
};

export interface CreateTableBodyCstNode extends CstNode {
  name: "createTableBody";
  children: CreateTableBodyCstChildren;
}

export type CreateTableBodyCstChildren = {
  TABLE: IToken[];
  ifNotExists?: IfNotExistsCstNode[];
  qualifiedName: QualifiedNameCstNode[];
  tableElementList?: TableElementListCstNode[];
  usingClause?: UsingClauseCstNode[];
  optionsClause?: OptionsClauseCstNode[];
  AS?: IToken[];
  query?: QueryCstNode[];
};

export interface CreateSourceBodyCstNode extends CstNode {
  name: "createSourceBody";
  children: CreateSourceBodyCstChildren;
}

export type CreateSourceBodyCstChildren = {
  SOURCE: IToken[];
  ifNotExists?: IfNotExistsCstNode[];
  qualifiedName: QualifiedNameCstNode[];
  tableElementList?: TableElementListCstNode[];
  usingClause?: UsingClauseCstNode[];
  optionsClause?: OptionsClauseCstNode[];
};

export interface CreateSinkBodyCstNode extends CstNode {
  name: "createSinkBody";
  children: CreateSinkBodyCstChildren;
}

export type CreateSinkBodyCstChildren = {
  SINK: IToken[];
  ifNotExists?: IfNotExistsCstNode[];
  qualifiedName: QualifiedNameCstNode[];
  optionsClause?: OptionsClauseCstNode[];
  AS?: IToken[];
  query?: QueryCstNode[];
};

export interface CreateViewBodyCstNode extends CstNode {
  name: "createViewBody";
  children: CreateViewBodyCstChildren;
}

export type CreateViewBodyCstChildren = {
  VIEW: IToken[];
  ifNotExists?: IfNotExistsCstNode[];
  qualifiedName: QualifiedNameCstNode[];
  identifierList?: IdentifierListCstNode[];
  AS: IToken[];
  query: QueryCstNode[];
};

export interface IfNotExistsCstNode extends CstNode {
  name: "ifNotExists";
  children: IfNotExistsCstChildren;
}

export type IfNotExistsCstChildren = {
  IF: IToken[];
  NOT: IToken[];
  EXISTS: IToken[];
};

export interface TableElementListCstNode extends CstNode {
  name: "tableElementList";
  children: TableElementListCstChildren;
}

export type TableElementListCstChildren = {
  LParen: IToken[];
  tableElement: TableElementCstNode[];
  Comma?: IToken[];
  RParen: IToken[];
};

export interface TableElementCstNode extends CstNode {
  name: "tableElement";
  children: TableElementCstChildren;
}

export type TableElementCstChildren = {
  watermarkDefinition?: WatermarkDefinitionCstNode[];
  columnDefinition?: ColumnDefinitionCstNode[];
};

export interface ColumnDefinitionCstNode extends CstNode {
  name: "columnDefinition";
  children: ColumnDefinitionCstChildren;
}

export type ColumnDefinitionCstChildren = {
  anyWord: AnyWordCstNode[];
  Colon?: IToken[];
  dataType: DataTypeCstNode[];
  NOT?: IToken[];
  NULL?: IToken[];
};

export interface WatermarkDefinitionCstNode extends CstNode {
  name: "watermarkDefinition";
  children: WatermarkDefinitionCstChildren;
}

export type WatermarkDefinitionCstChildren = {
  WATERMARK: IToken[];
  FOR: IToken[];
  identifier: IdentifierCstNode[];
  AS: IToken[];
  expression: ExpressionCstNode[];
};

export interface SchemaStringCstNode extends CstNode {
  name: "schemaString";
  children: SchemaStringCstChildren;
}

export type SchemaStringCstChildren = {
  columnDefinition: ColumnDefinitionCstNode[];
  Comma?: IToken[];
};

export interface UsingClauseCstNode extends CstNode {
  name: "usingClause";
  children: UsingClauseCstChildren;
}

export type UsingClauseCstChildren = {
  USING: IToken[];
  anyWord: AnyWordCstNode[];
};

export interface OptionsClauseCstNode extends CstNode {
  name: "optionsClause";
  children: OptionsClauseCstChildren;
}

export type OptionsClauseCstChildren = {
  WITH?: IToken[];
  OPTIONS?: IToken[];
  LParen: IToken[];
  optionEntry?: OptionEntryCstNode[];
  Comma?: IToken[];
  RParen: IToken[];
};

export interface OptionEntryCstNode extends CstNode {
  name: "optionEntry";
  children: OptionEntryCstChildren;
}

export type OptionEntryCstChildren = {
  optionKey: OptionKeyCstNode[];
  Eq?: IToken[];
  optionValue: OptionValueCstNode[];
};

export interface OptionKeyCstNode extends CstNode {
  name: "optionKey";
  children: OptionKeyCstChildren;
}

export type OptionKeyCstChildren = {
  StringLiteral?: IToken[];
  anyWord?: (AnyWordCstNode)[];
  Dot?: IToken[];
};

export interface OptionValueCstNode extends CstNode {
  name: "optionValue";
  children: OptionValueCstChildren;
}

export type OptionValueCstChildren = {
  StringLiteral?: IToken[];
  Minus?: IToken[];
  Plus?: IToken[];
  NumberLiteral?: IToken[];
  TRUE?: IToken[];
  FALSE?: IToken[];
  anyWord?: (AnyWordCstNode)[];
  Dot?: IToken[];
};

export interface InsertStatementCstNode extends CstNode {
  name: "insertStatement";
  children: InsertStatementCstChildren;
}

export type InsertStatementCstChildren = {
  INSERT: IToken[];
  INTO?: IToken[];
  OVERWRITE?: IToken[];
  TABLE?: IToken[];
  qualifiedName: QualifiedNameCstNode[];
  identifierList?: IdentifierListCstNode[];
  query: QueryCstNode[];
};

export interface DropStatementCstNode extends CstNode {
  name: "dropStatement";
  children: DropStatementCstChildren;
}

export type DropStatementCstChildren = {
  DROP: IToken[];
  TABLE?: IToken[];
  VIEW?: IToken[];
  SOURCE?: IToken[];
  SINK?: IToken[];
  IF?: IToken[];
  EXISTS?: IToken[];
  qualifiedName: QualifiedNameCstNode[];
};

export interface ShowStatementCstNode extends CstNode {
  name: "showStatement";
  children: ShowStatementCstChildren;
}

export type ShowStatementCstChildren = {
  SHOW: IToken[];
  TABLES?: IToken[];
  VIEWS?: IToken[];
  SOURCES?: IToken[];
  SINKS?: IToken[];
  QUERIES?: IToken[];
  FUNCTIONS?: IToken[];
};

export interface DescribeStatementCstNode extends CstNode {
  name: "describeStatement";
  children: DescribeStatementCstChildren;
}

export type DescribeStatementCstChildren = {
  DESCRIBE?: IToken[];
  DESC?: IToken[];
  QUERY?: IToken[];
  queryId?: QueryIdCstNode[];
  EXTENDED?: IToken[];
  TABLE?: IToken[];
  qualifiedName?: QualifiedNameCstNode[];
};

export interface ExplainStatementCstNode extends CstNode {
  name: "explainStatement";
  children: ExplainStatementCstChildren;
}

export type ExplainStatementCstChildren = {
  EXPLAIN: IToken[];
  EXTENDED?: IToken[];
  statement: StatementCstNode[];
};

export interface StopStatementCstNode extends CstNode {
  name: "stopStatement";
  children: StopStatementCstChildren;
}

export type StopStatementCstChildren = {
  STOP: IToken[];
  QUERY: IToken[];
  queryId: QueryIdCstNode[];
};

export interface QueryIdCstNode extends CstNode {
  name: "queryId";
  children: QueryIdCstChildren;
}

export type QueryIdCstChildren = {
  StringLiteral?: IToken[];
  NumberLiteral?: IToken[];
  Minus?: IToken[];
  anyWord?: AnyWordCstNode[];
};

export interface QueryCstNode extends CstNode {
  name: "query";
  children: QueryCstChildren;
}

export type QueryCstChildren = {
  withClause?: WithClauseCstNode[];
  queryTerm: QueryTermCstNode[];
  orderByClause?: OrderByClauseCstNode[];
  limitClause?: (LimitClauseCstNode)[];
  EMIT?: IToken[];
  CHANGES?: IToken[];
};

export interface WithClauseCstNode extends CstNode {
  name: "withClause";
  children: WithClauseCstChildren;
}

export type WithClauseCstChildren = {
  WITH: IToken[];
  commonTableExpression: CommonTableExpressionCstNode[];
  Comma?: IToken[];
};

export interface CommonTableExpressionCstNode extends CstNode {
  name: "commonTableExpression";
  children: CommonTableExpressionCstChildren;
}

export type CommonTableExpressionCstChildren = {
  identifier: IdentifierCstNode[];
  identifierList?: IdentifierListCstNode[];
  AS?: IToken[];
  LParen: IToken[];
  query: QueryCstNode[];
  RParen: IToken[];
};

export interface QueryTermCstNode extends CstNode {
  name: "queryTerm";
  children: QueryTermCstChildren;
}

export type QueryTermCstChildren = {
  queryIntersect: (QueryIntersectCstNode)[];
  unionOperator?: UnionOperatorCstNode[];
};

export interface UnionOperatorCstNode extends CstNode {
  name: "unionOperator";
  children: UnionOperatorCstChildren;
}

export type UnionOperatorCstChildren = {
  UNION?: IToken[];
  EXCEPT?: IToken[];
  MINUS?: IToken[];
  setQuantifier?: SetQuantifierCstNode[];
};

export interface QueryIntersectCstNode extends CstNode {
  name: "queryIntersect";
  children: QueryIntersectCstChildren;
}

export type QueryIntersectCstChildren = {
  queryPrimary: (QueryPrimaryCstNode)[];
  intersectOperator?: IntersectOperatorCstNode[];
};

export interface IntersectOperatorCstNode extends CstNode {
  name: "intersectOperator";
  children: IntersectOperatorCstChildren;
}

export type IntersectOperatorCstChildren = {
  INTERSECT: IToken[];
  setQuantifier?: SetQuantifierCstNode[];
};

export interface SetQuantifierCstNode extends CstNode {
  name: "setQuantifier";
  children: SetQuantifierCstChildren;
}

export type SetQuantifierCstChildren = {
  ALL?: IToken[];
  DISTINCT?: IToken[];
};

export interface QueryPrimaryCstNode extends CstNode {
  name: "queryPrimary";
  children: QueryPrimaryCstChildren;
}

export type QueryPrimaryCstChildren = {
  selectBody?: SelectBodyCstNode[];
  valuesBody?: ValuesBodyCstNode[];
  LParen?: IToken[];
  query?: QueryCstNode[];
  RParen?: IToken[];
};

export interface SelectBodyCstNode extends CstNode {
  name: "selectBody";
  children: SelectBodyCstChildren;
}

export type SelectBodyCstChildren = {
  SELECT: IToken[];
  setQuantifier?: SetQuantifierCstNode[];
  selectItem: SelectItemCstNode[];
  Comma?: (IToken)[];
  fromClause?: FromClauseCstNode[];
  WHERE?: IToken[];
  where?: ExpressionCstNode[];
  GROUP?: IToken[];
  BY?: IToken[];
  groupBy?: ExpressionCstNode[];
  HAVING?: IToken[];
  having?: ExpressionCstNode[];
};

export interface SelectItemCstNode extends CstNode {
  name: "selectItem";
  children: SelectItemCstChildren;
}

export type SelectItemCstChildren = {
  expression: ExpressionCstNode[];
  alias?: AliasCstNode[];
};

export interface AliasCstNode extends CstNode {
  name: "alias";
  children: AliasCstChildren;
}

export type AliasCstChildren = {
  AS?: IToken[];
  identifier?: IdentifierCstNode[];
  bareAlias?: BareAliasCstNode[];
};

export interface BareAliasCstNode extends CstNode {
  name: "bareAlias";
  children: BareAliasCstChildren;
}

export type BareAliasCstChildren = {
  Identifier?: IToken[];
  QuotedIdentifier?: IToken[];
  Aliasable?: IToken[];
};

export interface ValuesBodyCstNode extends CstNode {
  name: "valuesBody";
  children: ValuesBodyCstChildren;
}

export type ValuesBodyCstChildren = {
  VALUES: IToken[];
  valuesRow: ValuesRowCstNode[];
  Comma?: IToken[];
};

export interface ValuesRowCstNode extends CstNode {
  name: "valuesRow";
  children: ValuesRowCstChildren;
}

export type ValuesRowCstChildren = {
  LParen?: IToken[];
  expression?: (ExpressionCstNode)[];
  Comma?: IToken[];
  RParen?: IToken[];
};

export interface OrderByClauseCstNode extends CstNode {
  name: "orderByClause";
  children: OrderByClauseCstChildren;
}

export type OrderByClauseCstChildren = {
  ORDER: IToken[];
  BY: IToken[];
  orderItem: OrderItemCstNode[];
  Comma?: IToken[];
};

export interface OrderItemCstNode extends CstNode {
  name: "orderItem";
  children: OrderItemCstChildren;
}

export type OrderItemCstChildren = {
  expression: ExpressionCstNode[];
  ASC?: IToken[];
  DESC?: IToken[];
  NULLS?: IToken[];
  FIRST?: IToken[];
  LAST?: IToken[];
};

export interface LimitClauseCstNode extends CstNode {
  name: "limitClause";
  children: LimitClauseCstChildren;
}

export type LimitClauseCstChildren = {
  limitPart?: (LimitPartCstNode)[];
  offsetPart?: (OffsetPartCstNode)[];
};

export interface LimitPartCstNode extends CstNode {
  name: "limitPart";
  children: LimitPartCstChildren;
}

export type LimitPartCstChildren = {
  LIMIT: IToken[];
  ALL?: IToken[];
  expression?: ExpressionCstNode[];
};

export interface OffsetPartCstNode extends CstNode {
  name: "offsetPart";
  children: OffsetPartCstChildren;
}

export type OffsetPartCstChildren = {
  OFFSET: IToken[];
  expression: ExpressionCstNode[];
};

export interface FromClauseCstNode extends CstNode {
  name: "fromClause";
  children: FromClauseCstChildren;
}

export type FromClauseCstChildren = {
  FROM: IToken[];
  relation: RelationCstNode[];
  Comma?: IToken[];
};

export interface RelationCstNode extends CstNode {
  name: "relation";
  children: RelationCstChildren;
}

export type RelationCstChildren = {
  relationPrimary: RelationPrimaryCstNode[];
  joinPart?: JoinPartCstNode[];
};

export interface JoinPartCstNode extends CstNode {
  name: "joinPart";
  children: JoinPartCstChildren;
}

export type JoinPartCstChildren = {
  CROSS?: IToken[];
  JOIN?: (IToken)[];
  relationPrimary?: (RelationPrimaryCstNode)[];
  joinType?: (JoinTypeCstNode)[];
  joinCriteria?: JoinCriteriaCstNode[];
  NATURAL?: IToken[];
};

export interface JoinTypeCstNode extends CstNode {
  name: "joinType";
  children: JoinTypeCstChildren;
}

export type JoinTypeCstChildren = {
  INNER?: IToken[];
  LEFT?: IToken[];
  OUTER?: (IToken)[];
  SEMI?: (IToken)[];
  ANTI?: (IToken)[];
  RIGHT?: IToken[];
  FULL?: IToken[];
};

export interface JoinCriteriaCstNode extends CstNode {
  name: "joinCriteria";
  children: JoinCriteriaCstChildren;
}

export type JoinCriteriaCstChildren = {
  ON?: IToken[];
  expression?: ExpressionCstNode[];
  USING?: IToken[];
  identifierList?: IdentifierListCstNode[];
};

export interface RelationPrimaryCstNode extends CstNode {
  name: "relationPrimary";
  children: RelationPrimaryCstChildren;
}

export type RelationPrimaryCstChildren = {
  LParen?: IToken[];
  query?: QueryCstNode[];
  RParen?: IToken[];
  valuesBody?: ValuesBodyCstNode[];
  tableFunction?: TableFunctionCstNode[];
  qualifiedName?: QualifiedNameCstNode[];
  tableAlias?: TableAliasCstNode[];
};

export interface TableAliasCstNode extends CstNode {
  name: "tableAlias";
  children: TableAliasCstChildren;
}

export type TableAliasCstChildren = {
  alias: AliasCstNode[];
  identifierList?: IdentifierListCstNode[];
};

export interface TableFunctionCstNode extends CstNode {
  name: "tableFunction";
  children: TableFunctionCstChildren;
}

export type TableFunctionCstChildren = {
  functionName: FunctionNameCstNode[];
  LParen: IToken[];
  tableFunctionArg?: TableFunctionArgCstNode[];
  Comma?: IToken[];
  RParen: IToken[];
};

export interface TableFunctionArgCstNode extends CstNode {
  name: "tableFunctionArg";
  children: TableFunctionArgCstChildren;
}

export type TableFunctionArgCstChildren = {
  TABLE?: IToken[];
  qualifiedName?: QualifiedNameCstNode[];
  DESCRIPTOR?: IToken[];
  identifierList?: IdentifierListCstNode[];
  expression?: ExpressionCstNode[];
};

export interface ExpressionCstNode extends CstNode {
  name: "expression";
  children: ExpressionCstChildren;
}

export type ExpressionCstChildren = {
  operand: (OperandCstNode)[];
  operator?: IToken[];
  predicate?: PredicateCstNode[];
};

export interface ArithmeticExpressionCstNode extends CstNode {
  name: "arithmeticExpression";
  children: ArithmeticExpressionCstChildren;
}

export type ArithmeticExpressionCstChildren = {
  operand: (OperandCstNode)[];
  operator?: IToken[];
};

export interface PredicateCstNode extends CstNode {
  name: "predicate";
  children: PredicateCstChildren;
}

export type PredicateCstChildren = {
  IS?: IToken[];
  isNot?: IToken[];
  NULL?: IToken[];
  TRUE?: IToken[];
  FALSE?: IToken[];
  UNKNOWN?: IToken[];
  DISTINCT?: IToken[];
  FROM?: IToken[];
  distinctFrom?: ArithmeticExpressionCstNode[];
  negation?: IToken[];
  BETWEEN?: IToken[];
  low?: ArithmeticExpressionCstNode[];
  AND?: IToken[];
  high?: ArithmeticExpressionCstNode[];
  IN?: IToken[];
  LParen?: IToken[];
  query?: QueryCstNode[];
  expression?: ExpressionCstNode[];
  Comma?: IToken[];
  RParen?: IToken[];
  likeOperator?: (IToken)[];
  pattern?: ArithmeticExpressionCstNode[];
  ESCAPE?: IToken[];
  StringLiteral?: IToken[];
};

export interface OperandCstNode extends CstNode {
  name: "operand";
  children: OperandCstChildren;
}

export type OperandCstChildren = {
  prefix?: IToken[];
  specialFunction?: SpecialFunctionCstNode[];
  functionCall?: FunctionCallCstNode[];
  typedLiteral?: TypedLiteralCstNode[];
  columnReference?: ColumnReferenceCstNode[];
  NumberLiteral?: IToken[];
  StringLiteral?: IToken[];
  parenthesizedExpression?: ParenthesizedExpressionCstNode[];
  subqueryExpression?: SubqueryExpressionCstNode[];
  NULL?: IToken[];
  TRUE?: IToken[];
  FALSE?: IToken[];
  BinaryLiteral?: IToken[];
  Star?: IToken[];
  intervalLiteral?: IntervalLiteralCstNode[];
  caseExpression?: CaseExpressionCstNode[];
  castExpression?: CastExpressionCstNode[];
  existsExpression?: ExistsExpressionCstNode[];
  postfixOp?: PostfixOpCstNode[];
};

export interface PostfixOpCstNode extends CstNode {
  name: "postfixOp";
  children: PostfixOpCstChildren;
}

export type PostfixOpCstChildren = {
  LBracket?: IToken[];
  expression?: ExpressionCstNode[];
  RBracket?: IToken[];
  Dot?: IToken[];
  anyWord?: AnyWordCstNode[];
  DoubleColon?: IToken[];
  dataType?: DataTypeCstNode[];
};

export interface SubqueryExpressionCstNode extends CstNode {
  name: "subqueryExpression";
  children: SubqueryExpressionCstChildren;
}

export type SubqueryExpressionCstChildren = {
  LParen: IToken[];
  query: QueryCstNode[];
  RParen: IToken[];
};

export interface ParenthesizedExpressionCstNode extends CstNode {
  name: "parenthesizedExpression";
  children: ParenthesizedExpressionCstChildren;
}

export type ParenthesizedExpressionCstChildren = {
  LParen: IToken[];
  expression: ExpressionCstNode[];
  Comma?: IToken[];
  RParen: IToken[];
};

export interface TypedLiteralCstNode extends CstNode {
  name: "typedLiteral";
  children: TypedLiteralCstChildren;
}

export type TypedLiteralCstChildren = {
  DATE?: IToken[];
  TIMESTAMP?: IToken[];
  StringLiteral: IToken[];
};

export interface IntervalLiteralCstNode extends CstNode {
  name: "intervalLiteral";
  children: IntervalLiteralCstChildren;
}

export type IntervalLiteralCstChildren = {
  INTERVAL: IToken[];
  Minus?: IToken[];
  Plus?: IToken[];
  intervalPart: (IntervalPartCstNode)[];
};

export interface IntervalPartCstNode extends CstNode {
  name: "intervalPart";
  children: IntervalPartCstChildren;
}

export type IntervalPartCstChildren = {
  StringLiteral?: IToken[];
  NumberLiteral?: IToken[];
  unit?: IToken[];
  TO?: IToken[];
  toUnit?: IToken[];
};

export interface CaseExpressionCstNode extends CstNode {
  name: "caseExpression";
  children: CaseExpressionCstChildren;
}

export type CaseExpressionCstChildren = {
  CASE: IToken[];
  operand?: ExpressionCstNode[];
  whenClause: WhenClauseCstNode[];
  ELSE?: IToken[];
  otherwise?: ExpressionCstNode[];
  END: IToken[];
};

export interface WhenClauseCstNode extends CstNode {
  name: "whenClause";
  children: WhenClauseCstChildren;
}

export type WhenClauseCstChildren = {
  WHEN: IToken[];
  condition: ExpressionCstNode[];
  THEN: IToken[];
  result: ExpressionCstNode[];
};

export interface CastExpressionCstNode extends CstNode {
  name: "castExpression";
  children: CastExpressionCstChildren;
}

export type CastExpressionCstChildren = {
  CAST?: IToken[];
  TRY_CAST?: IToken[];
  LParen: IToken[];
  expression: ExpressionCstNode[];
  AS: IToken[];
  dataType: DataTypeCstNode[];
  RParen: IToken[];
};

export interface ExistsExpressionCstNode extends CstNode {
  name: "existsExpression";
  children: ExistsExpressionCstChildren;
}

export type ExistsExpressionCstChildren = {
  EXISTS: IToken[];
  LParen: IToken[];
  query: QueryCstNode[];
  RParen: IToken[];
};

export interface SpecialFunctionCstNode extends CstNode {
  name: "specialFunction";
  children: SpecialFunctionCstChildren;
}

export type SpecialFunctionCstChildren = {
  extractExpression?: ExtractExpressionCstNode[];
  substringExpression?: SubstringExpressionCstNode[];
  trimExpression?: TrimExpressionCstNode[];
  positionExpression?: PositionExpressionCstNode[];
};

export interface ExtractExpressionCstNode extends CstNode {
  name: "extractExpression";
  children: ExtractExpressionCstChildren;
}

export type ExtractExpressionCstChildren = {
  EXTRACT: IToken[];
  LParen: IToken[];
  identifier: IdentifierCstNode[];
  FROM: IToken[];
  expression: ExpressionCstNode[];
  RParen: IToken[];
};

export interface SubstringExpressionCstNode extends CstNode {
  name: "substringExpression";
  children: SubstringExpressionCstChildren;
}

export type SubstringExpressionCstChildren = {
  SUBSTRING?: IToken[];
  SUBSTR?: IToken[];
  LParen: IToken[];
  expression: (ExpressionCstNode)[];
  FROM?: IToken[];
  Comma?: (IToken)[];
  FOR?: IToken[];
  RParen: IToken[];
};

export interface TrimExpressionCstNode extends CstNode {
  name: "trimExpression";
  children: TrimExpressionCstChildren;
}

export type TrimExpressionCstChildren = {
  TRIM: IToken[];
  LParen: IToken[];
  BOTH?: IToken[];
  LEADING?: IToken[];
  TRAILING?: IToken[];
  first?: ExpressionCstNode[];
  FROM?: IToken[];
  source?: ExpressionCstNode[];
  Comma?: IToken[];
  rest?: ExpressionCstNode[];
  RParen: IToken[];
};

export interface PositionExpressionCstNode extends CstNode {
  name: "positionExpression";
  children: PositionExpressionCstChildren;
}

export type PositionExpressionCstChildren = {
  POSITION: IToken[];
  LParen: IToken[];
  first: ArithmeticExpressionCstNode[];
  IN?: IToken[];
  source?: ArithmeticExpressionCstNode[];
  Comma?: IToken[];
  rest?: ExpressionCstNode[];
  RParen: IToken[];
};

export interface FunctionCallCstNode extends CstNode {
  name: "functionCall";
  children: FunctionCallCstChildren;
}

export type FunctionCallCstChildren = {
  name?: (IToken)[];
  LParen: (IToken)[];
  Star?: IToken[];
  setQuantifier?: SetQuantifierCstNode[];
  expression?: ExpressionCstNode[];
  Comma?: IToken[];
  RParen: (IToken)[];
  FILTER?: IToken[];
  WHERE?: IToken[];
  filter?: ExpressionCstNode[];
  OVER?: IToken[];
  windowSpec?: WindowSpecCstNode[];
};

export interface FunctionNameCstNode extends CstNode {
  name: "functionName";
  children: FunctionNameCstChildren;
}

export type FunctionNameCstChildren = {
  identifier?: IdentifierCstNode[];
  LEFT?: IToken[];
  RIGHT?: IToken[];
};

export interface WindowSpecCstNode extends CstNode {
  name: "windowSpec";
  children: WindowSpecCstChildren;
}

export type WindowSpecCstChildren = {
  LParen: IToken[];
  PARTITION?: IToken[];
  BY?: (IToken)[];
  expression?: ExpressionCstNode[];
  Comma?: (IToken)[];
  ORDER?: IToken[];
  orderItem?: OrderItemCstNode[];
  windowFrame?: WindowFrameCstNode[];
  RParen: IToken[];
};

export interface WindowFrameCstNode extends CstNode {
  name: "windowFrame";
  children: WindowFrameCstChildren;
}

export type WindowFrameCstChildren = {
  ROWS?: IToken[];
  RANGE?: IToken[];
  BETWEEN?: IToken[];
  start?: (FrameBoundCstNode)[];
  AND?: IToken[];
  end?: FrameBoundCstNode[];
};

export interface FrameBoundCstNode extends CstNode {
  name: "frameBound";
  children: FrameBoundCstChildren;
}

export type FrameBoundCstChildren = {
  UNBOUNDED?: IToken[];
  PRECEDING?: (IToken)[];
  FOLLOWING?: (IToken)[];
  CURRENT?: IToken[];
  ROW?: IToken[];
  arithmeticExpression?: ArithmeticExpressionCstNode[];
};

export interface ColumnReferenceCstNode extends CstNode {
  name: "columnReference";
  children: ColumnReferenceCstChildren;
}

export type ColumnReferenceCstChildren = {
  name?: (IToken)[];
  Dot?: (IToken)[];
  Star?: IToken[];
};

export interface DataTypeCstNode extends CstNode {
  name: "dataType";
  children: DataTypeCstChildren;
}

export type DataTypeCstChildren = {
  typeName?: (IToken)[];
  LParen?: IToken[];
  NumberLiteral?: IToken[];
  Comma?: (IToken)[];
  RParen?: IToken[];
  Lt?: IToken[];
  typeArgument?: TypeArgumentCstNode[];
  Gt?: IToken[];
  noArguments?: IToken[];
};

export interface TypeArgumentCstNode extends CstNode {
  name: "typeArgument";
  children: TypeArgumentCstChildren;
}

export type TypeArgumentCstChildren = {
  dataType: DataTypeCstNode[];
  Colon?: IToken[];
  fieldType?: DataTypeCstNode[];
  NOT?: IToken[];
  NULL?: IToken[];
};

export interface QualifiedNameCstNode extends CstNode {
  name: "qualifiedName";
  children: QualifiedNameCstChildren;
}

export type QualifiedNameCstChildren = {
  identifier: IdentifierCstNode[];
  Dot?: IToken[];
  anyWord?: AnyWordCstNode[];
};

export interface IdentifierListCstNode extends CstNode {
  name: "identifierList";
  children: IdentifierListCstChildren;
}

export type IdentifierListCstChildren = {
  LParen: IToken[];
  identifier: IdentifierCstNode[];
  Comma?: IToken[];
  RParen: IToken[];
};

export interface IdentifierCstNode extends CstNode {
  name: "identifier";
  children: IdentifierCstChildren;
}

export type IdentifierCstChildren = {
  Identifier?: IToken[];
  QuotedIdentifier?: IToken[];
  NonReserved?: IToken[];
};

export interface AnyWordCstNode extends CstNode {
  name: "anyWord";
  children: AnyWordCstChildren;
}

export type AnyWordCstChildren = {
  Identifier?: IToken[];
  QuotedIdentifier?: IToken[];
  Keyword?: IToken[];
};
