/** explode / posexplode (and their _outer forms): one output row per array element or map entry. */
import type { PhysicalPlan } from '../../planner/physical-plan.js';
import type { Batch } from '../batch.js';
import { takeColumn, type Column } from '../column.js';
import { fromValues } from '../expression-compiler.js';
import type { ExecutionContext } from '../plan-executor.js';

export async function executeGenerate(p: Extract<PhysicalPlan, { kind: 'generate' }>, ctx: ExecutionContext): Promise<Batch> {
  const input = await ctx.run(p.input);
  const arg = (await ctx.compile(p.arg))(input);
  const n = input.numRows;
  const isMap = arg.type.kind === 'map';
  const rows: number[] = [];
  const positions: (number | null)[] = [];
  const first: unknown[] = [], second: unknown[] = [];
  const data = arg.data as unknown[];
  for (let i = 0; i < n; i++) {
    const v = data[i];
    const entries: unknown[] | null = v === null || v === undefined ? null : isMap ? [...(v as Map<unknown, unknown>)] : (v as unknown[]);
    if (!entries || entries.length === 0) {
      if (p.outer) { rows.push(i); positions.push(null); first.push(null); second.push(null); }
      continue;
    }
    for (let k = 0; k < entries.length; k++) {
      rows.push(i);
      positions.push(k);
      if (isMap) { const [key, value] = entries[k] as [unknown, unknown]; first.push(key); second.push(value); }
      else first.push(entries[k] ?? null);
    }
  }
  const idx = Int32Array.from(rows);
  const base = input.columns.map((c) => takeColumn(c, idx));
  const fields = p.schema.fields;
  const generated: Column[] = [];
  let f = base.length;
  if (p.generator === 'posexplode') generated.push(fromValues(fields[f++]!.type, positions));
  generated.push(fromValues(fields[f++]!.type, first));
  if (isMap) generated.push(fromValues(fields[f++]!.type, second));
  return { schema: p.schema, columns: [...base, ...generated], numRows: idx.length };
}
