#!/usr/bin/env bash
# Import and Open Referral API benchmarks (bench/README.md, "Import and the Open Referral API"):
#   1. generate realistic ORUK 3.0 ndjson files of 10k (the baseline) and 100k services
#      (bench/make_oruk.py, real vocabulary from ../shared/data, the instance's own taxonomy terms)
#   2. time `localoffer import oruk` of each into an empty instance, then a re-import of the
#      100k file (nothing changes) and the raw SQLite insert rate of the same rows as a floor
#   3. wrk throughput of /openreferral/services pages (per_page 50 and 200, full=true, filtered)
#      against the same server's /healthz, on the first size's instance
# Every server is started here on 127.0.0.1 and stopped after.
# usage: bench/import.sh       (SIZES="10000 100000" DURATION=10 BUILD_DIR=build to change)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sizes=${SIZES:-10000 100000}
duration=${DURATION:-10}
bin=$root/${BUILD_DIR:-build}/localoffer
work=$(mktemp -d /tmp/localoffer-import-bench.XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# The taxonomy terms every instance holds, for the generator's attributes.
"$bin" export oruk --dir "$work/empty-export" --data "$work/empty" >/dev/null 2>&1

for n in $sizes; do
  file=$work/services-$n.ndjson
  (cd bench && python3 make_oruk.py "$n" "$work/empty-export/taxonomies.ndjson" "$file" >/dev/null)
  data=$work/data-$n
  # Wall time depends on what else the machine runs; user + sys is the CPU the import needed.
  out=$(/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$bin" import oruk "$file" --data "$data")
  read -r wall user sys rss <"$work/time"
  printf '%-7s services: import %.1f s wall, %.1f s CPU (user+sys, %.0f services per CPU second), max RSS %d MB; %s; file %s, database %s\n' \
    "$n" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$n / ($user + $sys)" | bc -l)" $((rss / 1024)) \
    "${out%.}" "$(du -h "$file" | cut -f1)" "$(du -h "$data/localoffer.db" | cut -f1)"
done

last=$(echo "$sizes" | awk '{print $NF}')
data=$work/data-$last
out=$(/usr/bin/time -f '%e %U %S' -o "$work/time" "$bin" import oruk "$work/services-$last.ndjson" --data "$data")
read -r wall user sys <"$work/time"
printf '%-7s services: re-import %.1f s wall, %.1f s CPU: %s\n' "$last" "$wall" "$(echo "$user + $sys" | bc)" "$out"

# The floor: the same services' main rows inserted straight into SQLite in one transaction.
python3 - "$work/services-$last.ndjson" "$work/raw.db" <<'EOF'
import json, sqlite3, sys, time
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
db = sqlite3.connect(sys.argv[2])
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE services (id TEXT PRIMARY KEY, organisation_id TEXT, name TEXT, summary TEXT, description TEXT, url TEXT, email TEXT, status TEXT, min_age INT, max_age INT, last_modified TEXT)")
start = time.time()
with db:
    db.executemany("INSERT INTO services VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                   [(r["id"], r["organization_id"], r["name"], r["summary"], r["description"], r["url"], r["email"],
                     r["status"], r["minimum_age"], r["maximum_age"], r["last_modified"]) for r in rows])
s = time.time() - start
print(f"raw sqlite3 insert of the {len(rows)} service rows alone (no children, no checks): {s:.1f} s ({len(rows) / s:.0f} rows/s)")
EOF

# /openreferral/services pages, against /healthz of the same server, on the first size's instance
# (the server builds its search index before it listens: minutes for 100k on a busy machine).
serve_size=$(echo "$sizes" | awk '{print $1}')
data=$work/data-$serve_size
"$bin" serve --data "$data" --port 0 --bind 127.0.0.1 >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 3600); do
  grep -q 'at http://127.0.0.1:' "$work/serve.log" && break
  sleep 0.5
done
base=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.log" | head -n 1)
wrk_line() {
  local out
  out=$(wrk -t2 -c16 -d"${duration}s" "$base$1")
  printf '%-55s %8s req/s  latency avg %s\n' "$1" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '/Latency/ {print $2; exit}' <<<"$out")"
}
echo "-- wrk -t2 -c16 -d${duration}s, $serve_size services"
wrk_line /healthz
wrk_line "/openreferral/services?page=1&per_page=50"
wrk_line "/openreferral/services?page=100&per_page=50"
wrk_line "/openreferral/services?page=1&per_page=200"
wrk_line "/openreferral/services?page=1&per_page=50&full=true"
wrk_line "/openreferral/services?page=1&per_page=50&taxonomy_id=6c1f4c8e-2d6a-4a4b-9a7e-1f0d3a5b7c21&age=5"
