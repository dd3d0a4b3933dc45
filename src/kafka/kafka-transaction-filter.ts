/**
 * What a read_committed reader must drop from a fetched record sequence. The broker returns everything up to the
 * last stable offset, including records of aborted transactions, and lists those transactions as
 * (producerId, firstOffset). A record is hidden when its producer has an aborted transaction that started at or
 * before it and whose abort marker (a control record from the same producer) has not been passed yet. Control
 * records themselves (commit/abort markers) are never data.
 */
import type { AbortedTransaction } from './kafka-fetch-response.js';
import { recordKey, type RecordSet } from './kafka-record-set.js';

/** Marks, per record, whether a reader keeps it (1) or drops it (0). Records are in offset order. */
export function visibleRecords(
  records: RecordSet,
  aborted: readonly AbortedTransaction[] | null | undefined,
  readCommitted: boolean,
): Uint8Array {
  const n = records.count;
  const keep = new Uint8Array(n);
  const { batches, batchOf } = records;
  if (!readCommitted || aborted == null || aborted.length === 0) {
    for (let i = 0; i < n; i++) keep[i] = batches[batchOf[i]!]!.control ? 0 : 1;
    return keep;
  }
  const pending = [...aborted].sort((a, b) => a.firstOffset - b.firstOffset);
  let next = 0;
  const abortedProducers = new Set<string>();
  for (let i = 0; i < n; i++) {
    const offset = records.offsets[i]!;
    while (next < pending.length && pending[next]!.firstOffset <= offset) {
      abortedProducers.add(pending[next]!.producerId);
      next++;
    }
    const batch = batches[batchOf[i]!]!;
    if (batch.control) {
      // A marker closes its producer's transaction, whichever way it ended.
      if (isAbortMarker(recordKey(records, i))) abortedProducers.delete(batch.producerId);
      continue;
    }
    keep[i] = batch.transactional && abortedProducers.has(batch.producerId) ? 0 : 1;
  }
  return keep;
}

/** A control record's key is (version INT16, type INT16); type 0 is ABORT, 1 is COMMIT. */
function isAbortMarker(key: Buffer | null): boolean {
  return key !== null && key.length >= 4 && key.readInt16BE(2) === 0;
}
