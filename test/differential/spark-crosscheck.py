#!/usr/bin/env python3
"""Runs every differential case through real Spark and reports the cases whose reference answer (DuckDB's, or the
rows written into the case) is not what Spark returns — the check that each case really pins Spark's semantics.

Usage (not part of `npm test`; needs pyspark, see scripts/spark-reference/install.sh, and Java 17+):
    SLUICE_SPARK_DUMP=/tmp/cases.json npx vitest run test/differential/spark-dump.test.ts
    .venv-spark/bin/python test/differential/spark-crosscheck.py /tmp/cases.json [NAME-FRAGMENT ...]

Spark runs in non-ANSI mode (Spark 3's default, the semantics Sluice follows) with session time zone UTC. The
tables are created from the dumped rows with the same types. Values are compared as the harness compares them:
multisets (or in order for ordered cases), doubles with a relative tolerance of 1e-9, NaN spelled 'NaN',
timestamps as ISO strings with milliseconds, dates as YYYY-MM-DD, decimals as numbers.

Known, accepted differences (Spark 4.3.0): `x IN (subquery)` used as a value in a SELECT list answers FALSE
where SQL's three-valued logic (and Spark's NULL-semantics reference) answers NULL — Spark's ExistenceJoin
rewrite is two-valued, a Spark bug (SPARK-58442). The suite keeps the three-valued answer.
"""
import datetime
import decimal
import json
import math
import os
import re
import sys
import time

os.environ["TZ"] = "UTC"
time.tzset()

from pyspark.sql import Row, SparkSession  # noqa: E402
from pyspark.sql.types import (  # noqa: E402
    BooleanType, DateType, DecimalType, DoubleType, IntegerType, LongType, StringType, StructField, StructType,
    TimestampType,
)

EPOCH = datetime.datetime(1970, 1, 1)


def spark_type(name):
    simple = {"INT": IntegerType(), "BIGINT": LongType(), "DOUBLE": DoubleType(), "STRING": StringType(),
              "BOOLEAN": BooleanType(), "TIMESTAMP": TimestampType(), "DATE": DateType()}
    upper = name.upper()
    if upper in simple:
        return simple[upper]
    m = re.fullmatch(r"DECIMAL\((\d+),(\d+)\)", upper)
    if m:
        return DecimalType(int(m.group(1)), int(m.group(2)))
    raise ValueError(f"unsupported column type {name}")


def to_spark(value, type_name):
    upper = type_name.upper()
    if value is None:
        return None
    if upper == "TIMESTAMP":
        return EPOCH + datetime.timedelta(microseconds=value)
    if upper == "DATE":
        return datetime.date(1970, 1, 1) + datetime.timedelta(days=value)
    if upper.startswith("DECIMAL"):
        return decimal.Decimal(str(value))
    if upper == "DOUBLE":
        return float(value)
    return value


def normalize(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, float):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity") if math.isinf(v) else v
    if isinstance(v, datetime.datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (v.microsecond // 1000)
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, Row):
        return {k: normalize(x) for k, x in v.asDict().items()}
    if isinstance(v, (list, tuple)):
        return [normalize(x) for x in v]
    if isinstance(v, dict):
        return {str(k): normalize(x) for k, x in v.items()}
    return v


def equal(a, b):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or abs(a - b) <= max(1e-9, 1e-9 * max(abs(a), abs(b)))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a.values(), b.values()))
    return a == b


def sort_key(v):
    def rounded(x):
        if isinstance(x, float):
            return float("%.8g" % x)
        if isinstance(x, list):
            return [rounded(y) for y in x]
        if isinstance(x, dict):
            return {k: rounded(y) for k, y in x.items()}
        return x
    return json.dumps(rounded(v), default=str)


def sorted_arrays(v):
    return sorted((sorted_arrays(x) for x in v), key=sort_key) if isinstance(v, list) else v


def rows_equal(a, b):
    return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))


def difference(got, want, ordered):
    """None when equal, else (rows only in Spark's answer, rows only in the reference)."""
    if ordered:
        return None if len(got) == len(want) and all(rows_equal(a, b) for a, b in zip(got, want)) else (got, want)
    left = sorted(want, key=sort_key)
    extra = []
    for row in sorted(got, key=sort_key):
        for i, w in enumerate(left):
            if rows_equal(row, w):
                left.pop(i)
                break
        else:
            extra.append(row)
    return None if not extra and not left else (extra, left)


def main():
    dump = json.load(open(sys.argv[1]))
    only = sys.argv[2:]
    spark = (SparkSession.builder.master("local[1]").appName("sluice-differential-crosscheck")
             .config("spark.sql.ansi.enabled", "false").config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "1")
             .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC").getOrCreate())
    spark.sparkContext.setLogLevel("OFF")
    for table in dump["tables"]:
        schema = StructType([StructField(c["name"], spark_type(c["type"])) for c in table["columns"]])
        rows = [[to_spark(v, c["type"]) for v, c in zip(row, table["columns"])] for row in table["rows"]]
        spark.createDataFrame(rows, schema).createOrReplaceTempView(table["name"])
    checked = mismatched = 0
    for case in dump["cases"]:
        if only and not any(o in case["name"] for o in only):
            continue
        checked += 1
        title = f"{case['group']} > {case['name']}"
        reference = case["reference"]
        if isinstance(reference, dict):
            mismatched += 1
            print(f"### {title}\n  the reference query failed: {reference['error'][:300]}")
            continue
        try:
            got = [[normalize(x) for x in r] for r in spark.sql(case["sql"]).collect()]
        except Exception as e:  # Spark's own error, reported as a mismatch
            mismatched += 1
            print(f"### {title}\n  Spark refused the query: {str(e).splitlines()[0][:300]}")
            continue
        if case["sortArrays"]:
            got = [[sorted_arrays(x) for x in r] for r in got]
            reference = [[sorted_arrays(x) for x in r] for r in reference]
        diff = difference(got, reference, case["ordered"])
        if diff:
            mismatched += 1
            print(f"### {title}\n  sql: {case['sql']}\n  Spark only:     {json.dumps(diff[0][:6])[:800]}\n"
                  f"  reference only: {json.dumps(diff[1][:6])[:800]}")
    print(f"checked {checked} cases, {mismatched} differ from Spark")
    spark.stop()


if __name__ == "__main__":
    main()
