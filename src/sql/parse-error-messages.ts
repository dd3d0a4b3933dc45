/**
 * What the parser says it expected when it stops: chevrotain calls these builders at the failing decision, and
 * their text becomes the part after the colon of `Syntax error at or near 'x': expected an expression`. The
 * "at or near" part is added by `parse-errors.ts`, which knows where the statement ends.
 */
import type { IParserErrorMessageProvider, TokenType } from 'chevrotain';

/** Rules whose failure is best described by what they are, not by the tokens that could start them. */
const ruleDescriptions: Readonly<Record<string, string>> = {
  statement: 'a statement (SELECT, WITH, VALUES, CREATE, INSERT, DROP, SHOW, DESCRIBE, EXPLAIN, SET or STOP)',
  query: 'a query (SELECT, VALUES or a parenthesised query)',
  queryTerm: 'a query (SELECT, VALUES or a parenthesised query)',
  queryIntersect: 'a query (SELECT, VALUES or a parenthesised query)',
  queryPrimary: 'a query (SELECT, VALUES or a parenthesised query)',
  expression: 'an expression',
  arithmeticExpression: 'an expression',
  operand: 'an expression',
  valuesRow: 'an expression',
  relation: 'a table name, a subquery or VALUES',
  relationPrimary: 'a table name, a subquery or VALUES',
  tableFunctionArg: 'a table function argument (TABLE t, DESCRIPTOR(col) or an expression)',
  identifier: 'a name',
  bareAlias: 'a name',
  anyWord: 'a name',
  qualifiedName: 'a name',
  functionName: 'a function name',
  alias: 'an alias',
  dataType: 'a data type',
  typeArgument: 'a data type',
  tableElement: 'a column definition',
  columnDefinition: 'a column definition',
  optionKey: 'an option name',
  optionValue: 'an option value (a string, number, boolean or name)',
  queryId: 'a query id',
  frameBound: 'a frame bound (UNBOUNDED PRECEDING, n PRECEDING, CURRENT ROW, n FOLLOWING or UNBOUNDED FOLLOWING)',
  intervalPart: "an interval value such as '10' or 10",
  limitPart: 'a number of rows or ALL',
  offsetPart: 'a number of rows',
};

const categoryLabels: Readonly<Record<string, string>> = {
  Keyword: 'a name',
  NonReserved: 'a name',
  Aliasable: 'a name',
};

function label(t: TokenType): string {
  return categoryLabels[t.name] ?? t.LABEL ?? t.name;
}

function listOf(labels: readonly string[]): string {
  if (labels.length <= 1) return labels[0] ?? 'more input';
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

function expectedFromPaths(ruleName: string, paths: readonly (readonly TokenType[])[]): string {
  const described = ruleDescriptions[ruleName];
  if (described) return `expected ${described}`;
  const labels: string[] = [];
  for (const path of paths) {
    const first = path[0];
    if (first === undefined) continue;
    const l = label(first);
    if (!labels.includes(l)) labels.push(l);
  }
  return `expected ${listOf(labels)}`;
}

export const parserErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected }) {
    return `expected ${label(expected)}`;
  },
  buildNotAllInputParsedMessage() {
    return 'extra input after a complete statement (a missing comma or semicolon?)';
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, ruleName, customUserDescription }) {
    return customUserDescription ? `expected ${customUserDescription}` : expectedFromPaths(ruleName, expectedPathsPerAlt.flat());
  },
  /** Every repetition that must run once says what it repeats (`ERR_MSG` in the grammar). */
  buildEarlyExitMessage({ expectedIterationPaths, ruleName, customUserDescription }) {
    return customUserDescription ? `expected ${customUserDescription}` : expectedFromPaths(ruleName, expectedIterationPaths);
  },
};
