/**
 * Hash join: the right input is the build side (its key tuples get dense ids, rows with the same id are chained
 * in row order), the left input probes it. Candidate pairs then pass the residual condition, and the join type
 * decides what else is emitted: unmatched left rows (left, full), unmatched right rows (right, full), or only
 * the left rows that did (semi) or did not (anti) match. NULL keys never match. A single INT key with distinct
 * build values (a dimension's primary key) skips the key ids and goes through a direct-address table instead.
 */
import { schema as makeSchema } from '../../types/schema.js';
import type { JoinOutputColumns, PhysicalPlan } from '../../planner/physical-plan.js';
import type { Batch } from '../batch.js';
import { JoinKeyIndex } from '../keys/key-dictionary.js';
import type { ExecutionContext } from '../plan-executor.js';
import { selectedRows } from './filter-exec.js';
import { isNullAt, type Column } from '../column.js';
import { RowPairs, allJoinColumns, joinedBatch, leftRowsBatch } from './join-output.js';
import { UniqueIntKeyTable } from './unique-int-key-table.js';

export async function executeHashJoin(p: Extract<PhysicalPlan, { kind: 'hashJoin' }>, ctx: ExecutionContext): Promise<Batch> {
  const left = await ctx.run(p.left);
  const right = await ctx.run(p.right);
  const nl = left.numRows, nr = right.numRows;
  const rightKeys = await Promise.all(p.rightKeys.map(async (k) => (await ctx.compile(k))(right)));
  const leftKeys = await Promise.all(p.leftKeys.map(async (k) => (await ctx.compile(k))(left)));
  const type = p.joinType;

  if ((type === 'semi' || type === 'anti') && !p.residual) {
    const probe = new JoinKeyIndex(rightKeys, nr).lookup(leftKeys, nl);
    const keep = new Uint8Array(nl);
    if (type === 'semi') for (let i = 0; i < nl; i++) keep[i] = probe[i]! >= 0 ? 1 : 0;
    else {
      const nullAware = nullAwareState(p.nullAwareAnti, rightKeys, nr);
      for (let i = 0; i < nl; i++) keep[i] = probe[i]! < 0 && nullAwareKeeps(nullAware, leftKeys, i) ? 1 : 0;
    }
    return leftRowsBatch(p.schema, left, selectedRows({ type: { kind: 'boolean' }, length: nl, data: keep, nulls: null }, nl), p.output);
  }

  const direct = leftKeys.length === 1 ? UniqueIntKeyTable.build(rightKeys[0]!, nr, leftKeys[0]!) : undefined;
  let pairs = direct ? direct.pairs(leftKeys[0]!, nl) : indexedPairs(rightKeys, nr, leftKeys, nl);
  if (p.residual) {
    const both = makeSchema([...left.schema.fields, ...right.schema.fields]);
    const candidates = joinedBatch(both, left, right, pairs, allJoinColumns(left, right), true);
    const ok = selectedRows((await ctx.compile(p.residual))(candidates), candidates.numRows);
    const kept = new RowPairs();
    for (const k of ok) kept.push(pairs.left[k]!, pairs.right[k]!);
    pairs = kept;
  }
  return finishJoin(p.schema, p.output, type, left, right, pairs, p.nullAwareAnti, leftKeys, rightKeys);
}

/**
 * The candidate pairs through a JoinKeyIndex over the build keys, in probe row order and, for one probe row, in
 * build row order.
 */
function indexedPairs(rightKeys: readonly Column[], nr: number, leftKeys: readonly Column[], nl: number): RowPairs {
  const index = new JoinKeyIndex(rightKeys, nr);
  const head = new Int32Array(index.numKeys).fill(-1);
  const next = new Int32Array(nr).fill(-1);
  const chainLength = new Int32Array(index.numKeys);
  const buildIds = index.buildIds;
  for (let r = nr - 1; r >= 0; r--) {
    const id = buildIds[r]!;
    if (id < 0) continue;
    next[r] = head[id]!;
    head[id] = r;
    chainLength[id]!++;
  }
  let buildRows = 0;
  for (let r = 0; r < nr; r++) buildRows += buildIds[r]! >= 0 ? 1 : 0;
  if (buildRows === index.numKeys) {
    // Unique build keys (a dimension table's primary key): each probe row matches at most the one row
    // head[id]. Pairs are written without a branch per probe row: `rowOf[id + 1]` is -1's slot for a miss,
    // and the next free slot only advances on a hit (left rows never outnumber probe rows, so no overflow).
    const rowOf = new Int32Array(index.numKeys + 1);
    rowOf[0] = -1;
    rowOf.set(head, 1);
    const pairs = new RowPairs(nl);
    const pl = pairs.left, pr = pairs.right;
    let k = index.pairUnique(leftKeys, nl, rowOf, pl, pr);
    if (k === undefined) {
      const probe = index.lookup(leftKeys, nl);
      k = 0;
      for (let i = 0; i < nl; i++) {
        const id = probe[i]!;
        pl[k] = i;
        pr[k] = rowOf[id + 1]!;
        k += (id >>> 31) ^ 1;
      }
    }
    pairs.length = k;
    return pairs;
  }
  const probe = index.lookup(leftKeys, nl);
  // Count the candidate pairs first, so they are written straight into arrays of the final size.
  let total = 0;
  for (let i = 0; i < nl; i++) { const id = probe[i]!; if (id >= 0) total += chainLength[id]!; }
  const pairs = new RowPairs(total);
  const pl = pairs.left, pr = pairs.right;
  let k = 0;
  for (let i = 0; i < nl; i++) {
    const id = probe[i]!;
    if (id < 0) continue;
    for (let r = head[id]!; r !== -1; r = next[r]!) { pl[k] = i; pr[k] = r; k++; }
  }
  pairs.length = k;
  return pairs;
}

/** Adds the unmatched rows an outer join needs, or reduces pairs to left rows for semi/anti joins. */
export function finishJoin(
  schema: Batch['schema'], output: JoinOutputColumns, type: string, left: Batch, right: Batch, pairs: RowPairs,
  nullAwareAnti: boolean, leftKeys: readonly Batch['columns'][number][], rightKeys: readonly Batch['columns'][number][],
): Batch {
  const nl = left.numRows, nr = right.numRows;
  if (type === 'semi' || type === 'anti') {
    const matched = new Uint8Array(nl);
    for (let k = 0; k < pairs.length; k++) matched[pairs.left[k]!] = 1;
    const nullAware = nullAwareState(nullAwareAnti, rightKeys, nr);
    const keep = new Uint8Array(nl);
    for (let i = 0; i < nl; i++) keep[i] = type === 'semi' ? matched[i]! : matched[i] === 0 && nullAwareKeeps(nullAware, leftKeys, i) ? 1 : 0;
    return leftRowsBatch(schema, left, selectedRows({ type: { kind: 'boolean' }, length: nl, data: keep, nulls: null }, nl), output);
  }
  if (type === 'left' || type === 'full') {
    const matched = new Uint8Array(nl);
    for (let k = 0; k < pairs.length; k++) matched[pairs.left[k]!] = 1;
    // Keep left order: rebuild pairs with unmatched rows in place.
    const ordered = new RowPairs();
    let k = 0;
    for (let i = 0; i < nl; i++) {
      if (!matched[i]) { ordered.push(i, -1); continue; }
      while (k < pairs.length && pairs.left[k]! < i) k++;
      while (k < pairs.length && pairs.left[k] === i) { ordered.push(i, pairs.right[k]!); k++; }
    }
    pairs = ordered;
  }
  if (type === 'right' || type === 'full') {
    const matched = new Uint8Array(nr);
    for (let k = 0; k < pairs.length; k++) if (pairs.right[k]! >= 0) matched[pairs.right[k]!] = 1;
    for (let r = 0; r < nr; r++) if (!matched[r]) pairs.push(-1, r);
  }
  return joinedBatch(schema, left, right, pairs, output, type === 'inner');
}

interface NullAwareState { readonly active: boolean; readonly rightEmpty: boolean; readonly rightHasNull: boolean }

/** NOT IN: a NULL in the subquery's column, or a NULL probe value against a non-empty subquery, is unknown. */
function nullAwareState(active: boolean, rightKeys: readonly Batch['columns'][number][], nr: number): NullAwareState {
  if (!active) return { active, rightEmpty: false, rightHasNull: false };
  let rightHasNull = false;
  const k = rightKeys[0];
  if (k) for (let r = 0; r < nr && !rightHasNull; r++) rightHasNull = isNullAt(k, r);
  return { active, rightEmpty: nr === 0, rightHasNull };
}

function nullAwareKeeps(s: NullAwareState, leftKeys: readonly Batch['columns'][number][], i: number): boolean {
  if (!s.active || s.rightEmpty) return true;
  if (s.rightHasNull) return false;
  return !leftKeys.some((k) => isNullAt(k, i));
}
