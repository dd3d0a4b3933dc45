/**
 * Sluice's public API: the session, DataFrames and column functions, streaming queries and their progress.
 *
 * ```ts
 * import { Session, col, sum } from 'sluice';
 * const s = new Session();
 * await s.createDataFrame([{ k: 'a', v: 1 }], 'k STRING, v INT').groupBy('k').agg(sum('v').as('total')).show();
 * ```
 */
export { Session, type SessionOptions } from './session.js';
export { DataFrame, GroupedData, type Row } from './dataframe.js';
export { DataFrameReader } from './dataframe-reader.js';
export { DataStreamWriter, StreamingQueryHandle } from './data-stream-writer.js';
export { Column, Window, WindowSpecBuilder } from './column.js';
export * from './functions.js';
export type { StatementResult } from './statement-executor.js';
export type { StreamingQuery, StreamingQueryListener, StreamingQueryStatus } from '../execution/streaming-query.js';
export type { StreamingQueryProgress } from '../execution/progress.js';
export type { Batch } from '../execution/batch.js';
export { SluiceError, formatError } from '../types/errors.js';
