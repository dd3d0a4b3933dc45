/**
 * Types of the interval operators the analyzer maps to functions: `-iv` (interval_negate), `iv ± iv`
 * (interval_add/interval_subtract), `ts - ts` (timestamp_diff_interval), `iv * x` and `iv / x`
 * (interval_multiply/interval_divide).
 */
import { IntervalType } from '../../types/data-type.js';
import type { ScalarFunctionDef } from './scalar-function-def.js';
import { fn } from './signature-builders.js';

export const intervalSignatures: readonly ScalarFunctionDef[] = [
  fn('interval_negate', ['interval'], IntervalType),
  fn('interval_add', ['interval', 'interval'], IntervalType),
  fn('interval_subtract', ['interval', 'interval'], IntervalType),
  fn('interval_multiply', ['interval', 'double'], IntervalType),
  fn('interval_divide', ['interval', 'double'], IntervalType),
  fn('timestamp_diff_interval', ['timestamp', 'timestamp'], IntervalType),
];
