/**
 * Null-handling and conditional functions over whole columns. They are not lazy — every argument is already
 * evaluated — which is safe because no function here can fail on the rows it does not select.
 */
import { randomUUID } from 'node:crypto';
import { isFixedWidth, type DataType } from '../../types/data-type.js';
import { allocFixed, makeColumn, type Column, type FixedData } from '../column.js';
import { buildColumn, nullAt, reader } from './column-kernels.js';
import type { ScalarImpl } from './scalar-impl.js';
import { comparatorFor } from './value-ordering.js';

/** Row-wise choice between columns of the result type: `pick(i)` is the index of the column to take, or -1 for NULL. */
function choose(cols: readonly Column[], n: number, t: DataType, pick: (i: number) => number): Column {
  if (isFixedWidth(t) && cols.every((c) => ArrayBuffer.isView(c.data))) {
    const out = allocFixed(t, n);
    let nulls: Uint8Array | null = null;
    const datas = cols.map((c) => c.data as FixedData), masks = cols.map((c) => c.nulls);
    for (let i = 0; i < n; i++) {
      const k = pick(i);
      const m = k < 0 ? null : masks[k]!;
      if (k < 0 || (m !== null && m[i] === 1)) (nulls ??= new Uint8Array(n))[i] = 1;
      else out[i] = datas[k]![i]!;
    }
    return makeColumn(t, out, nulls);
  }
  const readers = cols.map(reader);
  return buildColumn(t, n, (i) => { const k = pick(i); return k < 0 ? null : readers[k]!(i); });
}

const coalesce: ScalarImpl = (args, n, t) =>
  choose(args, n, t, (i) => {
    for (let k = 0; k < args.length; k++) if (!nullAt(args[k]!, i)) return k;
    return -1;
  });

/** nullif(a, b): NULL where a equals b, else a. Numbers compare by value across INT/BIGINT/DOUBLE/DECIMAL. */
const nullif: ScalarImpl = (args, n, t) => {
  const a = args[0]!, b = args[1]!;
  const ra = reader(a), rb = reader(b);
  const cmp = isFixedWidth(a.type) || a.type.kind === 'string' ? null : comparatorFor(a.type);
  return choose([a], n, t, (i) => {
    const x = ra(i), y = rb(i);
    if (x === null || y === null) return 0;
    const equal = cmp === null ? x === y || (x !== x && y !== y) : cmp(x, y) === 0;
    return equal ? -1 : 0;
  });
};

const nvl2: ScalarImpl = (args, n, t) => {
  const test = args[0]!;
  return choose([args[1]!, args[2]!], n, t, (i) => (nullAt(test, i) ? 1 : 0));
};

/** if(cond, a, b): a where cond is true, b where it is false or NULL. */
const ifImpl: ScalarImpl = (args, n, t) => {
  const cond = args[0]!;
  const d = cond.data as FixedData, m = cond.nulls;
  if (!ArrayBuffer.isView(cond.data)) return args[2]!;
  return choose([args[1]!, args[2]!], n, t, (i) => ((m === null || m[i] === 0) && d[i] === 1 ? 0 : 1));
};

function nullTest(wantNull: boolean): ScalarImpl {
  return (args, n, t) => {
    const c = args[0]!;
    const out = allocFixed(t, n);
    for (let i = 0; i < n; i++) out[i] = nullAt(c, i) === wantNull ? 1 : 0;
    return makeColumn(t, out);
  };
}

/** isnan: true only for NaN; NULL is false. */
const isnan: ScalarImpl = (args, n, t) => {
  const c = args[0]!, d = c.data as FixedData, m = c.nulls;
  const out = allocFixed(t, n);
  for (let i = 0; i < n; i++) out[i] = (m === null || m[i] === 0) && Number.isNaN(d[i]) ? 1 : 0;
  return makeColumn(t, out);
};

const nanvl: ScalarImpl = (args, n, t) => {
  const a = args[0]!, d = a.data as FixedData;
  return choose([a, args[1]!], n, t, (i) => (!nullAt(a, i) && Number.isNaN(d[i]) ? 1 : 0));
};

/**
 * rand([seed]): uniform in [0, 1). With a seed the sequence is reproducible per call (xorshift over the seed);
 * it is not Spark's XORShiftRandom sequence.
 */
const rand: ScalarImpl = (args, n, t) => {
  const out = new Float64Array(n);
  const seedCol = args[0];
  if (seedCol === undefined) {
    for (let i = 0; i < n; i++) out[i] = Math.random();
    return makeColumn(t, out);
  }
  const seed = n === 0 || nullAt(seedCol, 0) ? 0 : (seedCol.data as FixedData)[0]!;
  let s = (seed | 0) ^ 0x5deece66;
  if (s === 0) s = 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const hi = s >>> 0;
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    out[i] = (hi * 2 ** 21 + ((s >>> 0) >>> 11)) / 2 ** 53;
  }
  return makeColumn(t, out);
};

export const conditionalFunctions: Readonly<Record<string, ScalarImpl>> = {
  coalesce,
  nvl: coalesce,
  nvl2,
  if: ifImpl,
  nullif,
  isnull: nullTest(true),
  isnotnull: nullTest(false),
  isnan,
  nanvl,
  rand,
  uuid: (_args, n, t) => buildColumn(t, n, () => randomUUID()),
};
