#!/usr/bin/env bash
# Open Referral API throughput (bench/README.md, "Import and the Open Referral API"): wrk on the
# list pages a harvester or the ORUK validator asks for, against the same server's /healthz.
#   1. generate N realistic ORUK 3.0 services (bench/make_oruk.py) and import them
#   2. for each binary in BINS (default: this build), serve a copy of that instance on 127.0.0.1
#      and run wrk on each URL; a binary with a newer schema migrates only its own copy, so an
#      older build can be measured in the same run as the baseline
# usage: bench/oruk_api.sh     (SIZES="10000 100000" DURATION=5 BINS="old/localoffer build/localoffer")
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sizes=${SIZES:-10000}
duration=${DURATION:-5}
bins=${BINS:-$root/${BUILD_DIR:-build}/localoffer}
first_bin=${bins%% *}
work=$(mktemp -d /tmp/localoffer-oruk-bench.XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
command -v wrk >/dev/null || { sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo; $sudo apt-get install -y -qq wrk >/dev/null; }

"$first_bin" export oruk --dir "$work/empty-export" --data "$work/empty" >/dev/null 2>&1

for n in $sizes; do
  (cd bench && python3 make_oruk.py "$n" "$work/empty-export/taxonomies.ndjson" "$work/s.ndjson" >/dev/null)
  rm -rf "$work/data"
  "$first_bin" import oruk "$work/s.ndjson" --data "$work/data" >/dev/null
  # A term, an organisation and a postcode that the generated data holds, for the filtered pages.
  read -r term org postcode < <(python3 - "$work/s.ndjson" <<'EOF'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    s = json.loads(line)
    pcs = [a["postal_code"] for l in s.get("service_at_locations", []) for a in l.get("location", {}).get("addresses", [])]
    if s.get("attributes") and pcs:
        print(s["attributes"][0]["taxonomy_term_id"], s["organization"]["id"], pcs[0].replace(" ", "%20"))
        break
EOF
  )
  outcode=${postcode%%\%20*}
  urls=(
    "/healthz"
    "/openreferral/services?page=1&per_page=50"
    "/openreferral/services?page=100&per_page=50"
    "/openreferral/services?page=1&per_page=200"
    "/openreferral/services?page=1&per_page=50&full=true"
    "/openreferral/services?taxonomy_term_id=$term&age=5"
    "/openreferral/services?organization_id=$org"
    "/openreferral/services?search=speech%20therapy"
    "/openreferral/services?postcode=$postcode&proximity=5000"
    "/openreferral/service_at_locations?page=1"
    "/openreferral/service_at_locations?page=100"
    "/openreferral/service_at_locations?postcode=$outcode"
  )
  for bin in $bins; do
    rm -rf "$work/copy"; cp -a "$work/data" "$work/copy"
    "$bin" serve --data "$work/copy" --port 0 --bind 127.0.0.1 --threads 2 >"$work/serve.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 3600); do grep -q 'at http://127.0.0.1:' "$work/serve.log" && break; sleep 0.5; done
    base=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.log" | head -n 1)
    echo "-- $n services, $bin (wrk -t2 -c16 -d${duration}s, server with 2 threads)"
    for u in "${urls[@]}"; do
      # A slow page leaves requests queued after wrk stops; wait until the server answers
      # /healthz at once again, so they are not counted against the next page.
      for _ in $(seq 1 600); do
        t=$(curl -s -o /dev/null -m 120 -w '%{time_total}' "$base/healthz")
        awk -v t="$t" 'BEGIN { exit !(t < 0.02) }' && break
      done
      out=$(wrk -t2 -c16 -d"${duration}s" "$base$u")
      printf '%10s req/s  latency avg %8s  %s\n' "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
        "$(awk '/Latency/ {print $2; exit}' <<<"$out")" "$u"
    done
    [ -n "${KEEP_LOG:-}" ] && cp "$work/serve.log" "$KEEP_LOG.$(basename "$(dirname "$bin")")"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  done
done
