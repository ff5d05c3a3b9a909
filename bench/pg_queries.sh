#!/usr/bin/env bash
# Writes the PostgreSQL full-text baseline's query mix as pgbench script files into $1: the same
# four groups as search_bench, with ts_rank ordering, facet counts and distance ordering.
set -euo pipefail
out="$1"; mkdir -p "$out"
words=("speech therapy" "autism" "camhs" "short breaks" "wheelchair" "dyslexia" "physio" "mental health")
lats=(51.76356 51.90 51.5830 51.5170); lons=(-1.21960 -1.15 -0.0200 -0.1740)
for i in "${!words[@]}"; do
  w="${words[$i]}"; age=$((2 + i)); route=$([ $((i % 2)) -eq 1 ] && echo self || echo gp)
  lat=${lats[$((i % 4))]}; lon=${lons[$((i % 4))]}
  cat > "$out/keyword_$i.sql" <<SQL
SELECT id, name, ts_rank(tsv, q) AS rank FROM services, websearch_to_tsquery('english', '$w') q WHERE tsv @@ q ORDER BY rank DESC LIMIT 20;
SELECT c, count(*) FROM services, websearch_to_tsquery('english', '$w') q, unnest(categories) c WHERE tsv @@ q GROUP BY c;
SQL
  cat > "$out/filtered_$i.sql" <<SQL
SELECT id, name, ts_rank(tsv, q) AS rank FROM services, websearch_to_tsquery('english', '$w') q WHERE tsv @@ q AND min_age <= $age AND max_age >= $age AND '$route' = ANY(routes) ORDER BY rank DESC LIMIT 20;
SELECT c, count(*) FROM services, websearch_to_tsquery('english', '$w') q, unnest(categories) c WHERE tsv @@ q AND min_age <= $age AND max_age >= $age AND '$route' = ANY(routes) GROUP BY c;
SQL
  cat > "$out/place_$i.sql" <<SQL
SELECT id, name, 3958.8 * 2 * asin(sqrt(power(sin(radians(lat - $lat) / 2), 2) + cos(radians($lat)) * cos(radians(lat)) * power(sin(radians(lon - ($lon)) / 2), 2))) AS miles FROM services, websearch_to_tsquery('english', '$w') q WHERE tsv @@ q ORDER BY miles NULLS LAST, ts_rank(tsv, q) DESC LIMIT 20;
SQL
done
filters=("'health' = ANY(categories) AND min_age <= 4 AND max_age >= 4"
         "'autism' = ANY(needs)"
         "'speech-and-language-therapy' = ANY(categories)"
         "'adhd' = ANY(needs) AND 'self' = ANY(routes) AND min_age <= 12 AND max_age >= 12"
         "'leisure-and-short-breaks' = ANY(categories)"
         "'hearing' = ANY(needs)"
         "'education' = ANY(categories) AND min_age <= 16 AND max_age >= 16"
         "'physical' = ANY(needs) AND 'health' = ANY(categories)")
for i in "${!filters[@]}"; do
  cat > "$out/filters_$i.sql" <<SQL
SELECT id, name FROM services WHERE ${filters[$i]} ORDER BY name LIMIT 20;
SELECT c, count(*) FROM services, unnest(categories) c WHERE ${filters[$i]} GROUP BY c;
SQL
done
