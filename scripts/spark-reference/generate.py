#!/usr/bin/env python3
"""Runs the cases of test/streaming/spark-cases.json through Spark Structured Streaming and writes what Spark
outputs, micro-batch by micro-batch, to test/streaming/spark-expected/<case>.json, so that
test/streaming/spark-reference.test.ts can compare Sluice's answers with Spark's own on the same input.

Usage (after scripts/spark-reference/install.sh):
    .venv-spark/bin/python scripts/spark-reference/generate.py            # every case
    .venv-spark/bin/python scripts/spark-reference/generate.py CASE ...   # only these

Each case is run the way the Sluice test runs it: one JSON-lines input file per element of `files`, written with
the same names and increasing modification times as test/streaming/streaming-harness.ts does; a file source
with maxFilesPerTrigger = 1; the watermark (if any) applied with withWatermark; the stream registered as the
temporary view `events` (and each static table of `tables` as a view over a JSON-lines file); then the case's
`sql` (default: `events` itself), followed by dropDuplicates / dropDuplicatesWithinWatermark on the given
columns when the case has them; the output mode of the case; an available-now trigger; session time zone UTC;
4 shuffle partitions. A foreachBatch function captures every micro-batch, including the empty ones Spark runs
when the watermark moves (no-data batches).

Expected file:
    {
      "case": "<name>",
      "spark": "<Spark version>",
      "batches": { "<batchId>": [row, ...], ... },          # one row per line, sorted by its JSON text
      "progress": { "<batchId>": {"watermark": "...", "numRowsDroppedByWatermark": n}, ... }
    }
or, when Spark refuses the query, {"case", "spark", "error": "<first line of Spark's message>"}.
Rows are JSON objects in column order; timestamps are ISO-8601 UTC strings with milliseconds and `Z`, structs
(such as window columns) are objects ({"start", "end"}), nulls are kept.
"""
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

try:
    import pyspark
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F
    from pyspark.errors import PySparkException
except ImportError:
    sys.exit('spark-reference: pyspark is not installed here; run scripts/spark-reference/install.sh and use '
             '.venv-spark/bin/python')

ROOT = Path(__file__).resolve().parents[2]
CASES_FILE = ROOT / 'test' / 'streaming' / 'spark-cases.json'
EXPECTED_DIR = ROOT / 'test' / 'streaming' / 'spark-expected'

# Spark's JSON writer pattern that prints UTC as "Z" with milliseconds, as Sluice's jsonl output does.
TO_JSON_OPTIONS = {'timestampFormat': "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", 'ignoreNullFields': 'false'}


def write_input_files(directory, files):
    """The same file names, contents and modification times as writeInputFiles in streaming-harness.ts."""
    t0 = time.time() - 100_000
    for i, rows in enumerate(files):
        f = directory / f'part-{i:04d}.json'
        f.write_text('\n'.join(json.dumps(r) for r in rows) + '\n')
        os.utime(f, (t0 + i * 10, t0 + i * 10))


def rows_as_json(df):
    """A batch's rows as JSON-compatible dicts, formatted by Spark itself so timestamps and structs print the
    way they print in Sluice, sorted by their JSON text so that the files are stable."""
    if not df.columns:
        return []
    packed = F.to_json(F.struct(*[F.col(f'`{c}`') for c in df.columns]), TO_JSON_OPTIONS)
    rows = [json.loads(r[0]) for r in df.select(packed).collect()]
    return sorted(rows, key=json.dumps)


def expected_text(result):
    """The expected file's JSON, one output row per line so that a diff shows rows."""
    lines = ['{']
    head = [f'  {json.dumps(k)}: {json.dumps(v)}' for k, v in result.items() if k not in ('batches', 'progress')]
    sections = []
    for key in ('batches', 'progress'):
        if key not in result:
            continue
        entries = []
        for batch_id, value in result[key].items():
            if key == 'batches' and value:
                rows = ',\n'.join(f'      {json.dumps(r)}' for r in value)
                entries.append(f'    {json.dumps(batch_id)}: [\n{rows}\n    ]')
            else:
                entries.append(f'    {json.dumps(batch_id)}: {json.dumps(value)}')
        sections.append(f'  {json.dumps(key)}: {{\n' + ',\n'.join(entries) + '\n  }')
    lines.append(',\n'.join(head + sections))
    lines.append('}')
    return '\n'.join(lines) + '\n'


def build_query(spark, case, input_dir, tables_dir):
    for name, table in (case.get('tables') or {}).items():
        path = tables_dir / f'{name}.json'
        path.write_text(''.join(json.dumps(r) + '\n' for r in table['rows']))
        spark.read.schema(table['schema']).json(str(path)).createOrReplaceTempView(name)
    events = spark.readStream.schema(case['schema']).option('maxFilesPerTrigger', 1).json(str(input_dir))
    wm = case.get('watermark')
    if wm:
        events = events.withWatermark(wm['column'], wm['delay'])
    events.createOrReplaceTempView('events')
    df = spark.sql(case['sql']) if 'sql' in case else events
    if 'dropDuplicates' in case:
        df = df.dropDuplicates(case['dropDuplicates'])
    if 'dropDuplicatesWithinWatermark' in case:
        df = df.dropDuplicatesWithinWatermark(case['dropDuplicatesWithinWatermark'])
    return df


def first_line(e):
    text = getattr(e, 'getMessage', lambda: None)() or str(e)
    return text.strip().splitlines()[0]


def run_case(spark, name, case):
    with tempfile.TemporaryDirectory(prefix='sluice-spark-ref-') as tmp:
        tmp = Path(tmp)
        input_dir, tables_dir = tmp / 'in', tmp / 'tables'
        input_dir.mkdir()
        tables_dir.mkdir()
        write_input_files(input_dir, case['files'])
        batches = {}

        def capture(df, batch_id):
            batches[batch_id] = rows_as_json(df)

        result = {'case': name, 'spark': spark.version}
        try:
            query = (build_query(spark, case, input_dir, tables_dir).writeStream
                     .outputMode(case['outputMode'])
                     .foreachBatch(capture)
                     .option('checkpointLocation', str(tmp / 'checkpoint'))
                     .trigger(availableNow=True)
                     .start())
            query.awaitTermination()
        except PySparkException as e:
            result['error'] = first_line(e)
            return result
        result['batches'] = {str(k): batches[k] for k in sorted(batches)}
        progress = {}
        for p in query.recentProgress:
            entry = {}
            watermark = (p.eventTime or {}).get('watermark')
            if watermark is not None:
                entry['watermark'] = watermark
            if p.stateOperators:
                entry['numRowsDroppedByWatermark'] = sum(op.numRowsDroppedByWatermark for op in p.stateOperators)
            progress[str(p.batchId)] = entry
        result['progress'] = {k: progress[k] for k in sorted(progress, key=int)}
        return result


def main(argv):
    cases = json.loads(CASES_FILE.read_text())
    unknown = [n for n in argv if n not in cases]
    if unknown:
        sys.exit(f'spark-reference: no such case: {", ".join(unknown)}')
    names = argv or list(cases)
    EXPECTED_DIR.mkdir(parents=True, exist_ok=True)
    spark = (SparkSession.builder.master('local[2]').appName('sluice-spark-reference')
             .config('spark.sql.session.timeZone', 'UTC')
             .config('spark.sql.shuffle.partitions', '4')
             .config('spark.ui.enabled', 'false')
             .config('spark.ui.showConsoleProgress', 'false')
             .config('spark.driver.extraJavaOptions', '-Duser.timezone=UTC')
             .getOrCreate())
    spark.sparkContext.setLogLevel('ERROR')
    # A refused query is an expected outcome here; PySpark would also log its whole stack trace.
    logging.getLogger('SQLQueryContextLogger').setLevel(logging.CRITICAL)
    started = time.time()
    try:
        for name in names:
            t = time.time()
            result = run_case(spark, name, cases[name])
            out = EXPECTED_DIR / f'{name}.json'
            out.write_text(expected_text(result))
            what = f'error: {result["error"]}' if 'error' in result else f'{len(result["batches"])} batches'
            print(f'{name}: {what} ({time.time() - t:.1f} s)')
    finally:
        spark.stop()
    print(f'spark-reference: {len(names)} cases with Spark {pyspark.__version__} in {time.time() - started:.1f} s')


if __name__ == '__main__':
    main(sys.argv[1:])
