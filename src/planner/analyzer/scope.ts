/**
 * The columns visible at one point of a query: each with the qualifier (table alias) it can be named by.
 * A scope may have an outer scope (the enclosing query of a correlated subquery); references found there are
 * recorded as outer references so the analyzer can decorrelate the subquery.
 */
import { analysisError, type SourcePosition } from '../../types/errors.js';
import type { Attribute } from '../expr.js';

export interface ScopeEntry {
  readonly qualifier: string | undefined;
  readonly attr: Attribute;
  /** Only reachable as `qualifier.name` (the per-side columns of a USING join). */
  readonly qualifiedOnly?: boolean;
  /** Not part of `*` (again the per-side columns of a USING join, which `*` shows once). */
  readonly hidden?: boolean;
}

export type Resolution =
  | { readonly kind: 'column'; readonly attr: Attribute; readonly outer: boolean; readonly fieldPath: readonly string[] }
  | { readonly kind: 'missing' };

export class Scope {
  /** Outer attributes referenced from inside this scope (or its subqueries), in order of first use. */
  readonly outerRefs: Attribute[] = [];

  constructor(readonly entries: readonly ScopeEntry[], readonly outer?: Scope) {}

  static of(attrs: readonly Attribute[], qualifier?: string, outer?: Scope): Scope {
    return new Scope(attrs.map((attr) => ({ qualifier, attr })), outer);
  }

  get attributes(): Attribute[] { return this.entries.map((e) => e.attr); }

  /**
   * Resolves `parts` (`a`, `t.a`, `a.field`, `t.a.field`): a qualified match is tried first, then a column
   * with struct field access. Ambiguity is an error naming the candidates.
   */
  resolve(parts: readonly string[], pos: SourcePosition): Resolution {
    const local = this.resolveLocal(parts, pos);
    if (local) return { ...local, outer: false, kind: 'column' };
    if (this.outer) {
      const r = this.outer.resolve(parts, pos);
      if (r.kind === 'column') {
        if (!this.outerRefs.some((a) => a.id === r.attr.id)) this.outerRefs.push(r.attr);
        return { ...r, outer: true };
      }
    }
    return { kind: 'missing' };
  }

  private resolveLocal(parts: readonly string[], pos: SourcePosition): { attr: Attribute; fieldPath: readonly string[] } | undefined {
    if (parts.length >= 2) {
      const q = parts[0]!.toLowerCase(), n = parts[1]!.toLowerCase();
      const hits = this.entries.filter((e) => e.qualifier?.toLowerCase() === q && e.attr.name.toLowerCase() === n);
      const unique = dedupe(hits);
      if (unique.length > 1) throw ambiguous(parts.slice(0, 2).join('.'), unique, pos);
      if (unique.length === 1) return { attr: unique[0]!.attr, fieldPath: parts.slice(2) };
    }
    const n = parts[0]!.toLowerCase();
    const hits = dedupe(this.entries.filter((e) => !e.qualifiedOnly && e.attr.name.toLowerCase() === n));
    if (hits.length > 1) throw ambiguous(parts[0]!, hits, pos);
    if (hits.length === 1) return { attr: hits[0]!.attr, fieldPath: parts.slice(1) };
    return undefined;
  }

  /** Entries for `*` or `t.*`. */
  star(qualifier: string | undefined, pos: SourcePosition): ScopeEntry[] {
    if (qualifier === undefined) return this.entries.filter((e) => !e.hidden);
    const q = qualifier.toLowerCase();
    const hits = this.entries.filter((e) => e.qualifier?.toLowerCase() === q);
    if (hits.length === 0) throw analysisError(`Cannot resolve '${qualifier}.*': no table or alias named '${qualifier}' in FROM`, pos);
    return hits;
  }

  /** The names a user could have meant, for "did you mean" hints. */
  suggestions(name: string): string[] {
    const lower = name.toLowerCase();
    return this.entries
      .map((e) => (e.qualifier ? `${e.qualifier}.${e.attr.name}` : e.attr.name))
      .filter((n) => editDistance(n.toLowerCase().split('.').pop()!, lower) <= 2)
      .slice(0, 3);
  }
}

function dedupe(entries: ScopeEntry[]): ScopeEntry[] {
  const seen = new Set<number>();
  return entries.filter((e) => (seen.has(e.attr.id) ? false : (seen.add(e.attr.id), true)));
}

function ambiguous(name: string, hits: ScopeEntry[], pos: SourcePosition) {
  const names = hits.map((h) => (h.qualifier ? `${h.qualifier}.${h.attr.name}` : h.attr.name));
  return analysisError(`Reference '${name}' is ambiguous: it could be ${names.join(' or ')}; qualify it with a table alias`, pos);
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}
