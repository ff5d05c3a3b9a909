#!/usr/bin/env bash
# Search benchmarks (bench/README.md): for each corpus size, generate a corpus from the real
# vocabulary in ../shared/data, load it, build the index, then measure in one run:
#   1. load and index build time and index size
#   2. in-process query latency p50/p99 for the fixed query mix (search_bench)
#   3. HTTP throughput of /api/search and /search with wrk, against the same server's /healthz
#   4. the same query mix on a PostgreSQL full-text baseline (ts_rank, distance ordering)
# Every server is started here on 127.0.0.1 and stopped after.
# usage: bench/run.sh   (SIZES="10000 100000" DURATION=10 BUILD_DIR=build WIDE=20000 to change)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sizes=${SIZES:-10000}
duration=${DURATION:-10}
build_dir=${BUILD_DIR:-build}  # BUILD_DIR=build-perf measures another build
bin=$root/$build_dir/localoffer
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)

need=()
command -v wrk >/dev/null || need+=(wrk)
[ -n "$pg_bin" ] || need+=(postgresql)
if ((${#need[@]})); then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get install -y -qq "${need[@]}" >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

paths_file=$(mktemp)
for q in "speech%20therapy" autism camhs "short%20breaks" wheelchair dyslexia physio "mental%20health"; do
  echo "/api/search?q=$q"; echo "/api/search?q=$q&age=4&access=self"; echo "/api/search?q=$q&location=OX3%209DU"
done > "$paths_file"
printf '%s\n' "/api/search?category=health&age=4" "/api/search?need=autism&free=1" \
  "/api/search?need=adhd&access=self&age=12" "/api/search?category=education&age=16" >> "$paths_file"
sed 's#/api/search#/search#' "$paths_file" > "$paths_file.html"
wide_n=${WIDE:-20000}
wide_file=$(mktemp)
python3 bench/wide_mix.py "$wide_n" > "$wide_file"

wrk_rps() {  # wrk_rps URL [lua paths] -> requests per second
  local out
  if [ $# -gt 1 ]; then out=$(wrk -t2 -c16 -d"${duration}s" -s "$root/bench/wrk_paths.lua" "$1" -- "$2")
  else out=$(wrk -t2 -c16 -d"${duration}s" "$1"); fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}

for n in $sizes; do
  work=/tmp/localoffer-bench-$n
  rm -rf "$work"; mkdir -p "$work/share"
  echo "== $n services"
  python3 bench/make_corpus.py "$n" "$work/share" >/dev/null
  for d in templates static db; do ln -s "$root/$d" "$work/share/$d"; done
  start=$(date +%s.%N)
  "$bin" demo load --data "$work/data" --share "$work/share" >/dev/null
  load_s=$(echo "$(date +%s.%N) - $start" | bc)
  start=$(date +%s.%N)
  "$bin" reindex --data "$work/data" --share "$work/share" >/dev/null
  index_s=$(echo "$(date +%s.%N) - $start" | bc)
  printf 'load %.1f s, index build %.1f s, index size %s, database size %s\n' "$load_s" "$index_s" \
    "$(du -sh "$work/data/search" | cut -f1)" "$(du -sh "$work/data/localoffer.db" | cut -f1)"

  echo "-- in-process latency of an answer (search_bench, 30 rounds of each query, answer cache off)"
  "$root/$build_dir/bench/search_bench" "$work/data" "$root" 30
  echo "-- the same without the ranking cache (LOCALOFFER_SEARCH_RANKING_CACHE=off)"
  LOCALOFFER_SEARCH_RANKING_CACHE=off "$root/$build_dir/bench/search_bench" "$work/data" "$root" 30
  echo "-- the same with one full Xapian match of the words (the design before the bitmaps)"
  "$root/$build_dir/bench/search_bench" "$work/data" "$root" 30 --reference
  echo "-- the same with the answer cache on (repeated searches are answered from it)"
  "$root/$build_dir/bench/search_bench" "$work/data" "$root" 30 --answer-cache

  # HTTP: wrk against one server per configuration, each compared with its own /healthz.
  # fixed: the 28 searches above, over and over; wide: $wide_n distinct searches
  # (bench/wide_mix.py), so nearly every request is one the answer cache has not seen.
  for config in "answer cache on" "answer cache off" "answer and ranking caches off"; do
    case $config in
      "answer cache on") env_=(LOCALOFFER_SEARCH_ANSWER_CACHE=on LOCALOFFER_SEARCH_RANKING_CACHE=on) ;;
      "answer cache off") env_=(LOCALOFFER_SEARCH_ANSWER_CACHE=off LOCALOFFER_SEARCH_RANKING_CACHE=on) ;;
      *) env_=(LOCALOFFER_SEARCH_ANSWER_CACHE=off LOCALOFFER_SEARCH_RANKING_CACHE=off) ;;
    esac
    echo "-- HTTP throughput, $config (wrk -t2 -c16 -d${duration}s, server with 2 threads)"
    env "${env_[@]}" "$bin" serve --data "$work/data" --share "$work/share" --port 0 --threads 2 > "$work/server.log" 2>&1 &
    server=$!
    # A large index takes a while to open (1M services: the filter columns are read first).
    started=$(date +%s.%N)
    for _ in $(seq 3000); do grep -q "at http://" "$work/server.log" && break; sleep 0.2; done
    port=$(sed -nE 's#.*at http://127\.0\.0\.1:([0-9]+)/.*#\1#p' "$work/server.log")
    if [ -z "$port" ]; then
      echo "The server did not start within 10 minutes; its log is $work/server.log." >&2
      kill -TERM "$server" 2>/dev/null || true; exit 1
    fi
    printf 'server ready in %.1f s\n' "$(echo "$(date +%s.%N) - $started" | bc)"
    healthz=$(wrk_rps "http://127.0.0.1:$port/healthz")
    api=$(wrk_rps "http://127.0.0.1:$port" "$paths_file")
    html=$(wrk_rps "http://127.0.0.1:$port" "$paths_file.html")
    wide=$(wrk_rps "http://127.0.0.1:$port" "$wide_file")
    kill -TERM "$server"; wait "$server" || true
    printf '/healthz %s req/s; /api/search fixed %s req/s (%.0f%% of /healthz), wide %s req/s (%.0f%%); /search fixed %s req/s\n' \
      "$healthz" "$api" "$(echo "100 * $api / $healthz" | bc -l)" "$wide" "$(echo "100 * $wide / $healthz" | bc -l)" "$html"
    case $config in
      "answer cache on") api_on=$api; wide_on=$wide ;;
      "answer cache off") api_off=$api; wide_off=$wide ;;
    esac
  done

  echo "-- PostgreSQL full-text baseline (pgbench -c2 -j2 -T${duration}, same query mix)"
  pg=$work/pg; mkdir -p "$pg"; chown -R postgres "$pg" 2>/dev/null || true
  as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  as_pg "$pg_bin/initdb" -D "$pg/data" -A trust -U bench >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$pg/data" -l "$pg/log" -o "-h 127.0.0.1 -p 55432 -k $pg" -w start >/dev/null
  psql_() { psql -h 127.0.0.1 -p 55432 -U bench -d postgres -v ON_ERROR_STOP=1 -q "$@"; }
  psql_ <<SQL
CREATE TABLE services (id uuid PRIMARY KEY, name text, description text, min_age int, max_age int,
  categories text[], needs text[], routes text[], lat float8, lon float8,
  tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', name), 'A') ||
                                    setweight(to_tsvector('english', description), 'B')) STORED);
\copy services (id, name, description, min_age, max_age, categories, needs, routes, lat, lon) FROM '$work/share/services.csv' WITH (FORMAT csv, NULL '')
CREATE INDEX ON services USING gin (tsv);
CREATE INDEX ON services USING gin (categories);
CREATE INDEX ON services USING gin (needs);
ANALYZE services;
SQL
  bench/pg_queries.sh "$work/pgq"
  args=(); for f in "$work"/pgq/*.sql; do args+=(-f "$f"); done
  tps=$(pgbench -h 127.0.0.1 -p 55432 -U bench -n -c 2 -j 2 -T "$duration" "${args[@]}" postgres 2>/dev/null |
        awk '/^tps/ && !seen {print $3; seen = 1}')
  as_pg "$pg_bin/pg_ctl" -D "$pg/data" -m fast stop >/dev/null
  printf 'PostgreSQL %s queries/s (transactions of one search and its category counts)\n' "$tps"
  printf '/api/search against PostgreSQL: answer cache on: fixed %.1fx, wide %.1fx; answer cache off: fixed %.1fx, wide %.1fx\n' \
    "$(echo "$api_on / $tps" | bc -l)" "$(echo "$wide_on / $tps" | bc -l)" \
    "$(echo "$api_off / $tps" | bc -l)" "$(echo "$wide_off / $tps" | bc -l)"
done
rm -f "$paths_file" "$paths_file.html" "$wide_file"
