/**
 * The CST → AST visitor: one method per grammar rule, each taking the rule's generated CST node type and
 * returning the AST node of `ast.ts`. Checks that the grammar cannot express (a unit on every interval part, one
 * watermark per source, no duplicate options, `*` only where it can expand) live here and throw positioned
 * PARSE_ERRORs.
 *
 * Expressions arrive from the CST as flat chains (operands, operator tokens, predicates); `expression-folder.ts`
 * gives them their shape by precedence and this builder supplies the nodes.
 */
import type { IToken } from 'chevrotain';
import type * as A from './ast.js';
import type * as C from './cst-types.js';
import { arrayType, mapType, parseTypeName, structField, structType, type DataType, type StructField } from '../types/data-type.js';
import { parseError, type SourcePosition } from '../types/errors.js';
import { normalizeIntervalUnit, parseDate, parseIntervalString, parseTimestamp } from '../types/temporal.js';
import { numberValue, unquoteIdentifier, unquoteString } from './literal-text.js';
import { foldChain, type ChainBuilder, type ChainItem } from './expression-folder.js';
import { tokenPosition } from './source-position.js';
import * as T from './tokens.js';

type Mutable<X> = { -readonly [K in keyof X]: X[K] };

function fail(message: string, pos: SourcePosition): never {
  throw parseError(message, pos);
}

function one<X>(items: readonly X[] | undefined): X {
  const first = items?.[0];
  if (first === undefined) throw new Error('CST node is missing a child the grammar guarantees');
  return first;
}

function wordText(tok: IToken): string {
  return tok.tokenType === T.QuotedIdentifier ? unquoteIdentifier(tok.image) : tok.image;
}

/** The first token among the given child lists (they come from alternatives, so at most one is set). */
function firstOf(...lists: (IToken[] | undefined)[]): IToken {
  for (const l of lists) if (l && l.length > 0) return l[0]!;
  throw new Error('CST node is missing a token the grammar guarantees');
}

export class AstBuilder {
  /** @param text the whole text the tokens came from, for constructs kept as written (query ids). */
  constructor(private readonly text: string) {}

  // ============================================================== statements

  statement(n: C.StatementCstNode): A.Statement {
    const c = n.children;
    if (c.query) {
      const query = this.query(one(c.query));
      return { kind: 'query', query, pos: query.pos };
    }
    if (c.createStatement) return this.createStatement(one(c.createStatement));
    if (c.insertStatement) return this.insertStatement(one(c.insertStatement));
    if (c.dropStatement) return this.dropStatement(one(c.dropStatement));
    if (c.showStatement) return this.showStatement(one(c.showStatement));
    if (c.describeStatement) return this.describeStatement(one(c.describeStatement));
    if (c.explainStatement) return this.explainStatement(one(c.explainStatement));
    return this.stopStatement(one(c.stopStatement));
  }

  private createStatement(n: C.CreateStatementCstNode): A.Statement {
    const c = n.children;
    const pos = tokenPosition(one(c.CREATE));
    const orReplace = c.REPLACE !== undefined;
    const temporary = c.TEMP?.[0] ?? c.TEMPORARY?.[0];
    if (c.createViewBody) return this.createView(one(c.createViewBody), pos, orReplace, temporary !== undefined);
    if (temporary) fail(`${temporary.image.toUpperCase()} is only supported for views`, tokenPosition(temporary));
    if (c.createTableBody) return this.createTable(one(c.createTableBody), pos, orReplace);
    if (c.createSourceBody) return this.createSource(one(c.createSourceBody), pos, orReplace);
    if (orReplace) fail('CREATE OR REPLACE is not supported for sinks: drop the sink first', tokenPosition(one(c.OR)));
    return this.createSink(one(c.createSinkBody), pos);
  }

  private checkReplaceAndIfNotExists(orReplace: boolean, ifNotExists: C.IfNotExistsCstNode[] | undefined): boolean {
    if (!ifNotExists) return false;
    if (orReplace) fail('OR REPLACE and IF NOT EXISTS cannot be used together', tokenPosition(one(one(ifNotExists).children.IF)));
    return true;
  }

  private createTable(n: C.CreateTableBodyCstNode, pos: SourcePosition, orReplace: boolean): A.CreateTableStatement {
    const c = n.children;
    const ifNotExists = this.checkReplaceAndIfNotExists(orReplace, c.ifNotExists);
    const elements = c.tableElementList ? this.tableElements(one(c.tableElementList)) : { columns: [] };
    if (elements.watermark) fail('WATERMARK is only allowed in CREATE SOURCE', elements.watermark.pos);
    const asQuery = c.query ? this.query(one(c.query)) : undefined;
    if (asQuery && elements.columns.length > 0) {
      fail('A table created AS a query takes its columns from the query: remove the column list', elements.columns[0]!.pos);
    }
    const stmt: Mutable<A.CreateTableStatement> = {
      kind: 'createTable',
      name: this.qualifiedName(one(c.qualifiedName)),
      columns: elements.columns,
      options: c.optionsClause ? this.optionsClause(one(c.optionsClause)) : {},
      orReplace,
      ifNotExists,
      pos,
    };
    if (c.usingClause) stmt.using = this.usingClause(one(c.usingClause));
    if (asQuery) stmt.asQuery = asQuery;
    return stmt;
  }

  private createSource(n: C.CreateSourceBodyCstNode, pos: SourcePosition, orReplace: boolean): A.CreateSourceStatement {
    const c = n.children;
    const ifNotExists = this.checkReplaceAndIfNotExists(orReplace, c.ifNotExists);
    const elements = c.tableElementList ? this.tableElements(one(c.tableElementList)) : { columns: [] };
    const stmt: Mutable<A.CreateSourceStatement> = {
      kind: 'createSource',
      name: this.qualifiedName(one(c.qualifiedName)),
      columns: elements.columns,
      options: c.optionsClause ? this.optionsClause(one(c.optionsClause)) : {},
      orReplace,
      ifNotExists,
      pos,
    };
    if (elements.watermark) stmt.watermark = elements.watermark;
    if (c.usingClause) stmt.using = this.usingClause(one(c.usingClause));
    return stmt;
  }

  private createSink(n: C.CreateSinkBodyCstNode, pos: SourcePosition): A.CreateSinkStatement {
    const c = n.children;
    const stmt: Mutable<A.CreateSinkStatement> = {
      kind: 'createSink',
      name: this.qualifiedName(one(c.qualifiedName)),
      options: c.optionsClause ? this.optionsClause(one(c.optionsClause)) : {},
      ifNotExists: c.ifNotExists !== undefined,
      pos,
    };
    if (c.query) stmt.query = this.query(one(c.query));
    return stmt;
  }

  private createView(n: C.CreateViewBodyCstNode, pos: SourcePosition, orReplace: boolean, temporary: boolean): A.CreateViewStatement {
    const c = n.children;
    const ifNotExists = this.checkReplaceAndIfNotExists(orReplace, c.ifNotExists);
    const stmt: Mutable<A.CreateViewStatement> = {
      kind: 'createView',
      name: this.qualifiedName(one(c.qualifiedName)),
      temporary,
      orReplace,
      query: this.query(one(c.query)),
      pos,
    };
    if (c.identifierList) stmt.columnAliases = this.identifierList(one(c.identifierList));
    if (ifNotExists) stmt.ifNotExists = true;
    return stmt;
  }

  private tableElements(n: C.TableElementListCstNode): { columns: A.ColumnDef[]; watermark?: A.WatermarkDef } {
    const columns: A.ColumnDef[] = [];
    let watermark: A.WatermarkDef | undefined;
    for (const el of n.children.tableElement) {
      const c = el.children;
      if (c.watermarkDefinition) {
        const w = this.watermarkDefinition(one(c.watermarkDefinition));
        if (watermark) fail('Only one WATERMARK can be declared per source', w.pos);
        watermark = w;
      } else {
        columns.push(this.columnDefinition(one(c.columnDefinition)));
      }
    }
    return watermark ? { columns, watermark } : { columns };
  }

  columnDefinition(n: C.ColumnDefinitionCstNode): A.ColumnDef {
    const c = n.children;
    const nameTok = this.anyWordToken(one(c.anyWord));
    return { name: wordText(nameTok), type: this.dataType(one(c.dataType)), notNull: c.NOT !== undefined, pos: tokenPosition(nameTok) };
  }

  schemaString(n: C.SchemaStringCstNode): A.ColumnDef[] {
    return n.children.columnDefinition.map((d) => this.columnDefinition(d));
  }

  private watermarkDefinition(n: C.WatermarkDefinitionCstNode): A.WatermarkDef {
    const c = n.children;
    return { column: this.identifier(one(c.identifier)), expr: this.expression(one(c.expression)), pos: tokenPosition(one(c.WATERMARK)) };
  }

  private usingClause(n: C.UsingClauseCstNode): string {
    return wordText(this.anyWordToken(one(n.children.anyWord)));
  }

  private optionsClause(n: C.OptionsClauseCstNode): A.Options {
    const options: Record<string, A.OptionValue> = {};
    const seen = new Set<string>();
    for (const entry of n.children.optionEntry ?? []) {
      const c = entry.children;
      const { key, pos } = this.optionKey(one(c.optionKey));
      const lower = key.toLowerCase();
      if (seen.has(lower)) fail(`Duplicate option '${key}'`, pos);
      seen.add(lower);
      // defineProperty, so that a key such as `__proto__` is stored as data rather than changing the prototype.
      Object.defineProperty(options, key, { value: this.optionValue(one(c.optionValue)), enumerable: true, writable: true, configurable: true });
    }
    return options;
  }

  private optionKey(n: C.OptionKeyCstNode): { key: string; pos: SourcePosition } {
    const c = n.children;
    if (c.StringLiteral) {
      const tok = one(c.StringLiteral);
      return { key: unquoteString(tok.image), pos: tokenPosition(tok) };
    }
    const words = (c.anyWord ?? []).map((w) => this.anyWordToken(w));
    return { key: words.map(wordText).join('.'), pos: tokenPosition(one(words)) };
  }

  private optionValue(n: C.OptionValueCstNode): A.OptionValue {
    const c = n.children;
    if (c.StringLiteral) return unquoteString(one(c.StringLiteral).image);
    if (c.NumberLiteral) {
      const v = numberValue(one(c.NumberLiteral).image);
      return c.Minus ? -v : v;
    }
    if (c.TRUE) return true;
    if (c.FALSE) return false;
    return (c.anyWord ?? []).map((w) => wordText(this.anyWordToken(w))).join('.');
  }

  private insertStatement(n: C.InsertStatementCstNode): A.InsertStatement {
    const c = n.children;
    const stmt: Mutable<A.InsertStatement> = {
      kind: 'insert',
      target: this.qualifiedName(one(c.qualifiedName)),
      overwrite: c.OVERWRITE !== undefined,
      source: this.query(one(c.query)),
      pos: tokenPosition(one(c.INSERT)),
    };
    if (c.identifierList) stmt.columns = this.identifierList(one(c.identifierList));
    return stmt;
  }

  private dropStatement(n: C.DropStatementCstNode): A.DropStatement {
    const c = n.children;
    const objectType: A.ObjectType = c.TABLE ? 'table' : c.VIEW ? 'view' : c.SOURCE ? 'source' : 'sink';
    return {
      kind: 'drop',
      objectType,
      name: this.qualifiedName(one(c.qualifiedName)),
      ifExists: c.IF !== undefined,
      pos: tokenPosition(one(c.DROP)),
    };
  }

  private showStatement(n: C.ShowStatementCstNode): A.ShowStatement {
    const c = n.children;
    const tok = firstOf(c.TABLES, c.VIEWS, c.SOURCES, c.SINKS, c.QUERIES, c.FUNCTIONS);
    return { kind: 'show', what: tok.tokenType.name.toLowerCase() as A.ShowStatement['what'], pos: tokenPosition(one(c.SHOW)) };
  }

  private describeStatement(n: C.DescribeStatementCstNode): A.DescribeStatement {
    const c = n.children;
    const pos = tokenPosition(firstOf(c.DESCRIBE, c.DESC));
    if (c.queryId) return { kind: 'describe', target: 'query', name: this.queryId(one(c.queryId)), extended: false, pos };
    return { kind: 'describe', target: 'object', name: this.qualifiedName(one(c.qualifiedName)), extended: c.EXTENDED !== undefined, pos };
  }

  private explainStatement(n: C.ExplainStatementCstNode): A.ExplainStatement {
    const c = n.children;
    return { kind: 'explain', extended: c.EXTENDED !== undefined, statement: this.statement(one(c.statement)), pos: tokenPosition(one(c.EXPLAIN)) };
  }

  private stopStatement(n: C.StopStatementCstNode): A.StopQueryStatement {
    const c = n.children;
    return { kind: 'stopQuery', id: this.queryId(one(c.queryId)), pos: tokenPosition(one(c.STOP)) };
  }

  /** A quoted id is unquoted; an unquoted one is taken as written and must not contain spaces. */
  private queryId(n: C.QueryIdCstNode): string {
    const c = n.children;
    if (c.StringLiteral) return unquoteString(one(c.StringLiteral).image);
    const tokens = [...(c.NumberLiteral ?? []), ...(c.Minus ?? []), ...(c.anyWord ?? []).map((w) => this.anyWordToken(w))];
    tokens.sort((a, b) => a.startOffset - b.startOffset);
    for (let i = 1; i < tokens.length; i++) {
      if (tokens[i]!.startOffset !== (tokens[i - 1]!.endOffset ?? 0) + 1) {
        fail('A query id is one word: quote it if it contains spaces', tokenPosition(tokens[i]!));
      }
    }
    const first = one(tokens);
    const last = tokens[tokens.length - 1]!;
    return this.text.slice(first.startOffset, (last.endOffset ?? last.startOffset) + 1);
  }

  // ============================================================== queries

  query(n: C.QueryCstNode): A.Query {
    const c = n.children;
    const ctes = c.withClause ? one(c.withClause).children.commonTableExpression.map((e) => this.commonTableExpression(e)) : [];
    const body = this.queryTerm(one(c.queryTerm));
    const orderBy = c.orderByClause ? one(c.orderByClause).children.orderItem.map((o) => this.orderItem(o)) : [];
    const emitChanges = c.EMIT !== undefined;
    let limit: A.Expr | undefined;
    let offset: A.Expr | undefined;
    const limitClauses = c.limitClause ?? [];
    if (limitClauses[1]) {
      const second = limitClauses[1].children;
      const tok = second.limitPart?.[0]?.children.LIMIT[0] ?? one(second.offsetPart?.[0]?.children.OFFSET);
      fail('LIMIT / OFFSET can be given once, before or after EMIT CHANGES', tokenPosition(tok));
    }
    if (limitClauses[0]) {
      const lc = limitClauses[0].children;
      const lp = lc.limitPart?.[0]?.children;
      if (lp?.expression) limit = this.expression(one(lp.expression));
      const op = lc.offsetPart?.[0]?.children;
      if (op) offset = this.expression(one(op.expression));
    }
    // `(SELECT … ORDER BY …)` on its own is just that inner query.
    if (body.kind === 'nested' && ctes.length === 0 && orderBy.length === 0 && !limit && !offset && !emitChanges) return body.query;
    const pos = c.withClause ? tokenPosition(one(one(c.withClause).children.WITH)) : body.pos;
    const q: Mutable<A.Query> = { kind: 'query', with: ctes, body, orderBy, emitChanges, pos };
    if (limit) q.limit = limit;
    if (offset) q.offset = offset;
    return q;
  }

  private commonTableExpression(n: C.CommonTableExpressionCstNode): A.CommonTableExpr {
    const c = n.children;
    const id = one(c.identifier);
    const cte: Mutable<A.CommonTableExpr> = { name: this.identifier(id), query: this.query(one(c.query)), pos: tokenPosition(this.identifierToken(id)) };
    if (c.identifierList) cte.columnAliases = this.identifierList(one(c.identifierList));
    return cte;
  }

  private queryTerm(n: C.QueryTermCstNode): A.QueryBody {
    const c = n.children;
    let left = this.queryIntersect(one(c.queryIntersect));
    const ops = c.unionOperator ?? [];
    for (let i = 0; i < ops.length; i++) {
      const oc = ops[i]!.children;
      const right = this.queryIntersect(c.queryIntersect[i + 1]!);
      const op = oc.UNION ? 'union' : 'except';
      left = { kind: 'setOperation', op, all: this.isAll(oc.setQuantifier), left, right, pos: left.pos };
    }
    return left;
  }

  private queryIntersect(n: C.QueryIntersectCstNode): A.QueryBody {
    const c = n.children;
    let left = this.queryPrimary(one(c.queryPrimary));
    const ops = c.intersectOperator ?? [];
    for (let i = 0; i < ops.length; i++) {
      const right = this.queryPrimary(c.queryPrimary[i + 1]!);
      left = { kind: 'setOperation', op: 'intersect', all: this.isAll(ops[i]!.children.setQuantifier), left, right, pos: left.pos };
    }
    return left;
  }

  private isAll(q: C.SetQuantifierCstNode[] | undefined): boolean {
    return q?.[0]?.children.ALL !== undefined;
  }

  private queryPrimary(n: C.QueryPrimaryCstNode): A.QueryBody {
    const c = n.children;
    if (c.selectBody) return this.selectBody(one(c.selectBody));
    if (c.valuesBody) return this.valuesBody(one(c.valuesBody));
    const inner = this.query(one(c.query));
    const plain = inner.with.length === 0 && inner.orderBy.length === 0 && !inner.limit && !inner.offset && !inner.emitChanges;
    return plain ? inner.body : { kind: 'nested', query: inner, pos: tokenPosition(one(c.LParen)) };
  }

  private selectBody(n: C.SelectBodyCstNode): A.SelectBody {
    const c = n.children;
    const body: Mutable<A.SelectBody> = {
      kind: 'select',
      distinct: c.setQuantifier?.[0]?.children.DISTINCT !== undefined,
      items: c.selectItem.map((i) => this.selectItem(i)),
      groupBy: [],
      pos: tokenPosition(one(c.SELECT)),
    };
    if (c.fromClause) body.from = this.fromClause(one(c.fromClause));
    if (c.where) body.where = this.expression(one(c.where));
    if (c.groupBy) body.groupBy = c.groupBy.map((e) => this.expression(e));
    if (c.having) body.having = this.expression(one(c.having));
    return body;
  }

  selectItem(n: C.SelectItemCstNode): A.SelectItem {
    const c = n.children;
    const expr = this.expression(one(c.expression), true);
    if (!c.alias) return { expr, pos: expr.pos };
    if (expr.kind === 'star') fail("'*' cannot have an alias", expr.pos);
    return { expr, alias: this.alias(one(c.alias)), pos: expr.pos };
  }

  private alias(n: C.AliasCstNode): string {
    const c = n.children;
    if (c.identifier) return this.identifier(one(c.identifier));
    const b = one(c.bareAlias).children;
    return wordText(firstOf(b.Identifier, b.QuotedIdentifier, b.Aliasable));
  }

  private valuesBody(n: C.ValuesBodyCstNode): A.ValuesBody {
    const c = n.children;
    const rows: A.Expr[][] = [];
    for (const row of c.valuesRow) {
      const exprs = (row.children.expression ?? []).map((e) => this.expression(e));
      if (rows.length > 0 && exprs.length !== rows[0]!.length) {
        fail(`Every VALUES row must have ${rows[0]!.length} value(s); this one has ${exprs.length}`, exprs[0]!.pos);
      }
      rows.push(exprs);
    }
    return { kind: 'values', rows, pos: tokenPosition(one(c.VALUES)) };
  }

  private orderItem(n: C.OrderItemCstNode): A.OrderItem {
    const c = n.children;
    const expr = this.expression(one(c.expression));
    const item: Mutable<A.OrderItem> = { expr, ascending: c.DESC === undefined, pos: expr.pos };
    if (c.NULLS) item.nullsFirst = c.FIRST !== undefined;
    return item;
  }

  // ============================================================== relations

  private fromClause(n: C.FromClauseCstNode): A.Relation {
    const relations = n.children.relation.map((r) => this.relation(r));
    let left = relations[0]!;
    for (let i = 1; i < relations.length; i++) {
      left = { kind: 'join', joinType: 'cross', left, right: relations[i]!, pos: left.pos };
    }
    return left;
  }

  private relation(n: C.RelationCstNode): A.Relation {
    const c = n.children;
    let left = this.relationPrimary(one(c.relationPrimary));
    for (const part of c.joinPart ?? []) {
      const p = part.children;
      const right = this.relationPrimary(one(p.relationPrimary));
      const join: Mutable<A.JoinRelation> = { kind: 'join', joinType: p.CROSS ? 'cross' : this.joinType(p.joinType?.[0]), left, right, pos: left.pos };
      if (p.NATURAL) join.natural = true;
      if (p.joinCriteria) {
        const jc = one(p.joinCriteria).children;
        if (jc.expression) join.on = this.expression(one(jc.expression));
        else join.using = this.identifierList(one(jc.identifierList));
      }
      left = join;
    }
    return left;
  }

  private joinType(n: C.JoinTypeCstNode | undefined): A.JoinType {
    if (!n) return 'inner';
    const c = n.children;
    if (c.SEMI) return 'semi';
    if (c.ANTI) return 'anti';
    if (c.LEFT) return 'left';
    if (c.RIGHT) return 'right';
    if (c.FULL) return 'full';
    return 'inner';
  }

  private relationPrimary(n: C.RelationPrimaryCstNode): A.Relation {
    const c = n.children;
    const alias = c.tableAlias ? this.tableAlias(one(c.tableAlias)) : undefined;
    if (c.qualifiedName) {
      const nameNode = one(c.qualifiedName);
      const rel: Mutable<A.TableRelation> = { kind: 'table', name: this.qualifiedName(nameNode), pos: tokenPosition(this.identifierToken(one(nameNode.children.identifier))) };
      if (alias) {
        if (alias.columns) fail('Column aliases need a subquery: FROM (SELECT * FROM t) AS x(a, b)', alias.columnsPos!);
        rel.alias = alias.name;
      }
      return rel;
    }
    let rel: Mutable<A.SubqueryRelation> | Mutable<A.TableFunctionRelation>;
    if (c.tableFunction) {
      rel = this.tableFunction(one(c.tableFunction));
    } else if (c.valuesBody) {
      const body = this.valuesBody(one(c.valuesBody));
      rel = { kind: 'subquery', query: { kind: 'query', with: [], body, orderBy: [], emitChanges: false, pos: body.pos }, pos: body.pos };
    } else {
      rel = { kind: 'subquery', query: this.query(one(c.query)), pos: tokenPosition(one(c.LParen)) };
    }
    if (alias) {
      rel.alias = alias.name;
      if (alias.columns) rel.columnAliases = alias.columns;
    }
    return rel;
  }

  private tableAlias(n: C.TableAliasCstNode): { name: string; columns?: string[]; columnsPos?: SourcePosition } {
    const c = n.children;
    const name = this.alias(one(c.alias));
    if (!c.identifierList) return { name };
    const list = one(c.identifierList);
    return { name, columns: this.identifierList(list), columnsPos: tokenPosition(one(list.children.LParen)) };
  }

  private tableFunction(n: C.TableFunctionCstNode): Mutable<A.TableFunctionRelation> {
    const c = n.children;
    const { name, tok } = this.functionName(one(c.functionName));
    return { kind: 'tableFunction', name, args: (c.tableFunctionArg ?? []).map((a) => this.tableFunctionArg(a)), pos: tokenPosition(tok) };
  }

  private tableFunctionArg(n: C.TableFunctionArgCstNode): A.TableFunctionArg {
    const c = n.children;
    if (c.TABLE) return { kind: 'tableArg', name: this.qualifiedName(one(c.qualifiedName)), pos: tokenPosition(one(c.TABLE)) };
    if (c.DESCRIPTOR) return { kind: 'descriptor', columns: this.identifierList(one(c.identifierList)), pos: tokenPosition(one(c.DESCRIPTOR)) };
    const expr = this.expression(one(c.expression));
    return { kind: 'exprArg', expr, pos: expr.pos };
  }

  // ============================================================== expressions

  /** @param allowStar whether a bare `*` / `t.*` may stand here (a select item, a function argument). */
  expression(n: C.ExpressionCstNode, allowStar = false): A.Expr {
    const c = n.children;
    const operands = c.operand;
    const operators = c.operator ?? [];
    const predicates = c.predicate ?? [];
    let items: ChainItem<C.OperandCstNode, C.PredicateCstNode>[];
    if (predicates.length === 0) {
      items = [];
      this.pushOperand(items, operands[0]!);
      for (let i = 0; i < operators.length; i++) {
        items.push({ kind: 'infix', token: operators[i]! });
        this.pushOperand(items, operands[i + 1]!);
      }
    } else {
      items = this.interleave(operands, operators, predicates);
    }
    const e = foldChain(items, this.chainBuilder);
    if (e.kind === 'star' && !allowStar) fail("'*' is only allowed as a select item or a function argument", e.pos);
    return e;
  }

  /** Operators and predicates sit in separate CST lists; their first tokens' offsets restore the text order. */
  private interleave(operands: C.OperandCstNode[], operators: IToken[], predicates: C.PredicateCstNode[]): ChainItem<C.OperandCstNode, C.PredicateCstNode>[] {
    const tails: ({ at: number; token: IToken } | { at: number; predicate: C.PredicateCstNode })[] = [
      ...operators.map((token) => ({ at: token.startOffset, token })),
      ...predicates.map((predicate) => ({ at: predicateStart(predicate).startOffset, predicate })),
    ];
    tails.sort((a, b) => a.at - b.at);
    const items: ChainItem<C.OperandCstNode, C.PredicateCstNode>[] = [];
    let nextOperand = 0;
    this.pushOperand(items, operands[nextOperand++]!);
    for (const t of tails) {
      if ('predicate' in t) {
        items.push({ kind: 'predicate', node: t.predicate });
      } else {
        items.push({ kind: 'infix', token: t.token });
        this.pushOperand(items, operands[nextOperand++]!);
      }
    }
    return items;
  }

  private pushOperand(items: ChainItem<C.OperandCstNode, C.PredicateCstNode>[], operand: C.OperandCstNode): void {
    const prefixes = operand.children.prefix;
    if (prefixes) for (const token of prefixes) items.push({ kind: 'prefix', token });
    items.push({ kind: 'operand', node: operand });
  }

  private arithmetic(n: C.ArithmeticExpressionCstNode): A.Expr {
    const c = n.children;
    const items: ChainItem<C.OperandCstNode, C.PredicateCstNode>[] = [];
    this.pushOperand(items, c.operand[0]!);
    const operators = c.operator ?? [];
    for (let i = 0; i < operators.length; i++) {
      items.push({ kind: 'infix', token: operators[i]! });
      this.pushOperand(items, c.operand[i + 1]!);
    }
    return this.operand(foldChain(items, this.chainBuilder));
  }

  private readonly chainBuilder: ChainBuilder<C.OperandCstNode, C.PredicateCstNode, A.Expr> = {
    operand: (node) => this.operandCore(node),
    prefix: (token, operand) => this.prefixed(token, this.operand(operand)),
    infix: (token, left, right) => this.binary(infixOp(token), left, right),
    predicate: (left, node) => this.predicate(this.operand(left), node),
  };

  private prefixed(tok: IToken, operand: A.Expr): A.Expr {
    const pos = tokenPosition(tok);
    const t = tok.tokenType;
    if (t === T.NOT || t === T.Bang) {
      if (operand.kind === 'exists' && !operand.negated) return { ...operand, negated: true, pos };
      return { kind: 'unary', op: 'not', operand, pos };
    }
    // `-INTERVAL '5' MINUTES` is a negative interval literal rather than a negation to evaluate.
    if (t === T.Minus && operand.kind === 'intervalLiteral') return { ...operand, negative: !operand.negative, pos };
    return { kind: 'unary', op: t === T.Minus ? '-' : t === T.Plus ? '+' : '~', operand, pos };
  }

  private predicate(left: A.Expr, n: C.PredicateCstNode): A.Expr {
    const c = n.children;
    const pos = left.pos;
    if (c.IS) {
      const negated = c.isNot !== undefined;
      if (c.NULL) return { kind: 'isNull', expr: left, negated, pos };
      if (c.distinctFrom) {
        const same: A.Expr = this.binary('<=>', left, this.arithmetic(one(c.distinctFrom)));
        // IS NOT DISTINCT FROM is null-safe equality; IS DISTINCT FROM is its negation.
        return negated ? same : { kind: 'unary', op: 'not', operand: same, pos };
      }
      return { kind: 'isBoolean', expr: left, value: c.TRUE ? true : c.FALSE ? false : null, negated, pos };
    }
    const negated = c.negation !== undefined;
    if (c.BETWEEN) return { kind: 'between', expr: left, low: this.arithmetic(one(c.low)), high: this.arithmetic(one(c.high)), negated, pos };
    if (c.IN) {
      if (c.query) return { kind: 'inSubquery', expr: left, query: this.query(one(c.query)), negated, pos };
      return { kind: 'inList', expr: left, list: (c.expression ?? []).map((e) => this.expression(e)), negated, pos };
    }
    const opTok = one(c.likeOperator);
    const op = opTok.tokenType === T.LIKE ? 'like' : opTok.tokenType === T.ILIKE ? 'ilike' : 'rlike';
    const like: Mutable<A.LikeExpr> = { kind: 'like', op, expr: left, pattern: this.arithmetic(one(c.pattern)), negated, pos };
    if (c.StringLiteral) {
      const escTok = one(c.StringLiteral);
      if (op === 'rlike') fail('ESCAPE applies to LIKE and ILIKE only', tokenPosition(one(c.ESCAPE)));
      const escape = unquoteString(escTok.image);
      if (escape.length !== 1) fail(`The ESCAPE string must be a single character, not '${escape}'`, tokenPosition(escTok));
      like.escape = escape;
    }
    return like;
  }

  /** The operand without its prefix operators (the folder applies those): a primary and its postfix operations. */
  private operandCore(n: C.OperandCstNode): A.Expr {
    const c = n.children;
    let expr = this.primary(c);
    const postfix = c.postfixOp;
    if (!postfix) return expr;
    for (const op of postfix) {
      const o = op.children;
      expr = this.operand(expr);
      if (o.LBracket) {
        expr = { kind: 'subscript', expr, index: this.expression(one(o.expression)), pos: expr.pos };
      } else if (o.anyWord) {
        expr = { kind: 'fieldAccess', expr, field: wordText(this.anyWordToken(one(o.anyWord))), pos: expr.pos };
      } else {
        expr = { kind: 'cast', expr, type: this.dataType(one(o.dataType)), isTry: false, pos: expr.pos };
      }
    }
    return expr;
  }

  private primary(c: C.OperandCstChildren): A.Expr {
    if (c.columnReference) return this.columnReference(one(c.columnReference));
    if (c.functionCall) return this.functionCall(one(c.functionCall));
    if (c.NumberLiteral) {
      const tok = one(c.NumberLiteral);
      return { kind: 'literal', literalType: 'number', value: tok.image, pos: tokenPosition(tok) };
    }
    if (c.StringLiteral) {
      // Adjacent string literals concatenate, as in Spark: 'a' 'b' is 'ab'.
      const toks = c.StringLiteral;
      const value = toks.length === 1 ? unquoteString(toks[0]!.image) : toks.map((t) => unquoteString(t.image)).join('');
      return { kind: 'literal', literalType: 'string', value, pos: tokenPosition(toks[0]!) };
    }
    if (c.parenthesizedExpression) return this.parenthesized(one(c.parenthesizedExpression));
    if (c.Star) return { kind: 'star', pos: tokenPosition(one(c.Star)) };
    if (c.NULL) return { kind: 'literal', literalType: 'null', value: null, pos: tokenPosition(one(c.NULL)) };
    if (c.TRUE) return { kind: 'literal', literalType: 'boolean', value: true, pos: tokenPosition(one(c.TRUE)) };
    if (c.FALSE) return { kind: 'literal', literalType: 'boolean', value: false, pos: tokenPosition(one(c.FALSE)) };
    if (c.typedLiteral) return this.typedLiteral(one(c.typedLiteral));
    if (c.intervalLiteral) return this.intervalLiteral(one(c.intervalLiteral));
    if (c.caseExpression) return this.caseExpression(one(c.caseExpression));
    if (c.castExpression) return this.castExpression(one(c.castExpression));
    if (c.specialFunction) return this.specialFunction(one(c.specialFunction));
    if (c.subqueryExpression) {
      const s = one(c.subqueryExpression).children;
      return { kind: 'scalarSubquery', query: this.query(one(s.query)), pos: tokenPosition(one(s.LParen)) };
    }
    if (c.existsExpression) {
      const e = one(c.existsExpression).children;
      return { kind: 'exists', query: this.query(one(e.query)), negated: false, pos: tokenPosition(one(e.EXISTS)) };
    }
    const tok = one(c.BinaryLiteral);
    const hex = tok.image.slice(2, -1);
    if (!/^[0-9a-fA-F]*$/.test(hex)) fail(`Invalid binary literal ${tok.image}: only hexadecimal digits are allowed`, tokenPosition(tok));
    return { kind: 'typedLiteral', typeName: 'binary', text: hex, pos: tokenPosition(tok) };
  }

  /** `(a)` is `a`; `(a, b)` is a struct, as Spark's row constructor. */
  private parenthesized(n: C.ParenthesizedExpressionCstNode): A.Expr {
    const c = n.children;
    const items = c.expression.map((e) => this.expression(e));
    if (items.length === 1) return items[0]!;
    return this.call('struct', items, tokenPosition(one(c.LParen)));
  }

  private specialFunction(n: C.SpecialFunctionCstNode): A.CallExpr {
    const c = n.children;
    if (c.extractExpression) return this.extractExpression(one(c.extractExpression));
    if (c.substringExpression) return this.substringExpression(one(c.substringExpression));
    if (c.trimExpression) return this.trimExpression(one(c.trimExpression));
    return this.positionExpression(one(c.positionExpression));
  }

  private typedLiteral(n: C.TypedLiteralCstNode): A.TypedLiteralExpr {
    const c = n.children;
    const strTok = one(c.StringLiteral);
    const text = unquoteString(strTok.image);
    if (c.DATE) {
      if (parseDate(text) === null) fail(`Invalid DATE literal '${text}': expected yyyy-mm-dd`, tokenPosition(strTok));
      return { kind: 'typedLiteral', typeName: 'date', text, pos: tokenPosition(one(c.DATE)) };
    }
    if (parseTimestamp(text) === null) fail(`Invalid TIMESTAMP literal '${text}': expected yyyy-mm-dd hh:mm:ss`, tokenPosition(strTok));
    return { kind: 'typedLiteral', typeName: 'timestamp', text, pos: tokenPosition(one(c.TIMESTAMP)) };
  }

  private intervalLiteral(n: C.IntervalLiteralCstNode): A.IntervalLiteralExpr {
    const c = n.children;
    const negativeSign = c.Minus !== undefined;
    const parts: { value: string; unit?: string; toUnit?: string }[] = [];
    const partNodes = c.intervalPart;
    for (let i = 0; i < partNodes.length; i++) {
      const p = partNodes[i]!.children;
      const valueTok = firstOf(p.StringLiteral, p.NumberLiteral);
      let value = valueTok.tokenType === T.StringLiteral ? unquoteString(valueTok.image) : valueTok.image;
      if (!p.unit) {
        if (valueTok.tokenType === T.NumberLiteral || partNodes.length > 1) {
          fail(`The interval value ${valueTok.image} needs a unit, e.g. INTERVAL ${valueTok.image} MINUTES`, tokenPosition(valueTok));
        }
        if (parseIntervalString(value) === null) fail(`Invalid interval '${value}': write it like '10 minutes' or '1 day 2 hours'`, tokenPosition(valueTok));
        parts.push({ value });
        continue;
      }
      const unitTok = one(p.unit);
      const unit = normalizeIntervalUnit(unitTok.image)!;
      if (!p.toUnit && !Number.isFinite(Number(value.trim()))) {
        fail(`Invalid interval value '${value}' for unit ${unitTok.image.toUpperCase()}: expected a number`, tokenPosition(valueTok));
      }
      if (i === 0 && negativeSign) value = value.startsWith('-') ? value.slice(1) : `-${value}`;
      const part: { value: string; unit?: string; toUnit?: string } = { value, unit };
      if (p.toUnit) part.toUnit = normalizeIntervalUnit(one(p.toUnit).image)!;
      parts.push(part);
    }
    // A sign before a whole interval string negates that interval; before a unit value it belongs to the value.
    const negative = negativeSign && parts[0]!.unit === undefined;
    return { kind: 'intervalLiteral', negative, parts, pos: tokenPosition(one(c.INTERVAL)) };
  }

  private caseExpression(n: C.CaseExpressionCstNode): A.CaseExpr {
    const c = n.children;
    const e: Mutable<A.CaseExpr> = {
      kind: 'case',
      whens: c.whenClause.map((w) => ({ when: this.expression(one(w.children.condition)), then: this.expression(one(w.children.result)) })),
      pos: tokenPosition(one(c.CASE)),
    };
    if (c.operand) e.operand = this.expression(one(c.operand));
    if (c.otherwise) e.else = this.expression(one(c.otherwise));
    return e;
  }

  private castExpression(n: C.CastExpressionCstNode): A.CastExpr {
    const c = n.children;
    const tok = firstOf(c.CAST, c.TRY_CAST);
    return { kind: 'cast', expr: this.expression(one(c.expression)), type: this.dataType(one(c.dataType)), isTry: c.TRY_CAST !== undefined, pos: tokenPosition(tok) };
  }

  /** `extract(YEAR FROM ts)` → `extract('YEAR', ts)`. */
  private extractExpression(n: C.ExtractExpressionCstNode): A.CallExpr {
    const c = n.children;
    const fieldTok = this.identifierToken(one(c.identifier));
    const field: A.Expr = { kind: 'literal', literalType: 'string', value: wordText(fieldTok), pos: tokenPosition(fieldTok) };
    const nameTok = one(c.EXTRACT);
    return this.call(nameTok.image, [field, this.expression(one(c.expression))], tokenPosition(nameTok));
  }

  /** `substring(s FROM 2 FOR 3)` → `substring(s, 2, 3)`. */
  private substringExpression(n: C.SubstringExpressionCstNode): A.CallExpr {
    const c = n.children;
    const nameTok = firstOf(c.SUBSTRING, c.SUBSTR);
    return this.call(nameTok.image, c.expression.map((e) => this.expression(e)), tokenPosition(nameTok));
  }

  /**
   * `trim([BOTH] chars FROM s)` → `trim(s, chars)`, LEADING → `ltrim(s, chars)`, TRAILING → `rtrim(s, chars)`:
   * the string to trim always comes first, the characters to remove second (as `btrim(str, trimStr)`).
   */
  private trimExpression(n: C.TrimExpressionCstNode): A.CallExpr {
    const c = n.children;
    const nameTok = one(c.TRIM);
    const pos = tokenPosition(nameTok);
    const mode = c.BOTH?.[0] ?? c.LEADING?.[0] ?? c.TRAILING?.[0];
    const first = c.first ? this.expression(one(c.first)) : undefined;
    if (c.source) {
      const name = c.LEADING ? 'ltrim' : c.TRAILING ? 'rtrim' : 'trim';
      const args = [this.expression(one(c.source))];
      if (first) args.push(first);
      return this.call(name, args, pos);
    }
    if (mode) fail(`${mode.image.toUpperCase()} needs FROM: trim(${mode.image.toUpperCase()} 'x' FROM s)`, tokenPosition(one(c.RParen)));
    if (!first && c.Comma) fail('Syntax error at or near \',\': expected an expression', tokenPosition(one(c.Comma)));
    const args = first ? [first, ...(c.rest ?? []).map((e) => this.expression(e))] : [];
    return this.call(nameTok.image, args, pos);
  }

  /** `position(sub IN s)` → `position(sub, s)`. */
  private positionExpression(n: C.PositionExpressionCstNode): A.CallExpr {
    const c = n.children;
    const nameTok = one(c.POSITION);
    const args = [this.arithmetic(one(c.first))];
    if (c.source) args.push(this.arithmetic(one(c.source)));
    for (const e of c.rest ?? []) args.push(this.expression(e));
    return this.call(nameTok.image, args, tokenPosition(nameTok));
  }

  private functionCall(n: C.FunctionCallCstNode): A.CallExpr {
    const c = n.children;
    const nameTok = one(c.name);
    const call: Mutable<A.CallExpr> = {
      kind: 'call',
      name: wordText(nameTok),
      args: c.Star ? [] : (c.expression ?? []).map((e) => this.expression(e, true)),
      distinct: c.setQuantifier?.[0]?.children.DISTINCT !== undefined,
      star: c.Star !== undefined,
      pos: tokenPosition(nameTok),
    };
    if (c.filter) call.filter = this.expression(one(c.filter));
    if (c.windowSpec) call.over = this.windowSpec(one(c.windowSpec), tokenPosition(one(c.OVER)));
    return call;
  }

  private functionName(n: C.FunctionNameCstNode): { name: string; tok: IToken } {
    const c = n.children;
    if (c.identifier) {
      const id = one(c.identifier);
      return { name: this.identifier(id), tok: this.identifierToken(id) };
    }
    const tok = firstOf(c.LEFT, c.RIGHT);
    return { name: tok.image, tok };
  }

  private windowSpec(n: C.WindowSpecCstNode, pos: SourcePosition): A.WindowSpec {
    const c = n.children;
    const spec: Mutable<A.WindowSpec> = {
      partitionBy: (c.expression ?? []).map((e) => this.expression(e)),
      orderBy: (c.orderItem ?? []).map((o) => this.orderItem(o)),
      pos,
    };
    if (c.windowFrame) spec.frame = this.windowFrame(one(c.windowFrame));
    return spec;
  }

  /** A single bound `ROWS n PRECEDING` means `ROWS BETWEEN n PRECEDING AND CURRENT ROW`. */
  private windowFrame(n: C.WindowFrameCstNode): A.WindowFrame {
    const c = n.children;
    return {
      type: c.ROWS ? 'rows' : 'range',
      start: this.frameBound(one(c.start)),
      end: c.end ? this.frameBound(one(c.end)) : { kind: 'currentRow' },
    };
  }

  private frameBound(n: C.FrameBoundCstNode): A.FrameBound {
    const c = n.children;
    if (c.UNBOUNDED) return c.PRECEDING ? { kind: 'unboundedPreceding' } : { kind: 'unboundedFollowing' };
    if (c.CURRENT) return { kind: 'currentRow' };
    const offset = this.arithmetic(one(c.arithmeticExpression));
    return c.PRECEDING ? { kind: 'preceding', offset } : { kind: 'following', offset };
  }

  private columnReference(n: C.ColumnReferenceCstNode): A.ColumnExpr | A.StarExpr {
    const c = n.children;
    const names = c.name ?? [];
    const pos = tokenPosition(one(names));
    const parts = names.length === 1 ? [wordText(names[0]!)] : names.map(wordText);
    if (c.Star) return { kind: 'star', qualifier: parts.join('.'), pos };
    return { kind: 'column', parts, pos };
  }

  private call(name: string, args: A.Expr[], pos: SourcePosition): A.CallExpr {
    return { kind: 'call', name, args, distinct: false, star: false, pos };
  }

  private binary(op: A.BinaryOp, left: A.Expr, right: A.Expr): A.BinaryExpr {
    return { kind: 'binary', op, left: this.operand(left), right: this.operand(right), pos: left.pos };
  }

  /** An operand of an operator: anything but `*`. */
  private operand(e: A.Expr): A.Expr {
    if (e.kind === 'star') fail("'*' is only allowed as a select item or a function argument", e.pos);
    return e;
  }

  // ============================================================== types and names

  dataType(n: C.DataTypeCstNode): DataType {
    const c = n.children;
    const nameTok = one(c.typeName);
    const name = wordText(nameTok);
    const pos = tokenPosition(nameTok);
    if (c.Lt || c.noArguments) {
      const args = c.typeArgument ?? [];
      switch (name.toLowerCase()) {
        case 'array':
          if (args.length !== 1) fail(`ARRAY takes one element type, e.g. ARRAY<STRING>`, pos);
          return arrayType(this.plainTypeArgument(args[0]!));
        case 'map':
          if (args.length !== 2) fail(`MAP takes a key and a value type, e.g. MAP<STRING, INT>`, pos);
          return mapType(this.plainTypeArgument(args[0]!), this.plainTypeArgument(args[1]!));
        default:
          return structType(args.map((a) => this.structFieldArgument(a)));
      }
    }
    const text = c.NumberLiteral ? `${name}(${c.NumberLiteral.map((t) => t.image).join(',')})` : name;
    const type = parseTypeName(text);
    if (!type) fail(`Unsupported data type '${text}'`, pos);
    return type;
  }

  private plainTypeArgument(n: C.TypeArgumentCstNode): DataType {
    const c = n.children;
    if (c.fieldType) fail('Only STRUCT fields have names', tokenPosition(one(one(c.dataType).children.typeName)));
    return this.dataType(one(c.dataType));
  }

  private structFieldArgument(n: C.TypeArgumentCstNode): StructField {
    const c = n.children;
    const nameNode = one(c.dataType);
    const nameTok = one(nameNode.children.typeName);
    if (!c.fieldType || nameNode.children.Lt || nameNode.children.NumberLiteral) {
      fail('A STRUCT field needs a name and a type, e.g. STRUCT<a: INT, b: STRING>', tokenPosition(nameTok));
    }
    return structField(wordText(nameTok), this.dataType(one(c.fieldType)), c.NOT === undefined);
  }

  private qualifiedName(n: C.QualifiedNameCstNode): string {
    const c = n.children;
    const first = this.identifier(one(c.identifier));
    if (!c.anyWord) return first;
    return [first, ...c.anyWord.map((w) => wordText(this.anyWordToken(w)))].join('.');
  }

  private identifierList(n: C.IdentifierListCstNode): string[] {
    return n.children.identifier.map((i) => this.identifier(i));
  }

  private identifier(n: C.IdentifierCstNode): string {
    return wordText(this.identifierToken(n));
  }

  private identifierToken(n: C.IdentifierCstNode): IToken {
    const c = n.children;
    return firstOf(c.Identifier, c.QuotedIdentifier, c.NonReserved);
  }

  private anyWordToken(n: C.AnyWordCstNode): IToken {
    const c = n.children;
    return firstOf(c.Identifier, c.QuotedIdentifier, c.Keyword);
  }
}

/** The AST operator of an infix token: `==` is `=`, `!=` is `<>`, keywords are lower-cased. */
function infixOp(tok: IToken): A.BinaryOp {
  const t = tok.tokenType;
  if (t === T.Eq) return '=';
  if (t === T.NotEq) return '<>';
  if (t === T.AND) return 'and';
  if (t === T.OR) return 'or';
  if (t === T.DIV) return 'div';
  return tok.image as A.BinaryOp;
}

/** A predicate's first token: its NOT, or the keyword that starts it. */
function predicateStart(n: C.PredicateCstNode): IToken {
  const c = n.children;
  return firstOf(c.negation, c.IS, c.BETWEEN, c.IN, c.likeOperator);
}
