import { runtimeError } from '../../types/errors.js';
import type { PhysicalAggregate } from '../../planner/physical-plan.js';
import type { Accumulator } from './accumulator.js';
import {
  BoolAccumulator, CountAccumulator, CountIfAccumulator, SumAccumulator, VarianceAccumulator,
} from './numeric-accumulators.js';
import {
  ByAccumulator, CollectAccumulator, CountDistinctAccumulator, FirstLastAccumulator, MinMaxAccumulator,
} from './value-accumulators.js';

/** A fresh accumulator for one aggregate call. DISTINCT is handled by the caller (rows are pre-deduplicated). */
export function createAccumulator(a: Pick<PhysicalAggregate, 'fn' | 'args' | 'ignoreNulls' | 'type'>): Accumulator {
  const argType = a.args[0]?.type;
  switch (a.fn) {
    case 'count': return new CountAccumulator();
    case 'count_if': return new CountIfAccumulator();
    case 'sum': return new SumAccumulator(a.type, false);
    case 'avg': return new SumAccumulator(a.type, true);
    case 'min': return new MinMaxAccumulator(a.type, false);
    case 'max': return new MinMaxAccumulator(a.type, true);
    case 'first': return new FirstLastAccumulator(a.type, false, a.ignoreNulls);
    case 'last': return new FirstLastAccumulator(a.type, true, a.ignoreNulls);
    case 'collect_list': return new CollectAccumulator(a.type, false);
    case 'collect_set': return new CollectAccumulator(a.type, true);
    case 'stddev_samp': case 'stddev_pop': case 'var_samp': case 'var_pop': return new VarianceAccumulator(a.fn);
    case 'approx_count_distinct': return new CountDistinctAccumulator();
    case 'bool_and': case 'every': return new BoolAccumulator(true);
    case 'bool_or': case 'any': return new BoolAccumulator(false);
    case 'max_by': return new ByAccumulator(a.type, a.args[1]!.type, true);
    case 'min_by': return new ByAccumulator(a.type, a.args[1]!.type, false);
    default: throw runtimeError(`internal: no accumulator for ${a.fn}(${argType ? argType.kind : ''})`);
  }
}
