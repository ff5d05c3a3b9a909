#!/usr/bin/env python3
"""Scores ours, fts5 and pg on the judged queries: per collection, overall and per kind.

  nDCG@10    gain = the grade (0-3), discount log2(rank + 1); the ideal ranking is the query's
             judged grades, best first. An unjudged result counts as grade 0.
  recall@10  relevant (grade 2 or 3) services in the top 10 / all judged relevant services
  P@5        relevant services in the top 5 / 5
  MRR        1 / rank of the first relevant service in the top 20, 0 when there is none
  judged@10  share of all the top-10 results returned that have a grade (low = scores uncertain)
A query with no service graded 2 or 3 has nothing to find: it is left out of the first four
(and counted), but not out of judged@10.
usage: evaluate.py [--collections bristol,demo] [--systems ours,fts5,pg] [--save-runs FILE]
"""
import argparse
import math
import sys

import pool
import systems

METRICS = ("nDCG@10", "recall@10", "P@5", "MRR")


def query_scores(ranked, grades):
    """The four metrics of one ranked list against the query's judgments {service id: grade}."""
    relevant = {s for s, g in grades.items() if g >= 2}
    top10 = ranked[:10]
    dcg = sum(grades.get(s, 0) / math.log2(i + 2) for i, s in enumerate(top10))
    ideal = sorted(grades.values(), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    first = next((rank for rank, s in enumerate(ranked, 1) if s in relevant), None)
    return {
        "nDCG@10": dcg / idcg,
        "recall@10": len(relevant.intersection(top10)) / len(relevant),
        "P@5": sum(1 for s in ranked[:5] if s in relevant) / 5,
        "MRR": 1 / first if first else 0.0,
    }


def summary(queries, by_query, qrels):
    """Mean metrics over the queries that have a relevant service, and judged@10 over all."""
    totals = dict.fromkeys(METRICS, 0.0)
    scored = returned = judged = 0
    for q in queries:
        grades = qrels.get(q["id"], {})
        top10 = by_query[q["id"]][:10]
        returned += len(top10)
        judged += sum(1 for s in top10 if s in grades)
        if any(g >= 2 for g in grades.values()):
            scored += 1
            for name, value in query_scores(by_query[q["id"]], grades).items():
                totals[name] += value
    means = {name: (totals[name] / scored if scored else None) for name in METRICS}
    means["judged@10"] = judged / returned if returned else None
    return scored, means


def cell(value, percent=False):
    if value is None:
        return "-"
    return f"{100 * value:.0f}%" if percent else f"{value:.3f}"


def ratio(ours, fts5):
    return f"{ours / fts5:.2f}x" if ours is not None and fts5 else "-"


def print_collection(collection, queries, runs, qrels):
    answerable = sum(1 for q in queries if any(g >= 2 for g in qrels.get(q["id"], {}).values()))
    print(f"== {collection}: {len(queries)} queries, {answerable} with a service graded 2 or 3 "
          f"(the other {len(queries) - answerable} are left out of all but judged@10)")
    print(f"{'kind':<12} {'n':>3}  {'system':<10}" + "".join(f"{m:>10}" for m in METRICS)
          + f"{'judged@10':>11}")
    kinds = ["all"] + list(dict.fromkeys(q["kind"] for q in queries))  # in queries.tsv order
    for kind in kinds:
        chosen = [q for q in queries if kind in ("all", q["kind"])]
        means = {}
        for system, by_query in runs.items():
            n, means[system] = summary(chosen, by_query, qrels)
            print(f"{kind:<12} {n:>3}  {system:<10}"
                  + "".join(f"{cell(means[system][m]):>10}" for m in METRICS)
                  + f"{cell(means[system]['judged@10'], percent=True):>11}")
        if "ours" in means and "fts5" in means:
            print(f"{kind:<12} {'':>3}  {'ours/fts5':<10}"
                  + "".join(f"{ratio(means['ours'][m], means['fts5'][m]):>10}" for m in METRICS))
    print()


def main():
    parser = argparse.ArgumentParser(description="nDCG@10, recall@10, P@5, MRR and judged@10 "
                                     "of each system on the judged queries.")
    parser.add_argument("--collections", default=",".join(systems.COLLECTIONS))
    parser.add_argument("--systems", default=",".join(systems.SYSTEMS))
    parser.add_argument("--save-runs", metavar="FILE",
                        help="also write every result list as collection, system, query, "
                             "rank, service id")
    parser.add_argument("--qrels", default=pool.QRELS, help="the judgments file (default: "
                        "bench/relevance/qrels.tsv)")
    args = parser.parse_args()
    chosen = systems.parse_systems(args.systems)
    qrels = {}
    for (query_id, service_id), grade in pool.read_qrels(args.qrels).items():
        qrels.setdefault(query_id, {})[service_id] = grade
    if not qrels:
        print(f"Relevance benchmark: no judgments yet ({args.qrels} is missing or empty). "
              "Judge the sheets `bench/relevance/pool.py` writes, then run `pool.py --collect` "
              "(bench/relevance/README.md).")
        return
    saved = []
    print(f"Relevance of search, binary {systems.binary()}")
    for collection in [c for c in args.collections.split(",") if c]:
        if collection not in systems.COLLECTIONS:
            sys.exit(f"Unknown collection {collection!r}: use {', '.join(systems.COLLECTIONS)}.")
        queries = systems.read_queries(collection)
        _, runs = systems.run_collection(collection, chosen)
        print_collection(collection, queries, runs, qrels)
        saved += [(collection, system, query_id, rank, service_id)
                  for system, by_query in runs.items() for query_id, ids in by_query.items()
                  for rank, service_id in enumerate(ids, 1)]
    if args.save_runs:
        pool.write_tsv(args.save_runs, ("collection", "system", "query_id", "rank", "service_id"),
                       saved)


if __name__ == "__main__":
    main()
