#!/usr/bin/env bash
# The insights pages (issue 19, docs/insights.md) at SIZE services and a year of search counts
# (bench/README.md, "Insights pages"). Steps:
#   1. a corpus of SIZE services (bench/make_corpus.py), loaded and indexed as bench/run.sh does;
#      checks that the services carry needs terms, ages and areas (else the matrix is empty)
#   2. 365 days of search_daily_counts up to today (bench/insights_counts.py, through sqlite3)
#   3. a commissioner and an editor account, signed in over HTTP (bench/insights_session.py)
#   4. for each page, on a server of its own started here on 127.0.0.1 and stopped after: the
#      first request after start (facts read from the store), REPS sequential requests (p50,
#      p99), and wrk throughput as a share of the same server's /healthz
#   5. on one more server: coverage warm, then one service saved through the admin (the store
#      generation moves), then the first coverage request after the write (facts read again)
# Timings are printed, never asserted.
# usage: bench/insights.sh   (SIZE=100000 DURATION=5 REPS=50 BUILD_DIR=build or BIN=..., AREA=Oxfordshire;
#        KEEP=1 reuses the data folder (or else the corpus) of an earlier run at the same SIZE: new
#        counts, new accounts)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
size=${SIZE:-100000}
duration=${DURATION:-5}
reps=${REPS:-50}
build_dir=${BUILD_DIR:-build}
area=${AREA:-Oxfordshire}
bin=${BIN:-$root/$build_dir/localoffer}  # BIN=path measures another binary
work=${WORK:-/tmp/localoffer-insights-$size}
db=$work/data/localoffer.db

for tool in wrk sqlite3 curl python3 bc; do
  command -v "$tool" >/dev/null || { echo "bench/insights.sh needs $tool (apt-get install $tool)" >&2; exit 1; }
done
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "== insights pages, $size services ($bin; bench/ at $(git rev-parse --short HEAD)), load average $(load)"
if [ "${KEEP:-0}" = 1 ] && [ -f "$db" ]; then
  echo "reusing $work/data"
else
  if [ "${KEEP:-0}" = 1 ] && [ -f "$work/share/demo/localoffer.json" ]; then
    echo "reusing the corpus in $work/share"; rm -rf "$work/data"
  else
    rm -rf "$work"; mkdir -p "$work/share"
    python3 bench/make_corpus.py "$size" "$work/share" >/dev/null
  fi
  start=$(date +%s.%N)
  "$bin" demo load --data "$work/data" --share "$work/share" >/dev/null
  load_s=$(echo "$(date +%s.%N) - $start" | bc)
  start=$(date +%s.%N)
  "$bin" reindex --data "$work/data" --share "$work/share" >/dev/null
  printf 'load %.1f s, index build %.1f s\n' "$load_s" "$(echo "$(date +%s.%N) - $start" | bc)"
fi

# The templates, static files and seeds of this checkout, also when a kept corpus was made by
# another one (which may since have been removed).
for d in templates static db; do ln -sfn "$root/$d" "$work/share/$d"; done

# 1. Does the corpus give the matrix something to count?
read -r active with_needs with_age with_area areas <<<"$(sqlite3 -separator ' ' "$db" "
  SELECT (SELECT COUNT(*) FROM services WHERE status = 'active'),
         (SELECT COUNT(DISTINCT st.service_id) FROM service_taxonomy_terms st
            JOIN taxonomy_terms t ON t.id = st.term_id JOIN taxonomies x ON x.id = t.taxonomy_id
            JOIN services s ON s.id = st.service_id WHERE x.code = 'send-needs' AND s.status = 'active'),
         (SELECT COUNT(*) FROM services WHERE status = 'active' AND (min_age IS NOT NULL OR max_age IS NOT NULL)),
         (SELECT COUNT(DISTINCT service_id) FROM service_areas),
         (SELECT COUNT(DISTINCT lower(name)) FROM service_areas)")"
echo "corpus: $active running services; $with_needs with a SEND need term, $with_age with an age range, $with_area naming one of $areas areas"
if [ "$with_needs" -eq 0 ] || [ "$with_age" -eq 0 ]; then
  echo "WARNING: no needs terms or no ages: the coverage matrix is trivially empty and its timing means little" >&2
fi

# 2. A year of daily counts.
python3 bench/insights_counts.py "$db" > "$work/counts.sql"
sqlite3 "$db" < "$work/counts.sql"
sqlite3 -separator ' ' "$db" "SELECT 'search_daily_counts:', COUNT(*), 'rows,', COUNT(DISTINCT day), 'days,',
  MIN(day), 'to', MAX(day), ',', COUNT(*) / COUNT(DISTINCT day), 'metrics a day' FROM search_daily_counts"

# The per-client limits are for the public; all of this traffic comes from 127.0.0.1.
conf=$work/no-limits.conf
printf '%s\n' 'rate_limit_public_posts = 0' 'rate_limit_sign_in = 0' 'rate_limit_search = 0' \
  'rate_limit_api = 0' 'max_connections_per_client = 0' > "$conf"

server=""
start_server() {
  "$bin" serve --data "$work/data" --share "$work/share" --config "$conf" --bind 127.0.0.1 \
    --port 0 --threads 2 > "$work/server.log" 2>&1 &
  server=$!
  port=""
  for _ in $(seq 3000); do
    port=$(sed -nE 's#.*at http://127\.0\.0\.1:([0-9]+)/.*#\1#p' "$work/server.log")
    [ -n "$port" ] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.2
  done
  if [ -z "$port" ]; then echo "the server did not start; its log is $work/server.log" >&2; stop_server; exit 1; fi
  base=http://127.0.0.1:$port
  # Wait for the search index to have caught up (healthz "search": "ok"), so that no
  # catching up runs beside the timings.
  for _ in $(seq 600); do curl -s "$base/healthz" | grep -q '"search": *"ok"' && break; sleep 0.5; done
}
stop_server() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  server=""
}
trap stop_server EXIT

# time_get PATH -> "status seconds" of one request with the commissioner's session
time_get() {
  curl -s -o /dev/null -H "Cookie: lo_session=$session" -w '%{http_code} %{time_total}\n' "$base$1"
}
# latency PATH -> "p50 p99 max" in ms over $reps sequential requests (nearest rank)
latency() {
  local i out
  for i in $(seq "$reps"); do
    out=$(time_get "$1")
    [ "${out%% *}" = 200 ] || { echo "$1 answered ${out%% *}" >&2; exit 1; }
    echo "${out#* }"
  done | sort -n | awk -v n="$reps" '{ v[NR] = $1 * 1000 }
    END { p50 = v[int((n * 50 + 99) / 100)]; p99 = v[int((n * 99 + 99) / 100)];
          printf "%.1f %.1f %.1f", p50, p99, v[n] }'
}
# rps PATH -> "requests/s latency-avg non2xx" from wrk with the session cookie
rps() {
  local out
  out=$(wrk -t2 -c16 -d"${duration}s" --timeout 30s -H "Cookie: lo_session=$session" "$base$1")
  awk '/Requests\/sec/ {r = $2} /^ +Latency/ {l = $2} /Non-2xx/ {bad = $NF}
       END { printf "%s %s %d", r, l, bad + 0 }' <<<"$out"
}

# 3. Accounts: a commissioner for the pages, an editor to save a service.
start_server
stamp=$(date +%s)
session=$(python3 bench/insights_session.py sign-in "$base" "$bin" "$work/data" commissioner "commissioner.$stamp@example.org")
editor=$(python3 bench/insights_session.py sign-in "$base" "$bin" "$work/data" editor "editor.$stamp@example.org")
stop_server

# 4. Each page on a server of its own: the first request is the first after start.
enc_area=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$area")
pages=("/admin/insights/coverage" "/admin/insights/coverage?area=$enc_area"
       "/admin/insights/coverage?view=categories" "/admin/insights/demand" "/admin/insights/annual-review")
echo "-- per page, on a fresh server (2 threads): first request after start, then $reps sequential"
echo "   requests (p50/p99/max ms, curl time_total), then wrk -t2 -c16 -d${duration}s against /healthz"
printf '%-48s %8s %8s %8s %8s %10s %8s %7s %s\n' page "first ms" "p50 ms" "p99 ms" "max ms" "req/s" "wrk avg" "% hz" "load average"
for page in "/healthz" "${pages[@]}"; do
  start_server
  time_get /healthz >/dev/null  # the connection, nothing the pages need
  la=$(load)
  first=$(time_get "$page")
  [ "${first%% *}" = 200 ] || { echo "$page answered ${first%% *}" >&2; exit 1; }
  first_ms=$(echo "${first#* } * 1000" | bc -l)
  read -r p50 p99 max <<<"$(latency "$page")"
  read -r hz _ _ <<<"$(rps /healthz)"
  read -r r lat bad <<<"$(rps "$page")"
  [ "$bad" -eq 0 ] || echo "WARNING: $bad responses to $page under wrk were not 2xx/3xx" >&2
  printf '%-48s %8.1f %8s %8s %8s %10s %8s %6.1f%% %s\n' "$page" "$first_ms" "$p50" "$p99" "$max" "$r" "$lat" \
    "$(echo "100 * $r / $hz" | bc -l)" "$la"
  echo "   (this server's /healthz: $hz req/s)"
  stop_server
done

# 5. After a write: facts read again on the next request.
echo "-- after a write (one service saved by the editor through /admin/services/ID), coverage for all areas"
start_server
time_get /healthz >/dev/null
w=$(time_get /admin/insights/coverage); echo "first after start: ${w#* } s"
w=$(time_get /admin/insights/coverage); echo "second (cached):  ${w#* } s"
gen_before=$(sqlite3 "$db" "SELECT value FROM meta WHERE key = 'generation'")
sid=$(python3 bench/insights_session.py save "$base" "$editor")
gen_after=$(sqlite3 "$db" "SELECT value FROM meta WHERE key = 'generation'")
echo "saved service $sid: store generation $gen_before -> $gen_after; load average $(load)"
for i in 1 2 3; do
  w=$(time_get /admin/insights/coverage)
  [ "${w%% *}" = 200 ] || { echo "coverage after the write answered ${w%% *}" >&2; exit 1; }
  echo "request $i after the write: ${w#* } s"
done
w=$(time_get "/admin/insights/coverage?area=$enc_area"); echo "coverage?area=$area after the write (facts now warm, this area not): ${w#* } s"
stop_server
echo "load average at the end: $(load)"
