#!/usr/bin/env python3
"""Writes tests/e2e/relevance_cases.tsv, the relevance regression set `make test` runs, from two
saved runs (evaluate.py --save-runs) and the judgments:
  find: a service judged 3 that the NEW run ranks in its top 3 (the test wants it in the top 10);
  not:  a service judged 0 that the OLD run ranked in its top 3 and the new run keeps out of its
        top 10 (the test wants it out of the top 5).
usage: regression.py OLD_RUNS.tsv NEW_RUNS.tsv"""
import csv
import os
import sys
from collections import defaultdict

here = os.path.dirname(os.path.abspath(__file__))
out_path = os.path.join(here, "..", "..", "tests", "e2e", "relevance_cases.tsv")
HEADER = """# The relevance regression set: must-find and must-not-find cases from the judged queries
# (bench/relevance/queries.tsv, qrels.tsv). find: a service judged 3 that search ranked in
# its top 3 when the set was made must stay in the top 10. not: a service judged 0 that the
# search before issue 13 ranked in its top 3 must stay out of the top 5. Made by
# bench/relevance/regression.py; tests/e2e/relevance.test.mjs runs it.
"""


def runs(path):
    ranked = defaultdict(list)
    with open(path) as f:
        for row in csv.reader(f, delimiter="\t"):
            if row[0] != "collection" and row[1] == "ours":
                ranked[row[2]].append((int(row[3]), row[4]))
    return {q: [d for _, d in sorted(items)] for q, items in ranked.items()}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    grades = defaultdict(dict)
    with open(os.path.join(here, "qrels.tsv")) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            grades[row["query_id"]][row["service_id"]] = int(row["grade"])
    with open(os.path.join(here, "queries.tsv")) as f:
        queries = {row["id"]: row for row in csv.DictReader(f, delimiter="\t")}
    old, new = runs(sys.argv[1]), runs(sys.argv[2])
    lines = []
    for q, meta in sorted(queries.items()):
        fields = [q, meta["collection"], meta["kind"], meta["query"]]
        now = new.get(q, [])
        best = [d for d in now[:3] if grades[q].get(d) == 3]
        if best:
            lines.append(["find", *fields, best[0]])
        fixed = [d for d in old.get(q, [])[:3] if grades[q].get(d, 0) == 0 and d not in now[:10]]
        if fixed:
            lines.append(["not", *fields, fixed[0]])
    lines.sort(key=lambda l: (l[0], l[1]))
    with open(out_path, "w") as f:
        f.write(HEADER)
        f.write("case\tquery_id\tcollection\tkind\tquery\tservice_id\n")
        for l in lines:
            f.write("\t".join(l) + "\n")
    print(f"Wrote {len(lines)} cases to {os.path.normpath(out_path)}.")


if __name__ == "__main__":
    main()
