#!/usr/bin/env python3
"""Generates a realistic Open Referral UK 3.0 ndjson file of N fully nested services for the
import benchmark (bench/import.sh).

The words are make_corpus.py's real vocabulary from ../shared/data (read, never copied into the
repo): service names and descriptions from the LGA list, Bristol and Miami, postcodes with
coordinates from Code-Point Open. The taxonomy terms are the ones an instance holds, read from
the taxonomies.ndjson that `localoffer export oruk --dir` writes, so attributes link to real
terms. Each line is what /openreferral/services/{id} returns: a nested organization (one in ten
services has its own), service_at_locations with locations, contacts, schedules, languages,
service areas and attributes.

usage: make_oruk.py N TAXONOMIES_NDJSON OUT_NDJSON [--seed S]
"""
import json
import random
import sys
import uuid

import make_corpus


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    n = int(sys.argv[1])
    taxonomies_file, out = sys.argv[2], sys.argv[3]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 42
    rng = random.Random(seed)
    ids = lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))
    names, descriptions = make_corpus.vocabulary()
    terms = {}
    with open(taxonomies_file, encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            terms[t["code"]] = [{**term, "taxonomy": t["name"]} for term in t.get("taxonomy_terms", [])]
    categories, needs = terms.get("categories", []), terms.get("send-needs", [])
    places = make_corpus.postcodes(rng, max(10, n // 4))
    areas = ["Oxfordshire", "Kensington and Chelsea", "Westminster", "Waltham Forest"]
    routes = ["self", "gp", "health_professional", "school", "social_worker", "ehc_plan"]
    modes = ["in_person", "online", "phone", "home_visit"]
    days = ["MO", "TU", "WE", "TH", "FR"]

    organisations = [{"id": ids(), "name": f"{rng.choice(names)} provider {i}",
                      "description": rng.choice(descriptions)[:400],
                      "website": f"https://provider{i}.example.org.uk"} for i in range(max(1, n // 10))]
    locations = []
    for i, (pc, lat, lon) in enumerate(places):
        locations.append({"id": ids(), "name": f"{pc.split()[0]} centre {i}", "location_type": "physical",
                          "latitude": round(lat, 5), "longitude": round(lon, 5),
                          "addresses": [{"id": ids(), "address_1": f"{i % 200 + 1} High Street",
                                         "city": "Oxford" if pc.startswith("OX") else "London",
                                         "postal_code": pc, "country": "GB", "address_type": "physical"}]})
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            lo = rng.choice([0, 0, 0, 2, 4, 5, 11, 14, 16])
            hi = rng.choice([x for x in [5, 11, 16, 18, 19, 25] if x >= lo])
            org = rng.choice(organisations)
            service_id = ids()
            service = {
                "id": service_id, "organization_id": org["id"],
                "name": f"{rng.choice(names)} ({rng.choice(areas)})",
                "summary": rng.choice(descriptions)[:180],
                "description": rng.choice(descriptions),
                "url": f"https://provider.example.org.uk/services/{i}",
                "email": f"service{i}@example.org.uk",
                "status": "active", "minimum_age": lo, "maximum_age": hi,
                "assured_date": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
                "last_modified": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T09:30:00Z",
                "referral_routes": rng.sample(routes, rng.choice([1, 2, 3])),
                "delivery_modes": rng.sample(modes, rng.choice([1, 2])),
                "free": True,
                "organization": org,
                "service_at_locations": [{"id": ids(), "location_id": l["id"], "location": l}
                                         for l in (rng.sample(locations, rng.choice([0, 1, 1, 1, 2])))],
                "contacts": [{"id": ids(), "name": "Duty team", "email": f"team{i}@example.org.uk",
                              "phones": [{"id": ids(), "number": f"01865 {rng.randint(100000, 999999)}"}]}],
                "languages": [{"id": ids(), "name": "English"}],
                "service_areas": [{"id": ids(), "name": rng.choice(areas)}],
                "attributes": [{"id": ids(), "link_type": "category", "link_entity": "service", "link_id": service_id,
                                "taxonomy_term_id": t["id"], "taxonomy_term": t}
                               for t in rng.sample(categories, min(len(categories), rng.choice([1, 1, 2])))]
                + [{"id": ids(), "link_type": "eligibility", "link_entity": "service", "link_id": service_id,
                    "taxonomy_term_id": t["id"], "taxonomy_term": t}
                   for t in rng.sample(needs, min(len(needs), rng.choice([0, 1, 2, 3])))],
            }
            if rng.random() < 0.3:
                service["schedules"] = [{"id": ids(), "freq": "WEEKLY",
                                         "byday": ",".join(sorted(rng.sample(days, rng.randint(1, 5)), key=days.index)),
                                         "opens_at": "09:00", "closes_at": "17:00"}]
            f.write(json.dumps(service, separators=(",", ":")) + "\n")
    print(f"{n} services, {len(organisations)} organisations, {len(locations)} locations in {out}")


if __name__ == "__main__":
    main()
