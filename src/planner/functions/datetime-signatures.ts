/**
 * Types of the date and time functions. Field extractors take a DATE (year … quarter) or a TIMESTAMP (hour,
 * minute, second); strings and the other temporal type are cast implicitly, as in Spark. The one-argument forms
 * of `to_timestamp`/`to_date` are casts (the argument is coerced to the result type, so the implementation is the
 * identity); the two-argument forms parse with a Spark datetime pattern. Functions that read the clock are
 * non-deterministic so they are never folded at planning time (a streaming query re-reads it every batch).
 */
import {
  BigIntType, DateType, DoubleType, IntType, IntervalType, StringType, TimestampType, isNumeric, typeToString,
  type DataType, type Interval,
} from '../../types/data-type.js';
import type { SignatureResult } from '../function-signature.js';
import { fail, ok, type CallArg, type ScalarFunctionDef } from './scalar-function-def.js';
import { alias, arityError, checkArgs, coerceArg, custom, fn } from './signature-builders.js';

/** One argument that is cast to `to` (numbers too: seconds since the epoch), or (string, pattern) parsed. */
function castOrParse(name: string, to: DataType): ScalarFunctionDef {
  return custom(name, (argTypes) => {
    if (argTypes.length === 2) return checkArgs(name, ['string', 'string'], to, argTypes, {});
    if (argTypes.length !== 1) return arityError(name, '1 to 2', argTypes.length);
    const t = argTypes[0]!;
    const castable = t.kind === 'null' || t.kind === 'string' || t.kind === 'date' || t.kind === 'timestamp'
      || (to.kind === 'timestamp' && isNumeric(t));
    return castable ? ok([to], to) : fail(`${name}: argument 1 must be a STRING, DATE or TIMESTAMP, but it is ${typeToString(t)}`);
  });
}

/** unix_timestamp([time[, pattern]]): a string is parsed (default `yyyy-MM-dd HH:mm:ss`), a DATE/TIMESTAMP taken as is. */
function unixTimestamp(name: string): ScalarFunctionDef {
  return custom(name, (argTypes) => {
    if (argTypes.length === 0) return ok([], BigIntType);
    if (argTypes.length > 2) return arityError(name, '0 to 2', argTypes.length);
    const t = argTypes[0]!;
    if (t.kind === 'date' || t.kind === 'timestamp') {
      return argTypes.length === 1 ? ok([TimestampType], BigIntType) : checkArgs(name, ['timestamp', 'string'], BigIntType, argTypes, {});
    }
    return checkArgs(name, ['string', 'string'], BigIntType, argTypes, { required: 1 });
  }, { deterministic: false });
}

function isIntervalWithoutTime(v: unknown): boolean {
  return v !== null && typeof v === 'object' && (v as Interval).micros === 0;
}

/**
 * ts ± interval. A DATE plus a constant interval of whole days and months stays a DATE (Spark's
 * `DATE'…' + INTERVAL '1' DAY`); otherwise the date is taken as a timestamp at midnight.
 */
function timestampInterval(name: string): ScalarFunctionDef {
  const typeWith = (argTypes: readonly DataType[], keepDate: boolean): SignatureResult => {
    if (argTypes.length !== 2) return arityError(name, '2', argTypes.length);
    const iv = coerceArg('interval', argTypes[1]!);
    if (!iv) return fail(`${name}: argument 2 must be an INTERVAL, but it is ${typeToString(argTypes[1]!)}`);
    if (keepDate && argTypes[0]!.kind === 'date') return ok([DateType, IntervalType], DateType);
    const ts = coerceArg('timestamp', argTypes[0]!);
    if (!ts) return fail(`${name}: argument 1 must be a TIMESTAMP, but it is ${typeToString(argTypes[0]!)}`);
    return ok([ts, iv], TimestampType);
  };
  return custom(name, (t) => typeWith(t, false), {
    resolveCall: (args: readonly CallArg[]) => typeWith(args.map((a) => a.type), args.length === 2 && isIntervalWithoutTime(args[1]!.value)),
  });
}

const dayOfMonth = fn('dayofmonth', ['date'], IntType);
const currentTimestamp = fn('current_timestamp', [], TimestampType, { deterministic: false });
const unixTs = unixTimestamp('unix_timestamp');

export const datetimeSignatures: readonly ScalarFunctionDef[] = [
  fn('year', ['date'], IntType), fn('month', ['date'], IntType), dayOfMonth, alias('day', dayOfMonth),
  fn('dayofweek', ['date'], IntType), fn('weekday', ['date'], IntType), fn('dayofyear', ['date'], IntType),
  fn('weekofyear', ['date'], IntType), fn('quarter', ['date'], IntType),
  fn('hour', ['timestamp'], IntType), fn('minute', ['timestamp'], IntType), fn('second', ['timestamp'], IntType),
  fn('date_trunc', ['string', 'timestamp'], TimestampType), fn('trunc', ['date', 'string'], DateType),
  castOrParse('to_timestamp', TimestampType), castOrParse('to_date', DateType),
  unixTs, alias('to_unix_timestamp', unixTs),
  fn('from_unixtime', ['bigint', 'string'], StringType, { required: 1 }),
  currentTimestamp, alias('now', currentTimestamp), alias('localtimestamp', currentTimestamp),
  fn('current_date', [], DateType, { deterministic: false }), fn('current_timezone', [], StringType),
  fn('date_format', ['timestamp', 'string'], StringType),
  fn('date_add', ['date', 'int'], DateType), fn('date_sub', ['date', 'int'], DateType),
  fn('datediff', ['date', 'date'], IntType),
  fn('add_months', ['date', 'int'], DateType),
  fn('months_between', ['timestamp', 'timestamp', 'boolean'], DoubleType, { required: 2 }),
  fn('last_day', ['date'], DateType),
  fn('make_date', ['int', 'int', 'int'], DateType),
  fn('make_timestamp', ['int', 'int', 'int', 'int', 'int', 'double'], TimestampType),
  fn('timestamp_seconds', ['numeric'], TimestampType),
  fn('timestamp_millis', ['bigint'], TimestampType), fn('timestamp_micros', ['bigint'], TimestampType),
  fn('unix_seconds', ['timestamp'], BigIntType), fn('unix_millis', ['timestamp'], BigIntType),
  fn('unix_micros', ['timestamp'], BigIntType),
  fn('unix_date', ['date'], IntType), fn('date_from_unix_date', ['int'], DateType),
  timestampInterval('timestamp_add_interval'), timestampInterval('timestamp_sub_interval'),
];
