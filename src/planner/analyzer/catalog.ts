/**
 * What the analyzer needs to know about names in FROM: the catalog maps a (case-insensitive) name to a table or
 * stream it can scan, or to a view whose query it analyzes in place. The session (api layer) implements it.
 */
import type { Query } from '../../sql/ast.js';
import type { RelationSource } from '../logical-plan.js';

export type CatalogEntry =
  | { readonly kind: 'relation'; readonly source: RelationSource }
  | { readonly kind: 'view'; readonly name: string; readonly query: Query; readonly columnAliases?: readonly string[]; readonly sqlText?: string };

export interface Catalog {
  lookup(name: string): CatalogEntry | undefined;
  /** A session setting (`SET k = v`), case-insensitive key. */
  setting(key: string): string | undefined;
}
