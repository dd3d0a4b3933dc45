import { runtimeError } from '../../types/errors.js';
import type { PhysicalPlan } from '../../planner/physical-plan.js';
import type { Batch } from '../batch.js';
import type { ExecutionContext } from '../plan-executor.js';
import { isScanProvider } from '../scan-provider.js';

export async function executeScan(p: Extract<PhysicalPlan, { kind: 'scan' }>, _ctx: ExecutionContext): Promise<Batch> {
  const handle = p.source.handle;
  if (!isScanProvider(handle)) {
    throw runtimeError(p.source.streaming
      ? `'${p.source.name}' is a stream: read it in a streaming query (CREATE SINK … AS SELECT, or a live SELECT)`
      : `internal: table '${p.source.name}' cannot be scanned`);
  }
  const b = await handle.scan(p.columns);
  return { schema: p.schema, columns: b.columns, numRows: b.numRows };
}
