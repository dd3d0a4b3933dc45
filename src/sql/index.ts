/** The SQL front end: text → AST (see ast.ts for the tree, parse.ts for the entry points). */
export {
  completionCandidates,
  parseExpression,
  parseQuery,
  parseSchemaString,
  parseSelectItem,
  parseSql,
  parseStatements,
  sqlKeywords,
  type CompletionResult,
  type ParseResult,
} from './parse.js';
export type * from './ast.js';
