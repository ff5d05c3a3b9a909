#!/usr/bin/env bash
# Builds the site's stylesheet: static/src/app.scss (with govuk-frontend from node_modules) ->
# static/dist/app.<hash>.css, and static/dist/manifest.json mapping "app.css" to that name; copies
# the optional map's script and Leaflet into static/dist.
# Idempotent: does nothing when the output is newer than every input. --force rebuilds anyway.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

force=0
case "${1:-}" in
    --force) force=1 ;;
    "") ;;
    *) echo "usage: scripts/build-assets.sh [--force]" >&2; exit 2 ;;
esac

src_dir=static/src
dist_dir=static/dist
manifest="$dist_dir/manifest.json"

if ! command -v node >/dev/null 2>&1; then
    echo "build-assets: Node.js is not installed. Install it (Debian: apt-get install nodejs npm) and run this again." >&2
    exit 1
fi

# Install or refresh node_modules from package-lock.json when it is missing or out of date.
if [[ ! -x node_modules/.bin/sass || ! -f node_modules/.package-lock.json ||
      package-lock.json -nt node_modules/.package-lock.json ]]; then
    echo "build-assets: installing npm packages from package-lock.json"
    if ! npm ci --no-audit --no-fund --loglevel=error; then
        echo "build-assets: 'npm ci' failed. Check you can reach the npm registry, then run this again." >&2
        exit 1
    fi
fi

# Up to date when the manifest and the file it names are newer than every input.
if [[ $force -eq 0 && -f "$manifest" ]]; then
    current="$(sed -n 's/.*"app.css"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$manifest")"
    map_js="$(sed -n 's/.*"map.js"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$manifest")"
    if [[ -n "$current" && -f "$dist_dir/$current" && -n "$map_js" && -f "$dist_dir/$map_js" ]]; then
        newer="$(find "$src_dir" package-lock.json scripts/build-assets.sh -newer "$manifest" -print -quit)"
        if [[ -z "$newer" ]]; then
            echo "build-assets: $dist_dir/$current is up to date"
            exit 0
        fi
    fi
fi

mkdir -p "$dist_dir"
tmp="$(mktemp "$dist_dir/.app.XXXXXX.css")"
trap 'rm -f "$tmp" "$tmp.manifest"' EXIT

node_modules/.bin/sass --load-path=node_modules --no-source-map --style=compressed \
    --quiet-deps "$src_dir/app.scss" "$tmp"

hash="$(sha256sum "$tmp" | cut -c1-8)"
name="app.$hash.css"

# The optional map's files (docs/configuration.md, map_tiles_url), linked only by pages with a
# map: our static/src/map.js as map.<hash>.js, and Leaflet's script, stylesheet, marker images and
# licence from node_modules in leaflet-<version>/. Both names change with their content, so they
# may be cached for a year like the stylesheet.
map_name="map.$(sha256sum "$src_dir/map.js" | cut -c1-8).js"
leaflet_version="$(node -p 'require("./node_modules/leaflet/package.json").version')"
leaflet_dir="leaflet-$leaflet_version"
if [[ ! -f "$dist_dir/$map_name" ]]; then
    install -m 644 "$src_dir/map.js" "$dist_dir/$map_name"
fi
if [[ ! -f "$dist_dir/$leaflet_dir/leaflet.js" ]]; then
    mkdir -p "$dist_dir/$leaflet_dir/images"
    for file in leaflet.js leaflet.js.map leaflet.css; do
        install -m 644 "node_modules/leaflet/dist/$file" "$dist_dir/$leaflet_dir/$file"
    done
    install -m 644 node_modules/leaflet/dist/images/*.png "$dist_dir/$leaflet_dir/images/"
    install -m 644 node_modules/leaflet/LICENSE "$dist_dir/$leaflet_dir/LICENSE.txt"
fi

# Keep the new file and the one the old manifest names (a running server read that manifest at
# start-up and still links it); older builds go. The manifest is written last, so it never
# points at a file that is not there yet.
previous=""
if [[ -f "$manifest" ]]; then
    previous="$(sed -n 's/.*"app.css"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$manifest")"
fi
find "$dist_dir" -maxdepth 1 -name 'app.*.css' ! -name "$name" ! -name "${previous:-none}" -delete
previous_map=""
if [[ -f "$manifest" ]]; then
    previous_map="$(sed -n 's/.*"map.js"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$manifest")"
fi
find "$dist_dir" -maxdepth 1 -name 'map.*.js' ! -name "$map_name" ! -name "${previous_map:-none}" -delete
mv "$tmp" "$dist_dir/$name"
chmod 644 "$dist_dir/$name"
printf '{\n  "app.css": "%s",\n  "map.js": "%s",\n  "leaflet": "%s"\n}\n' \
    "$name" "$map_name" "$leaflet_dir" > "$tmp.manifest"
mv "$tmp.manifest" "$manifest"
echo "build-assets: wrote $dist_dir/$name and $manifest"
