#!/usr/bin/env bash
# The pages families load (issue 20), as a share of the same server's /healthz in one run
# (bench/README.md, "Public pages"). Steps:
#   1. the demo Local Offer (SIZE=demo, the default) or a corpus of SIZE services made by
#      bench/make_corpus.py, loaded and indexed as bench/run.sh does
#   2. one server on 127.0.0.1 with 2 threads; /healthz under wrk first and last (the share is of
#      their mean, and both are printed: a busy machine shows as a gap between them)
#   3. each public page type under wrk -t2 -c16 (the same URL again and again), and the same
#      page type over ROTATE different URLs of its kind where the corpus has them (services,
#      organisations, searches), which a cache keyed by URL cannot answer from memory
# Timings are printed, never asserted.
# usage: bench/pages.sh   (SIZE=demo|N DURATION=5 ROTATE=200 BUILD_DIR=build or BIN=...;
#        KEEP=1 reuses the data folder of an earlier run at the same SIZE; ONLY=regex runs the
#        page types whose name matches; PAGE_CACHE_MB=0 measures with the page cache off, the
#        "uncached" figures of issue 20)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
size=${SIZE:-demo}
duration=${DURATION:-5}
rotate=${ROTATE:-200}
build_dir=${BUILD_DIR:-build}
bin=${BIN:-$root/$build_dir/localoffer}
work=${WORK:-/tmp/localoffer-pages-$size}
only=${ONLY:-.}

for tool in wrk sqlite3 curl python3 bc; do
  command -v "$tool" >/dev/null || { echo "bench/pages.sh needs $tool (apt-get install $tool)" >&2; exit 1; }
done
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "== public pages, $size services ($bin; bench/ at $(git rev-parse --short HEAD)), page cache: ${PAGE_CACHE_MB:-default} MB, load average $(load)"
share_args=()
if [ "$size" = demo ]; then
  if [ "${KEEP:-0}" != 1 ] || [ ! -f "$work/data/localoffer.db" ]; then
    rm -rf "$work"; mkdir -p "$work"
    "$bin" demo load --data "$work/data" >/dev/null
  fi
else
  share_args=(--share "$work/share")
  if [ "${KEEP:-0}" != 1 ] || [ ! -f "$work/data/localoffer.db" ]; then
    rm -rf "$work"; mkdir -p "$work/share"
    python3 bench/make_corpus.py "$size" "$work/share" >/dev/null
    for d in templates static db; do ln -sfn "$root/$d" "$work/share/$d"; done
    "$bin" demo load --data "$work/data" "${share_args[@]}" >/dev/null
    "$bin" reindex --data "$work/data" "${share_args[@]}" >/dev/null
  fi
  for d in templates static db; do ln -sfn "$root/$d" "$work/share/$d"; done
fi
db=$work/data/localoffer.db

# All of this traffic comes from 127.0.0.1: the per-client limits are for the public.
conf=$work/no-limits.conf
printf '%s\n' 'rate_limit_public_posts = 0' 'rate_limit_sign_in = 0' 'rate_limit_search = 0' \
  'rate_limit_api = 0' 'max_connections_per_client = 0' > "$conf"
[ -n "${PAGE_CACHE_MB:-}" ] && echo "page_cache_mb = $PAGE_CACHE_MB" >> "$conf"

"$bin" serve --data "$work/data" "${share_args[@]}" --config "$conf" --bind 127.0.0.1 --port 0 \
  --threads 2 > "$work/server.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
port=""
for _ in $(seq 1 600); do
  port=$(sed -nE 's#.*at http://127\.0\.0\.1:([0-9]+)/.*#\1#p' "$work/server.log")
  [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.2
done
[ -n "$port" ] || { echo "the server did not start; its log is $work/server.log" >&2; exit 1; }
base=http://127.0.0.1:$port
# The search index catches up in the background after a load; pages are measured once it has.
for _ in $(seq 1 3000); do
  curl -s "$base/healthz" | grep -q '"search": *"ok"\|"search":"ok"' && break
  sleep 0.2
done

# URLs of each kind, read from the store (running services and their organisations), so the
# same script works on the demo and on a corpus.
sql() { sqlite3 -separator ' ' "$db" "$1"; }
mapfile -t services < <(sql "SELECT id FROM services WHERE status = 'active' ORDER BY id LIMIT $rotate")
mapfile -t orgs < <(sql "SELECT DISTINCT organisation_id FROM services WHERE status = 'active' ORDER BY 1 LIMIT $rotate")
category=$(sql "SELECT t.code FROM taxonomy_terms t JOIN taxonomies x ON x.id = t.taxonomy_id
  WHERE x.code = 'categories' AND (t.parent_id IS NULL OR t.parent_id = '') ORDER BY t.code LIMIT 1")
need=$(sql "SELECT t.code FROM taxonomy_terms t JOIN taxonomies x ON x.id = t.taxonomy_id
  WHERE x.code = 'send-needs' AND (t.parent_id IS NULL OR t.parent_id = '') ORDER BY t.code LIMIT 1")
advice=$(curl -s "$base/advice" | { grep -oE 'href="/advice/[a-z0-9-]+"' || true; } | head -1 |
  sed -E 's#href="(.*)"#\1#')
shortlist_cookie="lo_shortlist=$(IFS=.; echo "${services[*]:0:3}")"
words=(speech autism camhs "short%20breaks" wheelchair dyslexia physio "mental%20health" sleep
  swimming "occupational%20therapy" hearing sight epilepsy "speech%20therapy%20for%20my%20son")

lists=$(mktemp -d)
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$lists"' EXIT
printf '/services/%s\n' "${services[@]}" > "$lists/service"
printf '/organisations/%s\n' "${orgs[@]}" > "$lists/organisation"
for w in "${words[@]}"; do echo "/search?q=$w"; echo "/search?q=$w&age=8"; done > "$lists/search"

wrk_rps() {  # wrk_rps URL-or-list-file [cookie] -> requests per second
  local target=$1 cookie=${2:-} out args=(-t2 -c16 -d"${duration}s")
  [ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
  if [ -f "$target" ]; then out=$(wrk "${args[@]}" -s "$root/bench/wrk_paths.lua" "$base" -- "$target")
  else out=$(wrk "${args[@]}" "$base$target"); fi
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx answers for $target" >&2; fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}

hz1=$(wrk_rps /healthz)
printf '%-44s %10s %7s\n' "page" "req/s" "% hz"
results=()
measure() {  # measure NAME TARGET [cookie]
  [[ $1 =~ $only ]] || return 0
  local status
  if [ -f "$2" ]; then status=$(curl -s -o /dev/null -w '%{http_code}' -b "${3:-}" "$base$(head -1 "$2")")
  else status=$(curl -s -o /dev/null -w '%{http_code}' -b "${3:-}" "$base$2"); fi
  [ "$status" = 200 ] || { echo "$1: $2 answered $status, not measured" >&2; return 0; }
  results+=("$1|$(wrk_rps "$2" "${3:-}")")
  printf '%-44s %10s\n' "$1" "${results[-1]#*|}"
}
measure "home" /
measure "search, results" "/search?q=speech%20therapy"
measure "search, no results" "/search?q=xylophonic%20zebras"
measure "search, $((${#words[@]} * 2)) queries in turn" "$lists/search"
measure "service" "/services/${services[0]}"
measure "service, ${#services[@]} in turn" "$lists/service"
measure "organisation" "/organisations/${orgs[0]}"
measure "organisation, ${#orgs[@]} in turn" "$lists/organisation"
measure "categories" /categories
measure "category" "/categories/$category"
measure "needs" /needs
measure "need" "/needs/$need"
[ -n "$advice" ] && measure "advice" "$advice"
measure "checker, start" /check
measure "checker, age step" /check/age
measure "checker, result" "/check/result?age=8&need=$need&place=Oxford&ehc=no"
measure "shortlist, empty" /shortlist
measure "shortlist, 3 services" /shortlist "$shortlist_cookie"
measure "feedback form" /feedback
measure "openreferral/services" /openreferral/services
measure "openreferral/service_at_locations" /openreferral/service_at_locations
measure "openreferral/services?per_page=200" "/openreferral/services?per_page=200"
measure "api/search" "/api/search?q=speech%20therapy"
hz2=$(wrk_rps /healthz)
hz=$(echo "($hz1 + $hz2) / 2" | bc -l)
printf '\n/healthz: %.0f req/s before the pages, %.0f after; load average %s\n' "$hz1" "$hz2" "$(load)"
printf '%-44s %10s %7s\n' "page" "req/s" "% hz"
for r in "${results[@]}"; do
  printf '%-44s %10.0f %6.1f%%\n' "${r%%|*}" "${r#*|}" "$(echo "100 * ${r#*|} / $hz" | bc -l)"
done
