/**
 * Tab completion for the REPL: keywords the grammar allows at the cursor (chevrotain's content assist, through
 * `completionCandidates`), and names the session knows — columns of the relations the statement mentions,
 * functions, tables, sources, views, sinks and queries — chosen by what precedes the cursor:
 *
 * - after `FROM`, `JOIN`, `TABLE`, `INTO`, `DESCRIBE`, `DROP …`: relation names (and sinks where they fit);
 * - after `QUERY` (`STOP QUERY`, `DESCRIBE QUERY`): query names;
 * - after `name.`: the columns of that relation (or alias);
 * - elsewhere in an expression: the columns in scope (every relation's columns when the statement names none
 *   yet), then function names (only once a letter is typed — there are hundreds), then relation names.
 *
 * Matching ignores case; keywords come back in the case the prefix was typed in.
 *
 * ```ts
 * const c = new ReplCompleter(session);
 * c.complete('SELECT val', 'SELECT val FROM r');   // [['value'], 'val']
 * ```
 */
import type { IToken } from 'chevrotain';
import { completionCandidates } from '../sql/parse.js';
import { tokenize } from '../sql/lexer.js';
import { scalarFunctionNames } from '../planner/functions/scalar-catalog.js';
import { aggregateFunctionName } from '../planner/analyzer/aggregate-functions.js';
import type { Session } from '../api/session.js';

/** Candidates and the text they replace, the shape readline's completer returns. */
export type Completion = [string[], string];

/** Spellings offered for aggregates; only those the analyzer accepts are kept. */
const AGGREGATE_SPELLINGS = [
  'count', 'sum', 'avg', 'mean', 'min', 'max', 'first', 'first_value', 'last', 'last_value', 'any_value',
  'collect_list', 'array_agg', 'collect_set', 'stddev', 'std', 'stddev_samp', 'stddev_pop', 'variance', 'var_samp',
  'var_pop', 'approx_count_distinct', 'count_if', 'bool_and', 'every', 'bool_or', 'some', 'any', 'max_by', 'min_by',
];

const RELATION_CONTEXT = new Set(['FROM', 'JOIN', 'TABLE', 'DESCRIBE', 'EXTENDED', 'SOURCE', 'VIEW']);
const SINK_CONTEXT = new Set(['INTO', 'SINK', 'DESCRIBE', 'EXTENDED']);
const NAME_TOKENS = new Set(['Identifier', 'QuotedIdentifier']);

export class ReplCompleter {
  private functionNames: string[] | undefined;

  constructor(private readonly session: Session) {}

  /**
   * `before` is the statement up to the cursor; `whole` the statement including what follows the cursor
   * (it tells which relations are in scope).
   */
  complete(before: string, whole: string = before): Completion {
    const assist = completionCandidates(before, before.length);
    const prefix = assist.prefix;
    const { tokens } = tokenize(before);
    const ahead = prefix !== '' ? tokens.slice(0, -1) : tokens;
    const prev = ahead[ahead.length - 1];
    const matches = (n: string): boolean => n.toLowerCase().startsWith(prefix.toLowerCase());

    if (prev?.tokenType.name === 'Dot') {
      const qualifier = ahead[ahead.length - 2];
      if (!qualifier) return [[], prefix];
      const columns = this.columnsOf(this.resolveAlias(unquote(qualifier.image), whole));
      return [unique(columns.filter(matches)), prefix];
    }

    const keywords = assist.keywords.map((k) => (prefix !== '' && prefix === prefix.toLowerCase() ? k.toLowerCase() : k));
    const wantsNames = assist.expectsIdentifier || (assist.keywords.length === 0 && prefix !== '');
    const names: string[] = [];
    if (wantsNames) {
      const context = prev?.tokenType.name ?? '';
      const afterDrop = ahead[ahead.length - 2]?.tokenType.name === 'DROP';
      if (context === 'QUERY') {
        names.push(...this.queryNames());
      } else if (RELATION_CONTEXT.has(context) || SINK_CONTEXT.has(context) || afterDrop) {
        if (RELATION_CONTEXT.has(context) || afterDrop) names.push(...this.relationNames());
        if (SINK_CONTEXT.has(context) || afterDrop) names.push(...this.names('sink'));
      } else {
        const scope = this.relationsIn(whole);
        const columns = scope.length > 0 ? scope.flatMap((r) => this.columnsOf(r)) : this.relationNames().flatMap((r) => this.columnsOf(r));
        names.push(...columns);
        if (prefix !== '') names.push(...this.functions());
        names.push(...this.relationNames());
      }
    }
    return [unique([...names.filter(matches), ...keywords]), prefix];
  }

  private names(kind: 'table' | 'source' | 'view' | 'sink'): string[] {
    return this.session.catalog.list(kind).map((o) => o.name);
  }

  private relationNames(): string[] {
    return [...this.names('source'), ...this.names('table'), ...this.names('view')];
  }

  private queryNames(): string[] {
    return this.session.streams.all.map((q) => q.name).filter((n): n is string => n !== null);
  }

  private functions(): string[] {
    this.functionNames ??= unique([...AGGREGATE_SPELLINGS.filter((n) => aggregateFunctionName(n) !== undefined), ...scalarFunctionNames()]);
    return this.functionNames;
  }

  /** The output columns of a table, source or view; none for anything else (or a view that no longer analyzes). */
  private columnsOf(name: string): string[] {
    const o = this.session.catalog.get(name);
    if (!o || o.kind === 'sink') return [];
    if (o.kind !== 'view') return o.schema.fields.map((f) => f.name);
    try {
      return this.session.analyze(o.query).output.map((a) => a.name);
    } catch {
      return [];
    }
  }

  /** Relations the statement names (in any position: a name the catalog knows as a table, source or view). */
  private relationsIn(text: string): string[] {
    const found: string[] = [];
    for (const t of tokenize(text).tokens) {
      const name = nameOf(t);
      if (name === undefined) continue;
      const o = this.session.catalog.get(name);
      if (o && o.kind !== 'sink' && !found.includes(o.name)) found.push(o.name);
    }
    return found;
  }

  /** `r AS x` / `r x` in the statement makes `x` mean `r`. */
  private resolveAlias(qualifier: string, text: string): string {
    if (this.session.catalog.get(qualifier)) return qualifier;
    const tokens = tokenize(text).tokens;
    for (let i = 0; i + 1 < tokens.length; i++) {
      const rel = nameOf(tokens[i]!);
      if (rel === undefined || !this.session.catalog.get(rel)) continue;
      let j = i + 1;
      if (tokens[j]!.tokenType.name === 'AS') j++;
      const alias = tokens[j] && nameOf(tokens[j]!);
      if (alias !== undefined && alias.toLowerCase() === qualifier.toLowerCase()) return rel;
    }
    return qualifier;
  }
}

function nameOf(t: IToken): string | undefined {
  if (NAME_TOKENS.has(t.tokenType.name)) return unquote(t.image);
  // Non-reserved keywords (e.g. `value`) may name things too.
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.image)) return t.image;
  return undefined;
}

function unquote(s: string): string {
  return s.startsWith('`') && s.endsWith('`') && s.length >= 2 ? s.slice(1, -1).replace(/``/g, '`') : s;
}

function unique(xs: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const x of xs) {
    if (seen.has(x)) continue;
    seen.add(x);
    out.push(x);
  }
  return out;
}
