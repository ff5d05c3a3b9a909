#!/usr/bin/env python3
"""The judging pool: blind sheets of candidate services per query, and their judgments back.

  pool.py             pools every query (top 20 of ours, fts5 and pg, plus keyword hits),
                      shuffles each query's candidates, gives each an anonymous key (q017-k05)
                      and writes OUT/batch-NN.md (about 10 queries each) and OUT/keys.tsv
  pool.py --extra     the same for candidates never pooled or judged before (a new `ours`,
                      given by LOCALOFFER_BIN): OUT/extra-NN.md, keys q017-x01, added to keys.tsv
  pool.py --collect   reads OUT/judged-*.tsv (key<TAB>grade) and merges them into qrels.tsv

OUT is /tmp/relevance-pool unless --out says otherwise. The sheets hold the feed's text, which
its licence does not let us republish, so they stay outside the repository; so does keys.tsv,
which would tell a judge where each candidate came from.
"""
import argparse
import csv
import glob
import os
import random
import re
import statistics
import sys

import keywords
import systems

QRELS = os.path.join(systems.HERE, "qrels.tsv")
QUERIES_PER_BATCH = 10
DESCRIPTION_CHARS = 1500

SCALE = """Grades: **3** = exactly what the person needs; **2** = clearly useful for it;
**1** = related but not really what they asked for; **0** = not relevant."""

HOW_TO = """Read each query's need, then grade every candidate under it against that need alone
(not against the words typed). The candidates are in no particular order and the sheet does not
say which search found them. Write one line per key, `key<TAB>grade`, into {judged} in this
folder; the list at the end of this sheet has every key to fill in."""


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def write_tsv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        out.writerow(header)
        out.writerows(rows)


def read_qrels(path=QRELS):
    """{(query id, service id): grade} from qrels.tsv; empty when nothing is judged yet."""
    if not os.path.exists(path):
        return {}
    return {(r["query_id"], r["service_id"]): int(r["grade"]) for r in read_tsv(path)}


def pool_collection(collection, system_names, with_keywords):
    """(queries, services by id, {query id: candidate ids}) for one collection."""
    queries = systems.read_queries(collection)
    services, runs = systems.run_collection(collection, system_names)
    by_id = {s["id"]: s for s in services}
    pools = {}
    for q in queries:
        found = set()
        for by_query in runs.values():
            found.update(by_query[q["id"]])
        if with_keywords:
            found.update(keywords.keyword_hits(q["query"], services))
        pools[q["id"]] = sorted(found & by_id.keys())
    return queries, by_id, pools


def shuffled(query_id, candidates, salt):
    """The candidates in an order that depends only on the query and the round, never on rank."""
    order = sorted(candidates)
    random.Random(f"{query_id}:{salt}").shuffle(order)
    return order


def short(text):
    if len(text) <= DESCRIPTION_CHARS:
        return text
    cut = text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0]
    return cut + " [… cut]"


def sheet(title, judged_name, entries, by_id):
    """A judging sheet in Markdown. ENTRIES: (query, [(key, service id)]) in order."""
    lines = [f"# {title}", "", SCALE, "", HOW_TO.format(judged=f"`{judged_name}`"), ""]
    for q, keyed in entries:
        lines += [f"## {q['id']}: \"{q['query']}\"", "", f"**Need:** {q['need']}", "",
                  f"{len(keyed)} candidates ({q['collection']} collection)."
                  + ("" if keyed else " No search and no keyword found anything: nothing to "
                     "grade."), ""]
        for key, service_id in keyed:
            s = by_id[service_id]
            lines += [f"### {key}: {s['name'] or '(no name)'}", "",
                      f"Organisation: {s['organisation'] or '(none given)'}", ""]
            if s["where"]:
                lines += [f"Where and who: {s['where']}", ""]
            if s["tags"]:
                lines += [f"Tagged: {', '.join(s['tags'])}", ""]
            if s["summary"]:
                lines += [f"Summary: {s['summary']}", ""]
            lines += [short(s["description"]) or "(no description)", ""]
    lines += ["## Keys to grade", "", "```"]
    lines += [f"{key}\t" for _, keyed in entries for key, _ in keyed]
    lines += ["```", ""]
    return "\n".join(lines)


def batches(entries):
    """ENTRIES split into runs of about QUERIES_PER_BATCH queries, in query order."""
    count = max(1, round(len(entries) / QUERIES_PER_BATCH))
    size, extra = divmod(len(entries), count)
    out, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        out.append(entries[start:end])
        start = end
    return [b for b in out if b]


def write_sheets(out_dir, prefix, judged_prefix, entries, by_id):
    """Writes the sheets; returns their file names."""
    names = []
    first = len(glob.glob(os.path.join(out_dir, f"{prefix}-*.md"))) + 1
    for n, batch in enumerate(batches(entries), first):
        name = f"{prefix}-{n:02d}.md"
        ids = f"{batch[0][0]['id']} to {batch[-1][0]['id']}"
        title = f"Relevance judging, {prefix} {n:02d} (queries {ids})"
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            f.write(sheet(title, f"{judged_prefix}-{n:02d}.tsv", batch, by_id))
        names.append(name)
    return names


def pool_all(args):
    """Pools every collection; returns [(query, candidates)], services by id, first-round keys."""
    entries, by_id = [], {}
    for collection in args.collections:
        queries, services, pools = pool_collection(collection, args.systems, not args.extra)
        by_id.update(services)
        entries += [(q, pools[q["id"]]) for q in queries]
    return entries, by_id


def first_round(args):
    keys_path = os.path.join(args.out, "keys.tsv")
    if os.path.exists(keys_path) and not args.force:
        sys.exit(f"{keys_path} already exists: judgments may be under way with those keys. "
                 "Use --extra to pool new results, or --force to start the pool again.")
    if glob.glob(os.path.join(args.out, "judged-*.tsv")):
        sys.exit(f"{args.out} holds judged-*.tsv files made with the current keys; run --collect "
                 "and move them away before starting the pool again.")
    for old in glob.glob(os.path.join(args.out, "batch-*.md")):
        os.remove(old)
    entries, by_id = pool_all(args)
    keyed_entries, keys = [], []
    for q, candidates in entries:
        keyed = [(f"{q['id']}-k{i:02d}", s) for i, s in enumerate(shuffled(q["id"], candidates,
                                                                            "k"), 1)]
        keyed_entries.append((q, keyed))
        keys += [(key, q["id"], s) for key, s in keyed]
    write_tsv(keys_path, ("key", "query_id", "service_id"), keys)
    names = write_sheets(args.out, "batch", "judged", keyed_entries, by_id)
    report(keyed_entries, names, keys_path)


def extra_round(args):
    keys_path = os.path.join(args.out, "keys.tsv")
    old_keys = read_tsv(keys_path) if os.path.exists(keys_path) else []
    pooled = {(r["query_id"], r["service_id"]) for r in old_keys}
    judged = read_qrels(args.qrels)
    entries, by_id = pool_all(args)
    keyed_entries, new_keys, waiting = [], [], 0
    for q, candidates in entries:
        fresh = [s for s in candidates if (q["id"], s) not in judged]
        waiting += sum(1 for s in fresh if (q["id"], s) in pooled)
        fresh = [s for s in fresh if (q["id"], s) not in pooled]
        if not fresh:
            continue
        taken = [int(m.group(1)) for r in old_keys
                 if (m := re.fullmatch(re.escape(q["id"]) + r"-x(\d+)", r["key"]))]
        start = max(taken, default=0) + 1
        keyed = [(f"{q['id']}-x{i:02d}", s)
                 for i, s in enumerate(shuffled(q["id"], fresh, f"x{start}"), start)]
        keyed_entries.append((q, keyed))
        new_keys += [(key, q["id"], s) for key, s in keyed]
    if waiting:
        print(f"{waiting} candidates were pooled before and are still waiting for a grade "
              "(they are on the earlier sheets, not repeated).")
    if not keyed_entries:
        print("Every candidate is judged or pooled already: no extra sheets.")
        return
    rows = [(r["key"], r["query_id"], r["service_id"]) for r in old_keys] + new_keys
    write_tsv(keys_path, ("key", "query_id", "service_id"), rows)
    names = write_sheets(args.out, "extra", "judged-extra", keyed_entries, by_id)
    report(keyed_entries, names, keys_path)


def report(keyed_entries, names, keys_path):
    sizes = {}
    for q, keyed in keyed_entries:
        sizes.setdefault(q["collection"], []).append(len(keyed))
    for collection, values in sizes.items():
        print(f"{collection}: {len(values)} queries, pool size per query min {min(values)}, "
              f"median {statistics.median(values):g}, max {max(values)}, total {sum(values)}")
    sheets = f"{len(names)} sheet" if len(names) == 1 else f"{len(names)} sheets"
    print(f"Wrote {sheets} ({', '.join(names)}) to {os.path.dirname(keys_path)}, and {keys_path}.")


def read_judged(path, keys, problems):
    """{(query id, service id): grade} from one judged file; bad lines go to PROBLEMS."""
    grades = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            parts = line.split()
            if not parts or parts[0].startswith("#") or parts[0] == "key":
                continue
            where = f"{os.path.basename(path)}:{n}"
            if parts[0] not in keys:
                problems.append(f"{where}: {parts[0]!r} is not a key of keys.tsv; check the "
                                "key against the sheet")
            elif len(parts) == 1:
                continue  # left blank: not judged yet
            elif len(parts) != 2 or parts[1] not in ("0", "1", "2", "3"):
                problems.append(f"{where}: the grade must be one of 0, 1, 2, 3 after a tab; "
                                f"got {' '.join(parts[1:])!r}")
            else:
                grades[keys[parts[0]]] = int(parts[1])
    return grades


def collect(args):
    keys_path = os.path.join(args.out, "keys.tsv")
    if not os.path.exists(keys_path):
        sys.exit(f"{keys_path} is missing, so the judged keys cannot be matched to services. "
                 "It is written by pool.py together with the sheets.")
    keys = {r["key"]: (r["query_id"], r["service_id"]) for r in read_tsv(keys_path)}
    files = sorted(glob.glob(os.path.join(args.out, "judged-*.tsv")))
    if not files:
        sys.exit(f"There are no judged-*.tsv files in {args.out}: judge a batch-NN.md sheet and "
                 "save its grades as judged-NN.tsv there first.")
    problems, grades = [], {}
    for path in files:
        for pair, grade in read_judged(path, keys, problems).items():
            if pair in grades and grades[pair] != grade:
                problems.append(f"{os.path.basename(path)}: {pair[0]} {pair[1]} has grade "
                                f"{grade} here and {grades[pair]} in an earlier file")
            grades[pair] = grade
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(f"{len(problems)} problems in the judged files; nothing was written. "
                 "Correct them and run --collect again.")
    qrels = read_qrels(args.qrels)
    changed = sum(1 for p, g in grades.items() if p in qrels and qrels[p] != g)
    qrels.update(grades)
    write_tsv(args.qrels, ("query_id", "service_id", "grade"),
              sorted((q, s, g) for (q, s), g in qrels.items()))
    waiting = sum(1 for pair in set(keys.values()) if pair not in qrels)
    print(f"Read {len(grades)} grades from {len(files)} files ({changed} changed an earlier "
          f"grade); {args.qrels} now holds {len(qrels)}. {waiting} pooled candidates have no "
          "grade yet.")


def main():
    parser = argparse.ArgumentParser(description="Blind judging sheets for the relevance "
                                     "benchmark, and the judgments back into qrels.tsv.")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--extra", action="store_true",
                        help="sheets of only the candidates not pooled or judged before")
    action.add_argument("--collect", action="store_true",
                        help="merge OUT/judged-*.tsv into bench/relevance/qrels.tsv")
    parser.add_argument("--out", default="/tmp/relevance-pool",
                        help="folder for sheets, keys and judged files (outside the repository)")
    parser.add_argument("--collections", default=",".join(systems.COLLECTIONS))
    parser.add_argument("--systems", default=",".join(systems.SYSTEMS))
    parser.add_argument("--force", action="store_true", help="start the first-round pool again")
    parser.add_argument("--qrels", default=QRELS, help="the judgments file (default: "
                        "bench/relevance/qrels.tsv)")
    args = parser.parse_args()
    args.collections = [c for c in args.collections.split(",") if c]
    unknown = [c for c in args.collections if c not in systems.COLLECTIONS]
    if unknown or not args.collections:
        sys.exit(f"--collections takes a comma-separated list of "
                 f"{', '.join(systems.COLLECTIONS)}; got {','.join(args.collections)!r}.")
    args.systems = systems.parse_systems(args.systems)
    if os.path.realpath(args.out).startswith(systems.ROOT + os.sep):
        sys.exit(f"--out {args.out} is inside the repository; the sheets hold text the feed's "
                 "licence does not let us republish. Choose a folder outside it.")
    os.makedirs(args.out, exist_ok=True)
    if args.collect:
        collect(args)
    elif args.extra:
        extra_round(args)
    else:
        first_round(args)


if __name__ == "__main__":
    main()
