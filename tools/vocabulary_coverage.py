#!/usr/bin/env python3
"""Checks a search word list (db/seeds/*.tsv) against real service text.

For each entry it reports how many services of the Bristol feed
(../shared/data/oruk-bristol-services-2024/services.json), of the demo
(demo/localoffer.json) and of the LGA list of council service types
(../shared/data/lga-esd-service-list/services.csv, the names councils give their services)
contain each expansion, as whole words in that order, case ignored (what an expansion
searched as a phrase finds). It then lists the problems:

- an entry none of whose expansions occurs in any set (it would find nothing);
- an expansion that occurs in no set;
- an expansion found in more than --broad of the Bristol or demo services (it matches
  nearly everything, so it cannot tell services apart);
- an expansion that is a word nearly every service uses ("help", "child", "support");
- a term listed twice, or already in --other (send-synonyms.tsv, for everyday-words.tsv).

Usage (from the repository root):
    python3 tools/vocabulary_coverage.py db/seeds/everyday-words.tsv \
        --other db/seeds/send-synonyms.tsv [--all]

Exit status: 0 when there are no problems, 1 when there are, 2 when an input is missing.
The Bristol feed and the LGA list are shared test data, not part of the repository: a set
that is not there is skipped, and the script says so.
"""

import argparse
import csv
import html
import json
import os
import re
import sys

SHARED = os.path.join("..", "shared", "data")
BRISTOL = os.path.join(SHARED, "oruk-bristol-services-2024", "services.json")
LGA = os.path.join(SHARED, "lga-esd-service-list", "services.csv")
DEMO = os.path.join("demo", "localoffer.json")
TAXONOMIES = os.path.join("db", "seeds", "taxonomies.json")

# The same lists as src/domain/search_word.cpp: an expansion that is one of these words, alone
# or with common little words, matches nearly every service (each is in a fifth or more of the
# Bristol or demo services), so the admin refuses it.
TOO_COMMON = {
    "help", "helps", "helping", "child", "children", "children's", "child's", "kid", "kids",
    "support", "supports", "supporting", "service", "services", "family", "families", "parent",
    "parents", "people", "person", "young", "community", "advice", "information", "info",
    "care", "health", "learning", "need", "needs", "local", "free", "group", "groups", "team",
    "centre",
}
LITTLE_WORDS = {
    "a", "about", "an", "and", "any", "are", "as", "at", "be", "by", "can", "do", "does", "for",
    "from", "get", "has", "have", "how", "i", "in", "is", "it", "me", "my", "near", "not", "of",
    "on", "or", "our", "please", "some", "that", "the", "their", "there", "they", "this", "to",
    "want", "we", "what", "where", "which", "who", "with", "you", "your",
}


def too_common(expansion):
    content = [w for w in words(expansion) if w not in LITTLE_WORDS]
    return not content or (len(content) == 1 and content[0] in TOO_COMMON)


WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


def words(text):
    """Lowercase words of a text, apostrophes kept inside words, everything else a break."""
    text = html.unescape(text).replace("\u2019", "'").replace("\u2018", "'").lower()
    return WORD.findall(text)


def strip_tags(text):
    return re.sub(r"<[^>]+>", " ", text or "")


def term_names(path):
    """Category and need codes -> names, as the search index adds them to a service."""
    names = {}

    def walk(terms):
        for t in terms:
            names[t["code"]] = t["name"]
            walk(t.get("children", []))

    with open(path, encoding="utf-8") as f:
        for taxonomy in json.load(f)["taxonomies"]:
            walk(taxonomy["terms"])
    return names


def bristol_texts(path):
    with open(path, encoding="utf-8") as f:
        services = json.load(f)
    out = []
    for s in services:
        parts = [s.get("name", ""), strip_tags(s.get("description", ""))]
        parts.append((s.get("organization") or {}).get("name", "") or "")
        parts += [a.get("audienceType", "") for a in s.get("pc_targetAudience") or []]
        out.append(" ".join(words(" ".join(parts))))
    return out


def lga_texts(path):
    """The LGA service types (label and scope note): the names councils give their services."""
    with open(path, encoding="utf-8", newline="") as f:
        return [" ".join(words(row["Label"] + " " + row["Description"])) for row in csv.DictReader(f)]


def demo_texts(path, names):
    with open(path, encoding="utf-8") as f:
        demo = json.load(f)
    organisations = {o["id"]: o.get("name", "") for o in demo["organisations"]}
    out = []
    for s in demo["services"]:
        parts = [s.get(k, "") or "" for k in ("name", "summary", "description", "eligibility")]
        parts.append(organisations.get(s.get("organisation_id"), ""))
        parts += [names.get(code, "") for code in s.get("categories", []) + s.get("needs", [])]
        out.append(" ".join(words(" ".join(parts))))
    return out


def read_entries(path):
    """(line number, term, [expansions], category) for each entry of a word list."""
    entries = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            columns = [c.strip() for c in line.split("\t")]
            if len(columns) < 2 or not columns[0]:
                sys.exit(f"{path}:{number}: expected a term, a tab and its expansions")
            expansions = [e.strip() for e in columns[1].split("|") if e.strip()]
            entries.append((number, columns[0], expansions, columns[2] if len(columns) > 2 else ""))
    return entries


def count(texts, expansion):
    phrase = " ".join(words(expansion))
    if not phrase:
        return 0
    pattern = re.compile(r"(?:^| )" + re.escape(phrase) + r"(?: |$)")
    return sum(1 for t in texts if pattern.search(t))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--other", help="another word list whose terms must not be repeated")
    parser.add_argument("--bristol", default=BRISTOL)
    parser.add_argument("--lga", default=LGA)
    parser.add_argument("--broad", type=float, default=0.3,
                        help="share of a set's services above which an expansion is too broad")
    parser.add_argument("--all", action="store_true", help="print every entry, not only problems")
    args = parser.parse_args()

    for path in (args.file, DEMO, TAXONOMIES) + ((args.other,) if args.other else ()):
        if not os.path.exists(path):
            print(f"{path} is missing. Run this from the repository root.", file=sys.stderr)
            return 2
    sets = []  # (name, texts, judged for breadth)
    if os.path.exists(args.bristol):
        sets.append(("Bristol", bristol_texts(args.bristol), True))
    else:
        print(f"Skipping the Bristol feed: {args.bristol} is not here (shared test data).")
    sets.append(("demo", demo_texts(DEMO, term_names(TAXONOMIES)), True))
    if os.path.exists(args.lga):
        sets.append(("LGA", lga_texts(args.lga), False))
    else:
        print(f"Skipping the LGA service list: {args.lga} is not here (shared test data).")
    print("Services: " + ", ".join(f"{name} {len(texts)}" for name, texts, _ in sets))

    others = {t.lower() for _, t, _, _ in read_entries(args.other)} if args.other else set()
    problems = []
    seen = {}
    for number, term, expansions, _ in read_entries(args.file):
        where = f"{args.file}:{number} {term}"
        key = term.lower()
        if key in seen:
            problems.append(f"{where}: listed twice (also line {seen[key]})")
        seen.setdefault(key, number)
        if key in others:
            problems.append(f"{where}: already in {args.other}")
        if not expansions:
            problems.append(f"{where}: no expansions")
        found_any = False
        cells = []
        for e in expansions:
            counts = [count(texts, e) for _, texts, _ in sets]
            cells.append(f"{e} " + "/".join(str(c) for c in counts))
            found_any = found_any or any(counts)
            if too_common(e):
                problems.append(f"{where}: \"{e}\" is a word nearly every service uses")
            elif not any(counts):
                problems.append(f"{where}: \"{e}\" occurs in no service")
            for (name, texts, judged), c in zip(sets, counts):
                if judged and texts and c > args.broad * len(texts):
                    problems.append(f"{where}: \"{e}\" is in {c} of {len(texts)} {name} services")
        if expansions and not found_any:
            problems.append(f"{where}: none of its expansions occurs in any service")
        if args.all:
            print(f"{term}\t" + " | ".join(cells))
    print(f"{len(seen)} entries; counts are " + "/".join(name for name, _, _ in sets) + ".")
    for p in problems:
        print(p)
    print(f"{len(problems)} problems." if problems else "No problems.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
