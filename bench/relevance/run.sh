#!/usr/bin/env bash
# Relevance benchmark (bench/relevance/README.md): builds the Bristol and demo collections with the
# binary under test, runs ours, fts5 and pg on the judged queries and prints nDCG@10, recall@10,
# P@5, MRR and judged@10 per collection and kind, and ours / fts5.
# usage: bench/relevance/run.sh [evaluate.py options]
#        (LOCALOFFER_BIN=PATH measures another binary)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
feed=$root/../shared/data/oruk-bristol-services-2024/services.json
if [ ! -f "$feed" ]; then
  echo "Relevance benchmark skipped: $feed is absent; the judged queries are on that Bristol feed."
  exit 0
fi
export LOCALOFFER_BIN=${LOCALOFFER_BIN:-$root/build/localoffer}
if [ ! -x "$LOCALOFFER_BIN" ]; then
  echo "Relevance benchmark: $LOCALOFFER_BIN is not a program;" \
       "build it with scripts/build.sh or set LOCALOFFER_BIN." >&2
  exit 1
fi
# The pg baseline needs Debian's PostgreSQL programs (initdb, pg_ctl, psql), as bench/run.sh does.
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || ! command -v psql >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get install -y -qq postgresql >/dev/null
fi
exec python3 "$here/evaluate.py" "$@"
