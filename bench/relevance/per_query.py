#!/usr/bin/env python3
"""Per-query nDCG@10 of saved runs (evaluate.py --save-runs FILE), side by side, worst first:
which queries a change helped or hurt. usage: per_query.py RUNS.tsv [RUNS2.tsv ...]"""
import csv, math, os, sys
from collections import defaultdict

here = os.path.dirname(os.path.abspath(__file__))
qrels = defaultdict(dict)
with open(os.path.join(here, "qrels.tsv")) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        qrels[row["query_id"]][row["service_id"]] = int(row["grade"])
queries = {}
with open(os.path.join(here, "queries.tsv")) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        queries[row["id"]] = row

def ndcg(ranked, judged):
    gains = sorted(judged.values(), reverse=True)[:10]
    ideal = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    if ideal == 0:
        return None
    dcg = sum((2 ** judged.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
    return dcg / ideal

columns = {}
for path in sys.argv[1:]:
    runs = defaultdict(list)
    with open(path) as f:
        for row in csv.reader(f, delimiter="\t"):
            if row[0] == "collection":
                continue
            runs[(row[1], row[2])].append((int(row[3]), row[4]))
    for (system, q), items in runs.items():
        columns.setdefault(f"{os.path.basename(path)}:{system}", {})[q] = [d for _, d in sorted(items)]
names = list(columns)
rows = []
for q, meta in queries.items():
    scores = [ndcg(columns[n].get(q, []), qrels[q]) for n in names]
    if all(s is None for s in scores):
        continue
    rows.append((scores[-1] if scores[-1] is not None else 0, q, meta, scores))
print("query  kind         " + "  ".join(n[-18:].rjust(18) for n in names) + "  text")
for _, q, meta, scores in sorted(rows, key=lambda r: r[0]):
    print(f"{q}  {meta['kind']:<12} " + "  ".join(("-" if s is None else f"{s:.3f}").rjust(18) for s in scores) + f"  {meta['query']}")
