/**
 * Batch → Apache Arrow table, for `DataFrame.toArrow()`. The conversion lives in execution/arrow-interop.ts, shared
 * with the parquet and Arrow file formats: fixed-width columns are handed to Arrow without copying their values.
 */
export { batchToArrow } from '../execution/arrow-interop.js';
