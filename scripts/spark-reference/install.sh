#!/usr/bin/env bash
# Installs the pinned pyspark used to produce test/streaming/spark-expected/*.json into a virtualenv at
# .venv-spark/ in the repository root. Not part of `npm test`: the expected files are committed, and this is
# needed only to regenerate them (scripts/spark-reference/generate.py). Spark also needs a Java runtime (17+).
set -euo pipefail

PYSPARK_VERSION="4.3.0"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$root/.venv-spark"
python="${PYTHON:-python3}"

if ! command -v java >/dev/null 2>&1; then
  echo "spark-reference: Spark needs a Java runtime (17 or newer) on PATH" >&2
  exit 1
fi

if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "pyspark==$PYSPARK_VERSION"
"$venv/bin/python" -c 'import pyspark; print("spark-reference: pyspark", pyspark.__version__, "installed in '"$venv"'")'
