/**
 * The shape of a vectorized scalar function: whole argument columns in (already coerced to the signature's
 * argument types, constants as constant columns), one result column of `returnType` out. Implementations never
 * throw on bad data; a value they cannot compute is NULL (Spark's non-ANSI mode).
 */
import type { DataType } from '../../types/data-type.js';
import type { Column } from '../column.js';

export type ScalarImpl = (args: readonly Column[], numRows: number, returnType: DataType) => Column;
