/**
 * The session's names: static tables, streaming sources, views and sinks, plus `SET` settings. It implements
 * the planner's Catalog, presenting tables and sources as scannable relations and views as queries.
 */
import type { Options, Query } from '../sql/ast.js';
import type { Catalog, CatalogEntry } from '../planner/analyzer/catalog.js';
import type { ScanProvider } from '../execution/scan-provider.js';
import { analysisError, type SourcePosition } from '../types/errors.js';
import type { Schema } from '../types/schema.js';

/** How to make a streaming Source for a query run: the connector and its options. */
export interface SourceDefinition {
  readonly connector: string;
  readonly options: Readonly<Record<string, string>>;
  readonly declaredSchema?: Schema;
}

export type CatalogObject =
  | { readonly kind: 'table'; readonly name: string; readonly schema: Schema; readonly provider: ScanProvider; readonly connector: string }
  | {
    readonly kind: 'source'; readonly name: string; readonly schema: Schema; readonly definition: SourceDefinition;
    readonly watermark?: { readonly column: string; readonly delayMs: number };
  }
  | { readonly kind: 'view'; readonly name: string; readonly query: Query; readonly columnAliases?: readonly string[]; readonly sqlText?: string }
  | { readonly kind: 'sink'; readonly name: string; readonly options: Options; readonly sqlText?: string };

export class SessionCatalog implements Catalog {
  private readonly objects = new Map<string, CatalogObject>();
  private readonly settings = new Map<string, { key: string; value: string }>();

  lookup(name: string): CatalogEntry | undefined {
    const o = this.objects.get(name.toLowerCase());
    if (!o) return undefined;
    switch (o.kind) {
      case 'table':
        return { kind: 'relation', source: { name: o.name, schema: o.schema, streaming: false, handle: o.provider } };
      case 'source':
        return { kind: 'relation', source: { name: o.name, schema: o.schema, streaming: true, handle: o.definition, watermark: o.watermark } };
      case 'view':
        return { kind: 'view', name: o.name, query: o.query, columnAliases: o.columnAliases, sqlText: o.sqlText };
      case 'sink':
        return undefined;
    }
  }

  get(name: string): CatalogObject | undefined { return this.objects.get(name.toLowerCase()); }

  list(kind: CatalogObject['kind']): CatalogObject[] {
    return [...this.objects.values()].filter((o) => o.kind === kind).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Registers an object; an existing name is an error unless `replace` (a view may replace a view, …). */
  register(o: CatalogObject, opts: { replace?: boolean; ifNotExists?: boolean; pos?: SourcePosition } = {}): boolean {
    const key = o.name.toLowerCase();
    const existing = this.objects.get(key);
    if (existing) {
      if (opts.ifNotExists) return false;
      if (!opts.replace) {
        throw analysisError(`${capitalize(existing.kind)} '${existing.name}' already exists; use a new name, DROP ${existing.kind.toUpperCase()} ${existing.name} first, or CREATE OR REPLACE`, opts.pos);
      }
    }
    this.objects.set(key, o);
    return true;
  }

  drop(kind: CatalogObject['kind'], name: string, ifExists: boolean, pos?: SourcePosition): boolean {
    const o = this.objects.get(name.toLowerCase());
    if (!o || o.kind !== kind) {
      if (ifExists) return false;
      throw analysisError(`${capitalize(kind)} '${name}' does not exist`, pos);
    }
    this.objects.delete(name.toLowerCase());
    return true;
  }

  setting(key: string): string | undefined { return this.settings.get(key.toLowerCase())?.value; }
  set(key: string, value: string): void { this.settings.set(key.toLowerCase(), { key, value }); }
  allSettings(): [string, string][] { return [...this.settings.values()].map((s) => [s.key, s.value]); }
}

function capitalize(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}
