/** Names and result types of aggregate and window functions (Spark's). */
import {
  BigIntType, BooleanType, DoubleType, IntType, arrayType, decimalType, isNumeric, typeToString, type DataType,
} from '../../types/data-type.js';
import type { AggregateFunctionName, WindowFunctionName } from '../logical-plan.js';

const aggregateAliases: Record<string, AggregateFunctionName> = {
  count: 'count', sum: 'sum', avg: 'avg', mean: 'avg', min: 'min', max: 'max',
  first: 'first', first_value: 'first', last: 'last', last_value: 'last', any_value: 'first',
  collect_list: 'collect_list', array_agg: 'collect_list', collect_set: 'collect_set',
  stddev: 'stddev_samp', std: 'stddev_samp', stddev_samp: 'stddev_samp', stddev_pop: 'stddev_pop',
  variance: 'var_samp', var_samp: 'var_samp', var_pop: 'var_pop',
  approx_count_distinct: 'approx_count_distinct', count_if: 'count_if',
  bool_and: 'bool_and', every: 'bool_and', bool_or: 'bool_or', some: 'bool_or', any: 'bool_or',
  max_by: 'max_by', min_by: 'min_by',
};

const rankingFunctions = new Set<WindowFunctionName>([
  'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'nth_value',
]);

export function aggregateFunctionName(name: string): AggregateFunctionName | undefined {
  return aggregateAliases[name.toLowerCase()];
}

/** A function only valid with OVER (ranking and offset functions). */
export function windowOnlyFunctionName(name: string): WindowFunctionName | undefined {
  const n = name.toLowerCase() as WindowFunctionName;
  return rankingFunctions.has(n) ? n : undefined;
}

/** The aggregate's result type, or an error message. */
export function aggregateResultType(fn: AggregateFunctionName, args: readonly DataType[]): DataType | string {
  const a = args[0];
  const needArgs = (n: number): string | undefined =>
    args.length === n ? undefined : `${fn} takes ${n} argument${n === 1 ? '' : 's'}, got ${args.length}`;
  switch (fn) {
    case 'count': return BigIntType;
    case 'count_if': return needArgs(1) ?? (a!.kind === 'boolean' || a!.kind === 'null' ? BigIntType : `count_if needs a BOOLEAN argument, got ${typeToString(a!)}`);
    case 'approx_count_distinct': return args.length >= 1 ? BigIntType : 'approx_count_distinct takes 1 argument';
    case 'sum': {
      const e = needArgs(1); if (e) return e;
      if (a!.kind === 'int' || a!.kind === 'bigint') return BigIntType;
      if (a!.kind === 'decimal') return decimalType(Math.min(38, a!.precision + 10), a!.scale);
      if (a!.kind === 'double' || a!.kind === 'string' || a!.kind === 'null') return DoubleType;
      if (a!.kind === 'interval') return a!;
      return `sum needs a numeric argument, got ${typeToString(a!)}`;
    }
    case 'avg': {
      const e = needArgs(1); if (e) return e;
      if (a!.kind === 'decimal') return decimalType(Math.min(38, a!.precision + 4), Math.min(38, a!.scale + 4));
      if (isNumeric(a!) || a!.kind === 'string' || a!.kind === 'null') return DoubleType;
      return `avg needs a numeric argument, got ${typeToString(a!)}`;
    }
    case 'stddev_samp': case 'stddev_pop': case 'var_samp': case 'var_pop': {
      const e = needArgs(1); if (e) return e;
      if (isNumeric(a!) || a!.kind === 'string' || a!.kind === 'null') return DoubleType;
      return `${fn} needs a numeric argument, got ${typeToString(a!)}`;
    }
    case 'min': case 'max': {
      const e = needArgs(1); if (e) return e;
      if (a!.kind === 'map') return `${fn} cannot order values of type ${typeToString(a!)}`;
      return a!;
    }
    case 'first': case 'last':
      return args.length === 1 || args.length === 2 ? a! : `${fn} takes 1 or 2 arguments`;
    case 'collect_list': case 'collect_set': return needArgs(1) ?? arrayType(a!);
    case 'bool_and': case 'bool_or': case 'any': case 'every':
      return needArgs(1) ?? (a!.kind === 'boolean' || a!.kind === 'null' ? BooleanType : `${fn} needs a BOOLEAN argument, got ${typeToString(a!)}`);
    case 'max_by': case 'min_by': return needArgs(2) ?? a!;
  }
}

export function windowOnlyResultType(fn: WindowFunctionName, args: readonly DataType[]): DataType | string {
  switch (fn) {
    case 'row_number': case 'rank': case 'dense_rank':
      return args.length === 0 ? IntType : `${fn}() takes no arguments`;
    case 'percent_rank': case 'cume_dist':
      return args.length === 0 ? DoubleType : `${fn}() takes no arguments`;
    case 'ntile': return args.length === 1 ? IntType : 'ntile takes 1 argument';
    case 'lag': case 'lead': case 'nth_value':
      return args.length >= 1 && args.length <= 3 ? args[0]! : `${fn} takes 1 to 3 arguments`;
    default: return `${fn} is not a window function`;
  }
}
