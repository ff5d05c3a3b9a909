#!/usr/bin/env python3
"""Generates a realistic Local Offer corpus of N services for the search benchmarks.

The vocabulary is real, taken from ../shared/data (read, never copied into the repo):
service names and descriptions from the LGA service list, the Bristol ORUK feed and the
Miami HSDS package; postcodes with coordinates from the Code-Point Open extract; categories
and SEND needs from our own taxonomies. The output is the demo-file format
(demo/localoffer.json), so `localoffer demo load --share DIR` loads it, plus services.csv
for the PostgreSQL baseline.

usage: make_corpus.py N OUT_DIR [--seed S]
"""
import csv
import html
import json
import os
import random
import re
import sys
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "data")


def strip_html(text):
    text = re.sub(r"<[^>]+>", " ", text or "")
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def vocabulary():
    names, descriptions = [], []
    with open(os.path.join(SHARED, "lga-esd-service-list", "services.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("Label"):
                names.append(row["Label"].strip())
            if row.get("Description") and len(row["Description"]) > 40:
                descriptions.append(row["Description"].strip())
    for s in json.load(open(os.path.join(SHARED, "oruk-bristol-services-2024", "services.json"), encoding="utf-8")):
        if s.get("name"):
            names.append(s["name"].strip())
        d = strip_html(s.get("description"))
        if len(d) > 40:
            descriptions.append(d[:1500])
    with open(os.path.join(SHARED, "hsds-open211-miami", "data", "services.csv"), newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.DictReader(f):
            d = (row.get("description") or "").replace("\\n", " ")
            if len(d) > 40:
                descriptions.append(re.sub(r"###\w+###", " ", d)[:1500])
    return names, descriptions


def postcodes(rng, count):
    rows = []
    with open(os.path.join(SHARED, "postcodes-codepoint-open-2014-oxford-london", "postcodes.csv"), newline="") as f:
        for row in csv.DictReader(f):
            if row["latitude"] and row["longitude"]:
                rows.append((row["postcode_spaced"], float(row["latitude"]), float(row["longitude"])))
    return rng.sample(rows, min(count, len(rows)))


def term_codes():
    doc = json.load(open(os.path.join(ROOT, "db", "seeds", "taxonomies.json"), encoding="utf-8"))
    out = {}
    for t in doc["taxonomies"]:
        codes = []
        stack = list(t["terms"])
        while stack:
            term = stack.pop()
            codes.append(term["code"])
            stack.extend(term.get("children", []))
        out[t["code"]] = codes
    return out["categories"], out["send-needs"]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    n = int(sys.argv[1])
    out = sys.argv[2]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 42
    rng = random.Random(seed)
    ids = lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))
    names, descriptions = vocabulary()
    categories, needs = term_codes()
    places = postcodes(rng, max(10, n // 4))
    areas = ["Oxfordshire", "Kensington and Chelsea", "Westminster", "Waltham Forest"]
    routes = ["self", "gp", "health_professional", "school", "social_worker", "ehc_plan"]
    modes = ["in_person", "online", "phone", "home_visit"]
    days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    organisations = [{"id": ids(), "name": f"{rng.choice(names)} provider {i}",
                      "description": rng.choice(descriptions)[:400]} for i in range(max(1, n // 10))]
    locations = []
    for i, (pc, lat, lon) in enumerate(places):
        locations.append({"id": ids(), "name": f"{pc.split()[0]} centre {i}", "address_1": f"{i % 200 + 1} High Street",
                          "city": "Oxford" if pc.startswith("OX") else "London", "postcode": pc,
                          "latitude": round(lat, 5), "longitude": round(lon, 5)})
    services = []
    csv_rows = []
    for i in range(n):
        lo = rng.choice([0, 0, 0, 2, 4, 5, 11, 14, 16])
        hi = rng.choice([x for x in [5, 11, 16, 18, 19, 25] if x >= lo])
        loc = rng.sample(locations, rng.choice([0, 1, 1, 1, 2])) if locations else []
        service = {
            "id": ids(), "organisation_id": rng.choice(organisations)["id"],
            "name": f"{rng.choice(names)} ({rng.choice(areas)})",
            "summary": rng.choice(descriptions)[:180],
            "description": rng.choice(descriptions),
            "min_age": lo, "max_age": hi,
            "categories": rng.sample(categories, rng.choice([1, 1, 2])),
            "needs": rng.sample(needs, rng.choice([0, 1, 2, 3])),
            "referral_routes": rng.sample(routes, rng.choice([1, 2, 3])),
            "delivery_modes": rng.sample(modes, rng.choice([1, 2])),
            "free": True,
            "last_checked": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
            "location_ids": [l["id"] for l in loc],
            "service_areas": [rng.choice(areas)],
        }
        if rng.random() < 0.3:
            service["schedules"] = [{"days": sorted(rng.sample(days[:5], rng.randint(1, 5)), key=days.index),
                                     "opens_at": "09:00", "closes_at": "17:00"}]
        services.append(service)
        lat = loc[0]["latitude"] if loc else ""
        lon = loc[0]["longitude"] if loc else ""
        csv_rows.append([service["id"], service["name"], service["description"], lo, hi,
                         "{" + ",".join(service["categories"]) + "}", "{" + ",".join(service["needs"]) + "}",
                         "{" + ",".join(service["referral_routes"]) + "}", lat, lon])

    os.makedirs(os.path.join(out, "demo"), exist_ok=True)
    with open(os.path.join(out, "demo", "localoffer.json"), "w", encoding="utf-8") as f:
        json.dump({"organisations": organisations, "locations": locations, "services": services}, f)
    with open(os.path.join(out, "services.csv"), "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(csv_rows)
    print(f"{n} services, {len(organisations)} organisations, {len(locations)} locations in {out}")


if __name__ == "__main__":
    main()
