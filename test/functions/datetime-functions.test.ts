import { describe, expect, it } from 'vitest';
import { lookupScalarImpl } from '../../src/execution/functions/scalar-registry.js';
import { DateType, IntervalType, TimestampType } from '../../src/types/data-type.js';
import { formatDate, formatTimestampSql, parseDate, parseTimestamp } from '../../src/types/temporal.js';
import { bool, call, col, date, dbl, dec, int, lit, long, str, ts, value } from './function-harness.js';

const asTs = (v: unknown): string | null => (v === null ? null : formatTimestampSql(v as number));
const asDate = (v: unknown): string | null => (v === null ? null : formatDate(v as number));
const tsv = (name: string, ...args: Parameters<typeof value>[1][]): string | null => asTs(value(name, ...args));
const dv = (name: string, ...args: Parameters<typeof value>[1][]): string | null => asDate(value(name, ...args));

describe('datetime functions (UTC; values checked against Spark 4)', () => {
  it('extracts fields from dates, timestamps and strings', () => {
    expect(value('year', date('2024-02-29'))).toBe(2024);
    expect(value('year', str('2024-02-29 10:00:00'))).toBe(2024);
    expect(value('month', ts('2024-02-29 23:59:59'))).toBe(2);
    expect(value('dayofmonth', date('2024-02-29'))).toBe(29);
    expect(value('day', date('2024-02-29'))).toBe(29);
    expect(value('dayofweek', date('2024-02-25'))).toBe(1);
    expect(value('dayofweek', date('2024-03-02'))).toBe(7);
    expect(value('weekday', date('2024-02-25'))).toBe(6);
    expect(value('dayofyear', date('2024-12-31'))).toBe(366);
    expect(value('dayofyear', date('2023-12-31'))).toBe(365);
    expect(value('hour', ts('2024-02-29 13:14:15.5'))).toBe(13);
    expect(value('minute', ts('2024-02-29 13:14:15.5'))).toBe(14);
    expect(value('second', ts('2024-02-29 13:14:15.5'))).toBe(15);
    expect(value('hour', date('2024-02-29'))).toBe(0);
    expect(value('hour', str('13:14:15'))).toBe(13);
    expect(value('hour', ts('1969-12-31 23:30:00'))).toBe(23);
    expect(value('weekofyear', date('2021-01-01'))).toBe(53);
    expect(value('weekofyear', date('2020-12-31'))).toBe(53);
    expect(value('weekofyear', date('2024-12-30'))).toBe(1);
    expect(value('quarter', date('2024-08-01'))).toBe(3);
    expect(value('year', date('1900-03-01'))).toBe(1900);
    expect(value('month', date('1969-12-31'))).toBe(12);
    expect(call('year', col(DateType, [parseDate('2000-01-01'), null])).values).toEqual([2000, null]);
  });

  it('date_trunc and trunc', () => {
    const t = ts('2024-02-29 13:14:15.5');
    expect(tsv('date_trunc', str('HOUR'), t)).toBe('2024-02-29 13:00:00');
    expect(tsv('date_trunc', str('year'), t)).toBe('2024-01-01 00:00:00');
    expect(tsv('date_trunc', str('QUARTER'), ts('2024-08-29 13:14:15.5'))).toBe('2024-07-01 00:00:00');
    expect(tsv('date_trunc', str('week'), t)).toBe('2024-02-26 00:00:00');
    expect(tsv('date_trunc', str('MM'), t)).toBe('2024-02-01 00:00:00');
    expect(tsv('date_trunc', str('DD'), t)).toBe('2024-02-29 00:00:00');
    expect(tsv('date_trunc', str('minute'), t)).toBe('2024-02-29 13:14:00');
    expect(tsv('date_trunc', str('second'), t)).toBe('2024-02-29 13:14:15');
    expect(tsv('date_trunc', str('millisecond'), ts('2024-02-29 13:14:15.123456'))).toBe('2024-02-29 13:14:15.123');
    expect(tsv('date_trunc', str('microsecond'), ts('2024-02-29 13:14:15.123456'))).toBe('2024-02-29 13:14:15.123456');
    expect(tsv('date_trunc', str('bogus'), t)).toBeNull();
    expect(tsv('date_trunc', str('YY'), date('2024-02-29'))).toBe('2024-01-01 00:00:00');
    expect(tsv('date_trunc', str('HOUR'), ts('1969-12-31 23:30:00'))).toBe('1969-12-31 23:00:00');
    expect(dv('trunc', date('2024-02-29'), str('MM'))).toBe('2024-02-01');
    expect(dv('trunc', date('2024-02-29'), str('year'))).toBe('2024-01-01');
    expect(dv('trunc', date('2024-02-29'), str('week'))).toBe('2024-02-26');
    expect(dv('trunc', date('2024-08-29'), str('QUARTER'))).toBe('2024-07-01');
    expect(dv('trunc', date('2024-08-29'), str('Q'))).toBeNull();
    expect(dv('trunc', date('2024-02-29'), str('DD'))).toBeNull();
    expect(dv('trunc', str('2024-02-29 10:00:00'), str('MON'))).toBe('2024-02-01');
  });

  it('to_timestamp and to_date, with and without a pattern', () => {
    expect(tsv('to_timestamp', str('2024-02-29 13:14:15'))).toBe('2024-02-29 13:14:15');
    expect(tsv('to_timestamp', str('2024-02-29'))).toBe('2024-02-29 00:00:00');
    expect(tsv('to_timestamp', str('29/02/2024 13:14'), str('dd/MM/yyyy HH:mm'))).toBe('2024-02-29 13:14:00');
    expect(tsv('to_timestamp', str('2024-02-30 13:14:15'))).toBeNull();
    expect(tsv('to_timestamp', str('garbage'))).toBeNull();
    expect(tsv('to_timestamp', str('2024-02-29 13:14:15.123'), str('yyyy-MM-dd HH:mm:ss.SSS'))).toBe('2024-02-29 13:14:15.123');
    expect(tsv('to_timestamp', str('2024-02-29T13:14:15Z'))).toBe('2024-02-29 13:14:15');
    expect(tsv('to_timestamp', str('2024-02-29 13:14:15+02:00'))).toBe('2024-02-29 11:14:15');
    expect(tsv('to_timestamp', int(1700000000))).toBe('2023-11-14 22:13:20');
    expect(dv('to_date', str('2024-02-29 13:14:15'))).toBe('2024-02-29');
    expect(dv('to_date', str('02/29/2024'), str('MM/dd/yyyy'))).toBe('2024-02-29');
    expect(dv('to_date', str('2024-02-30'))).toBeNull();
    expect(dv('to_date', ts('2024-02-29 13:14:15'))).toBe('2024-02-29');
    expect(dv('to_date', str('20240229'), str('yyyyMMdd'))).toBe('2024-02-29');
    expect(tsv('to_timestamp', str('Feb 29, 2024 1:14 PM'), str('MMM d, yyyy h:mm a'))).toBe('2024-02-29 13:14:00');
    expect(tsv('to_timestamp', str('2024-02-29 13:14'), str('yyyy-MM-dd HH:mm:ss'))).toBeNull();
    expect(tsv('to_timestamp', str('2024-02-29'), str('yyyy-MM-dd[ HH:mm]'))).toBe('2024-02-29 00:00:00');
    expect(tsv('to_timestamp', str('2024-02-29 01:02:03 +0100'), str('yyyy-MM-dd HH:mm:ss Z'))).toBe('2024-02-29 00:02:03');
    expect(tsv('to_timestamp', str('2024-02-29 13:14:15.12'), str('yyyy-MM-dd HH:mm:ss.SSS'))).toBe('2024-02-29 13:14:15.12');
    expect(tsv('to_timestamp', str('2024-2-9 3:4:5'), str('yyyy-M-d H:m:s'))).toBe('2024-02-09 03:04:05');
    expect(tsv('to_timestamp', str('2024-02-09'), str('yyyy-M-d'))).toBe('2024-02-09 00:00:00');
    expect(tsv('to_timestamp', str('24-02-09'), str('yy-MM-dd'))).toBe('2024-02-09 00:00:00');
    expect(tsv('to_timestamp', str('2024-02-29 13:14:15'), str('yyyy-MM-dd HH:mm'))).toBeNull();
    expect(tsv('to_timestamp', str('2024-060'), str('yyyy-DDD'))).toBe('2024-02-29 00:00:00');
    expect(tsv('to_timestamp', str('FEB 2024'), str('MMM yyyy'))).toBe('2024-02-01 00:00:00');
    expect(tsv('to_timestamp', str('2024-02-29T13:14:15.123+01:00'), str("yyyy-MM-dd'T'HH:mm:ss.SSSXXX"))).toBe('2024-02-29 12:14:15.123');
    expect(tsv('to_timestamp', str('13:14'), str('HH:mm'))).toBe('1970-01-01 13:14:00');
  });

  it('unix_timestamp and from_unixtime', () => {
    expect(value('unix_timestamp', str('2024-02-29 13:14:15'))).toBe(1709212455);
    expect(value('unix_timestamp', str('2024-02-29'), str('yyyy-MM-dd'))).toBe(1709164800);
    expect(value('unix_timestamp', ts('1969-12-31 23:59:59.5'))).toBe(0);
    expect(value('unix_timestamp', date('2024-02-29'))).toBe(1709164800);
    expect(value('unix_timestamp', str('bad'))).toBeNull();
    expect(value('unix_timestamp', str('2024-02-29'))).toBeNull();
    expect(Math.abs((value('unix_timestamp') as number) - Date.now() / 1000)).toBeLessThan(5);
    expect(value('from_unixtime', int(0))).toBe('1970-01-01 00:00:00');
    expect(value('from_unixtime', long(1709212455), str('yyyy/MM/dd HH:mm'))).toBe('2024/02/29 13:14');
    expect(value('from_unixtime', int(-1))).toBe('1969-12-31 23:59:59');
  });

  it('date_format with Spark patterns', () => {
    expect(value('date_format', ts('2024-02-29 13:14:15.123'), str('yyyy-MM-dd HH:mm:ss.SSS'))).toBe('2024-02-29 13:14:15.123');
    expect(value('date_format', ts('2024-02-29 13:14:15'), str('EEE, d MMM yyyy hh:mm a'))).toBe('Thu, 29 Feb 2024 01:14 PM');
    expect(value('date_format', ts('2024-02-29 13:14:15'), str('EEEE MMMM dd yy D'))).toBe('Thursday February 29 24 60');
    expect(value('date_format', date('2024-02-29'), str('yyyyMMdd'))).toBe('20240229');
    expect(value('date_format', ts('2024-02-29 13:14:15'), str("yyyy-MM-dd'T'HH:mm:ssXXX"))).toBe('2024-02-29T13:14:15Z');
    expect(value('date_format', ts('2024-02-29 13:14:15'), str('Z z'))).toBe('+0000 UTC');
    expect(value('date_format', ts('2024-02-29 13:14:15'), str('QQ q LLL'))).toBe('01 1 Feb');
    expect(value('date_format', ts('2024-02-29 00:14:15'), str("h 'o''clock' k K"))).toBe("12 o'clock 24 0");
    expect(value('date_format', ts('2024-02-29 13:14:15'), str('YYYY'))).toBeNull();
    expect(value('date_format', ts('2024-02-29 13:14:15'), str('MMMMM'))).toBeNull();
    expect(value('date_format', ts('2024-02-29 00:14:15.123456'), str('SSSSSS S'))).toBe('123456 1');
    expect(value('date_format', ts('2024-02-29 00:14:15'), str('G yyy y yyyyy'))).toBe('AD 2024 2024 02024');
    expect(value('date_format', ts('2024-02-29 00:14:15'), str('x xx xxx X XX XXX O OOOO VV zzzz ZZZZ ZZZZZ')))
      .toBe('+00 +0000 +00:00 Z Z Z GMT GMT UTC Coordinated Universal Time GMT Z');
    expect(value('date_format', ts('2024-02-29 00:14:15'), str('[yyyy]'))).toBe('2024');
    expect(call('date_format', col(TimestampType, [null, parseTimestamp('2024-01-02 03:04:05')]), str('HH')).values).toEqual([null, '03']);
  });

  it('date arithmetic', () => {
    expect(dv('date_add', date('2024-02-28'), int(1))).toBe('2024-02-29');
    expect(dv('date_add', date('2024-02-28'), int(-1))).toBe('2024-02-27');
    expect(dv('date_add', str('2024-02-28'), int(2))).toBe('2024-03-01');
    expect(dv('date_add', ts('2024-02-28 23:00:00'), int(1))).toBe('2024-02-29');
    expect(dv('date_sub', date('2024-03-01'), int(1))).toBe('2024-02-29');
    expect(value('datediff', date('2024-03-01'), date('2024-02-01'))).toBe(29);
    expect(value('datediff', str('2024-03-01 23:00:00'), str('2024-02-01'))).toBe(29);
    expect(dv('add_months', date('2024-01-31'), int(1))).toBe('2024-02-29');
    expect(dv('add_months', date('2024-02-29'), int(12))).toBe('2025-02-28');
    expect(dv('add_months', date('2024-03-31'), int(-1))).toBe('2024-02-29');
    expect(value('months_between', ts('1997-02-28 10:30:00'), date('1996-10-30'))).toBe(3.94959677);
    expect(value('months_between', ts('1997-02-28 10:30:00'), date('1996-10-30'), bool(false))).toBe(3.9495967741935485);
    expect(value('months_between', date('2024-03-31'), date('2024-02-29'))).toBe(1);
    expect(value('months_between', date('2024-03-15'), date('2024-02-15'))).toBe(1);
    expect(dv('last_day', date('2024-02-10'))).toBe('2024-02-29');
    expect(dv('last_day', str('2023-02-10'))).toBe('2023-02-28');
    expect(dv('make_date', int(2024), int(2), int(29))).toBe('2024-02-29');
    expect(dv('make_date', int(2023), int(2), int(29))).toBeNull();
    expect(tsv('make_timestamp', int(2024), int(2), int(29), int(13), int(14), dec('15.5'))).toBe('2024-02-29 13:14:15.5');
    expect(tsv('make_timestamp', int(2024), int(2), int(29), int(13), int(14), int(60))).toBe('2024-02-29 13:15:00');
    expect(tsv('make_timestamp', int(2024), int(2), int(29), int(13), int(14), int(61))).toBeNull();
  });

  it('epoch conversions', () => {
    expect(tsv('timestamp_seconds', int(1230219000))).toBe('2008-12-25 15:30:00');
    expect(tsv('timestamp_seconds', dec('1.5'))).toBe('1970-01-01 00:00:01.5');
    expect(tsv('timestamp_seconds', dbl(1.5))).toBe('1970-01-01 00:00:01.5');
    expect(tsv('timestamp_millis', long(1230219000123))).toBe('2008-12-25 15:30:00.123');
    expect(value('unix_millis', ts('2024-02-29 13:14:15.123456'))).toBe(1709212455123);
    expect(value('unix_seconds', ts('1969-12-31 23:59:59.5'))).toBe(-1);
    expect(value('unix_micros', ts('2024-02-29 13:14:15.123456'))).toBe(1709212455123456);
  });

  it('timestamp ± interval and date + interval', () => {
    const month = lit({ months: 1, days: 0, micros: 0 }, IntervalType);
    expect(tsv('timestamp_add_interval', ts('2024-01-31 10:00:00'), month)).toBe('2024-02-29 10:00:00');
    const mixed = lit({ months: 1, days: 2, micros: 3 * 3600e6 }, IntervalType);
    expect(tsv('timestamp_add_interval', ts('2024-01-31 10:00:00'), mixed)).toBe('2024-03-02 13:00:00');
    expect(tsv('timestamp_sub_interval', ts('2024-03-31 10:00:00'), month)).toBe('2024-02-29 10:00:00');
    expect(dv('timestamp_add_interval', date('2024-01-31'), lit({ months: 0, days: 1, micros: 0 }, IntervalType))).toBe('2024-02-01');
    expect(tsv('timestamp_add_interval', date('2024-01-31'), lit({ months: 0, days: 0, micros: 3600e6 }, IntervalType))).toBe('2024-01-31 01:00:00');
    expect(call('timestamp_add_interval', col(TimestampType, [null, 0]), month).values).toEqual([null, Date.UTC(1970, 1, 1) * 1000]);
  });

  it('clock functions read the time once per call', () => {
    const r = call('current_timestamp');
    expect(Math.abs((r.values[0] as number) / 1000 - Date.now())).toBeLessThan(5000);
    expect(value('current_date')).toBe(Math.floor(Date.now() / 86_400_000));
    expect(value('current_timezone')).toBe('UTC');
    const many = lookupScalarImpl('now')!([], 3, TimestampType);
    expect(many.length).toBe(3);
    expect(new Set(many.data as Float64Array).size).toBe(1);
  });
});
