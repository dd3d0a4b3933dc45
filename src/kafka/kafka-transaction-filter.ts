/**
 * What a read_committed reader must drop from a fetched record sequence. The broker returns everything up to the
 * last stable offset, including records of aborted transactions, and lists those transactions as
 * (producerId, firstOffset). A record is hidden when its producer has an aborted transaction that started at or
 * before it and whose abort marker (a control record from the same producer) has not been passed yet. Control
 * records themselves (commit/abort markers) are never data.
 */
import type { AbortedTransaction, FetchedRecord } from './kafka-cluster-client.js';

/** Marks, per record, whether a reader keeps it (1) or drops it (0). Records must be in offset order. */
export function visibleRecords(
  records: readonly FetchedRecord[],
  aborted: readonly AbortedTransaction[] | null | undefined,
  readCommitted: boolean,
): Uint8Array {
  const keep = new Uint8Array(records.length);
  if (!readCommitted || aborted == null || aborted.length === 0) {
    for (let i = 0; i < records.length; i++) keep[i] = records[i]!.isControlRecord ? 0 : 1;
    return keep;
  }
  const pending = [...aborted].sort((a, b) => Number(a.firstOffset) - Number(b.firstOffset));
  let next = 0;
  const abortedProducers = new Set<string>();
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const offset = Number(r.offset);
    while (next < pending.length && Number(pending[next]!.firstOffset) <= offset) {
      abortedProducers.add(pending[next]!.producerId);
      next++;
    }
    const producer = r.batchContext.producerId;
    if (r.isControlRecord) {
      // A marker closes its producer's transaction, whichever way it ended.
      if (isAbortMarker(r)) abortedProducers.delete(producer);
      continue;
    }
    keep[i] = r.batchContext.inTransaction && abortedProducers.has(producer) ? 0 : 1;
  }
  return keep;
}

/** A control record's key is (version INT16, type INT16); type 0 is ABORT, 1 is COMMIT. */
function isAbortMarker(r: FetchedRecord): boolean {
  const k = r.key;
  return k !== null && k.length >= 4 && k.readInt16BE(2) === 0;
}
