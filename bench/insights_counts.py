#!/usr/bin/env python3
"""Prints SQL for a year of search_daily_counts, for bench/insights.sh: feed it to sqlite3.

The metrics are the ones docs/search.md ("Search counts") lists, with the real codes the data
folder's store holds: top-level send-needs and categories codes, gazetteer area names and
search word ids. Each of the 365 days up to today (UTC) gets about 300-600 metrics, so the
table ends with roughly 150k rows. The counts are plausible, not real: a few hundred searches a
day, fewer at weekends, a fifth finding nothing, search words drawn with a long tail.

usage: insights_counts.py DATABASE [--days 365] [--seed 19] > counts.sql
"""
import datetime
import random
import sqlite3
import sys

AGE_BANDS = ["0-4", "5-10", "11-15", "16-18", "19-25", "over-25"]
FILTERS = ["filter:location", "filter:age", "filter:radius", "filter:free", "filter:category",
           "filter:need", "filter:access", "filter:mode", "filter:day"]
ACCESS = ["self", "gp", "health_professional", "school", "social_worker", "ehc_plan"]
MODES = ["in_person", "online", "phone", "home_visit"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def codes(db):
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)

    def top(taxonomy, children=False):
        parent = "IS NOT NULL" if children else "IS NULL"
        return [r[0] for r in c.execute(
            "SELECT t.code FROM taxonomy_terms t JOIN taxonomies x ON x.id = t.taxonomy_id "
            f"WHERE x.code = ? AND t.parent_id {parent} ORDER BY t.position, t.code", (taxonomy,))]

    out = {
        "needs": top("send-needs"), "need_children": top("send-needs", True),
        "categories": top("categories"), "category_children": top("categories", True),
        "areas": [r[0] for r in c.execute("SELECT name FROM gazetteer_areas ORDER BY name")],
        "words": [r[0] for r in c.execute("SELECT id FROM search_words ORDER BY id")],
    }
    c.close()
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    db = sys.argv[1]
    days = int(sys.argv[sys.argv.index("--days") + 1]) if "--days" in sys.argv else 365
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 19
    rng = random.Random(seed)
    k = codes(db)
    if not k["needs"] or not k["categories"] or not k["words"]:
        sys.exit(f"the store has no needs, categories or search words: {k}")
    areas = k["areas"] + ["-"]
    # A long tail of search words: a fixed popularity per word, drawn afresh each day.
    words = k["words"][:]
    rng.shuffle(words)
    weight = {w: 1.0 / (i + 1) ** 0.8 for i, w in enumerate(words)}
    today = datetime.datetime.now(datetime.timezone.utc).date()

    print("BEGIN;")
    print("DELETE FROM search_daily_counts;")
    rows = 0
    for back in range(days - 1, -1, -1):
        day = today - datetime.timedelta(days=back)
        weekend = day.weekday() >= 5
        searches = int(rng.gauss(200 if weekend else 600, 60))
        zero = int(searches * rng.uniform(0.15, 0.25))
        m = {"searches": searches, "zero_results": zero, "weak_matches": int(zero * 0.4),
             "with_keywords": int(searches * 0.7), "location_not_found": int(searches * 0.03),
             "suggestion_offered": int(searches * 0.05)}
        for f in FILTERS:
            m[f] = int(searches * rng.uniform(0.05, 0.4))

        def add(metric, base, zero_twin=True):
            n = max(0, int(base * rng.uniform(0.6, 1.4)))
            if n:
                m[metric] = n
                if zero_twin and rng.random() < 0.8:
                    m["zero:" + metric] = max(1, int(n * rng.uniform(0.05, 0.35)))

        for code in k["needs"]:
            add(f"need_demand:{code}", searches * 0.15)
            for area in areas:
                add(f"need_area:{code}|{area}", searches * 0.15 / len(areas))
        for code in k["categories"]:
            add(f"category_demand:{code}", searches * 0.08)
        for area in areas:
            add(f"area:{area}", searches * 0.5 / len(areas))
        for band in AGE_BANDS:
            add(f"age_band:{band}", searches * (0.01 if band == "over-25" else 0.1), zero_twin=False)
        for code in k["categories"] + rng.sample(k["category_children"], min(12, len(k["category_children"]))):
            add(f"category:{code}", searches * 0.02, zero_twin=False)
        for code in k["needs"] + k["need_children"]:
            add(f"need:{code}", searches * 0.02, zero_twin=False)
        for code in ACCESS:
            add(f"access:{code}", searches * 0.02, zero_twin=False)
        for code in MODES:
            add(f"mode:{code}", searches * 0.02, zero_twin=False)
        for code in DAYS:
            add(f"day:{code}", searches * 0.01, zero_twin=False)
        # About 100-300 distinct search words recognised a day.
        chosen = rng.choices(words, weights=[weight[w] for w in words], k=rng.randint(150, 450))
        for w in set(chosen):
            n = chosen.count(w)
            m[f"concept:{w}"] = n
            if rng.random() < 0.25:
                m[f"zero:concept:{w}"] = max(1, n // 4)
        runs = int(searches * 0.05)
        m["checker:runs"], m["checker:zero"] = runs, int(runs * 0.1)
        for code in k["needs"]:
            add(f"checker:need:{code}", runs * 0.3, zero_twin=False)
        for band in AGE_BANDS[:-1]:
            add(f"checker:age_band:{band}", runs * 0.2, zero_twin=False)
        for area in areas:
            add(f"checker:area:{area}", runs / len(areas), zero_twin=False)

        values = ",".join("('{}','{}',{})".format(day.isoformat(), metric.replace("'", "''"), n)
                          for metric, n in sorted(m.items()))
        print(f"INSERT INTO search_daily_counts (day, metric, count) VALUES {values};")
        rows += len(m)
    print("COMMIT;")
    print(f"{rows} rows over {days} days ({rows / days:.0f} metrics a day); {len(k['needs'])} needs, "
          f"{len(k['categories'])} categories, {len(k['areas'])} areas, {len(k['words'])} search words",
          file=sys.stderr)


if __name__ == "__main__":
    main()
