#!/usr/bin/env python3
"""Validate the localoffer demo content (stdlib only).

Usage: python3 demo/check_demo.py   (from the repo root, or from anywhere)

Checks demo/localoffer.json and demo/advice/*.md and prints a summary.
Exits with status 1 if any error is found. Warnings do not fail the run.
"""
import datetime
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
JSON_PATH = os.path.join(HERE, "localoffer.json")
ADVICE_DIR = os.path.join(HERE, "advice")

TAXONOMY = {
    "health": ["speech-and-language-therapy", "camhs", "community-nursing", "dental", "eye-health",
               "physiotherapy", "occupational-therapy", "hearing", "continence", "paediatrics",
               "wheelchair-services", "neurodevelopmental-assessment", "dietetics", "continuing-care",
               "sexual-health", "public-health-nursing"],
    "social-care": ["disabled-childrens-team", "early-help", "carers-support"],
    "education": ["early-years", "schools", "specialist-education-support", "send-casework"],
    "training": ["post-16", "supported-internships"],
    "travel": ["home-to-school-transport", "travel-training"],
    "preparing-for-adulthood": ["transition", "employment", "independent-living"],
    "leisure-and-short-breaks": ["short-breaks", "activities-clubs", "holiday-schemes"],
    "advice-and-support": ["sendiass", "parent-carer-forum", "support-groups", "benefits-and-money"],
}
PARENT_OF = {c: p for p, cs in TAXONOMY.items() for c in cs}
PARENT_OF.update({p: p for p in TAXONOMY})

NEEDS = {"communication-interaction", "cognition-learning", "semh", "sensory-physical",
         "autism", "adhd", "speech-language-communication", "learning-disability",
         "specific-learning-difficulty", "hearing", "vision", "multi-sensory", "physical",
         "medical-conditions", "mental-health", "complex-needs", "down-syndrome"}
REFERRAL_ROUTES = {"self", "gp", "health_professional", "school", "social_worker", "ehc_plan"}
DELIVERY_MODES = {"in_person", "online", "phone", "home_visit"}
DAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
ACCESSIBILITY = {"Step-free access", "Accessible toilets", "Hearing loop", "Disabled parking",
                 "Lift", "Changing Places toilet", "Quiet room"}
AREAS = {"Oxfordshire", "Kensington and Chelsea", "Westminster", "Waltham Forest"}

UUID4_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
# UK postcode (full unit postcode), e.g. OX3 9DU, SW1E 6QP, EC1A 1BB
POSTCODE_RE = re.compile(r"^(GIR 0AA|[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2})$")
PHONE_RE = re.compile(r"^(0\d{2,4} ?\d{3,4} ?\d{3,4}|0\d{3} \d{3} \d{4}|0\d{4} \d{6})$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

LAST_CHECKED_MIN = datetime.date(2025, 6, 1)
LAST_CHECKED_MAX = datetime.date(2026, 11, 15)
REVIEW_CUTOFF = datetime.date(2025, 11, 23)   # older than this = 12-month review overdue

errors, warnings = [], []


def err(msg):
    errors.append(msg)


def warn(msg):
    warnings.append(msg)


def check_no_empty_strings(obj, where):
    """Optional keys must be omitted rather than left empty."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if isinstance(v, str) and not v.strip():
                err(f"{where}: key '{k}' is an empty string (omit it instead)")
            check_no_empty_strings(v, f"{where}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            if isinstance(v, str) and not v.strip():
                err(f"{where}[{i}] is an empty string")
            check_no_empty_strings(v, f"{where}[{i}]")


def parse_date(s, where):
    if not isinstance(s, str) or not DATE_RE.match(s):
        err(f"{where}: '{s}' is not a YYYY-MM-DD date")
        return None
    try:
        return datetime.date.fromisoformat(s)
    except ValueError:
        err(f"{where}: '{s}' is not a real date")
        return None


def check_url(u, where):
    if not isinstance(u, str) or not u.startswith(("https://", "http://")):
        err(f"{where}: URL '{u}' must start with https:// (or http://)")
    elif u.startswith("http://"):
        warn(f"{where}: URL '{u}' is not https")


def require(d, keys, where):
    for k in keys:
        if k not in d:
            err(f"{where}: missing required key '{k}'")


def main():
    # ---------------------------------------------------------------- JSON
    try:
        with open(JSON_PATH, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        print(f"ERROR: cannot read {JSON_PATH}: {e}")
        return 1

    if set(doc) != {"organisations", "locations", "services"}:
        err(f"top level keys must be organisations, locations, services (got {sorted(doc)})")
    orgs = doc.get("organisations", [])
    locs = doc.get("locations", [])
    svcs = doc.get("services", [])
    check_no_empty_strings(doc, "doc")

    # ids
    seen = Counter()
    for kind, items in (("organisation", orgs), ("location", locs), ("service", svcs)):
        for i, it in enumerate(items):
            _id = it.get("id")
            if not isinstance(_id, str) or not UUID4_RE.match(_id):
                err(f"{kind}[{i}] ({it.get('name')}): id '{_id}' is not a lowercase UUID v4")
            seen[_id] += 1
    for _id, n in seen.items():
        if n > 1:
            err(f"id {_id} is used {n} times")
    org_ids = {o.get("id") for o in orgs}
    loc_ids = {l.get("id") for l in locs}

    # organisations
    for o in orgs:
        w = f"organisation '{o.get('name')}'"
        require(o, ["id", "name", "description", "url"], w)
        if "url" in o:
            check_url(o["url"], w)
        if "email" in o and not EMAIL_RE.match(o["email"]):
            err(f"{w}: bad email '{o['email']}'")
        if "phone" in o and not PHONE_RE.match(o["phone"]):
            err(f"{w}: bad phone '{o['phone']}'")
        allowed = {"id", "name", "description", "url", "email", "phone"}
        for k in set(o) - allowed:
            err(f"{w}: unexpected key '{k}'")

    # locations
    for l in locs:
        w = f"location '{l.get('name')}'"
        require(l, ["id", "name", "address_1", "city", "postcode", "latitude", "longitude",
                    "hide_address", "accessibility"], w)
        pc = l.get("postcode", "")
        if not POSTCODE_RE.match(pc or ""):
            err(f"{w}: postcode '{pc}' is not a valid UK postcode")
        lat, lon = l.get("latitude"), l.get("longitude")
        if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
            err(f"{w}: latitude/longitude must be numbers")
        else:
            if not (49.8 <= lat <= 60.9 and -8.7 <= lon <= 1.8):
                err(f"{w}: lat/long {lat},{lon} is outside the UK")
            if round(lat, 5) != lat or round(lon, 5) != lon:
                err(f"{w}: lat/long must be rounded to 5 decimals")
        if not isinstance(l.get("hide_address"), bool):
            err(f"{w}: hide_address must be true or false")
        for a in l.get("accessibility", []):
            if a not in ACCESSIBILITY:
                err(f"{w}: unknown accessibility value '{a}'")
        allowed = {"id", "name", "address_1", "address_2", "city", "county", "postcode", "latitude",
                   "longitude", "hide_address", "accessibility", "description"}
        for k in set(l) - allowed:
            err(f"{w}: unexpected key '{k}'")

    # services
    used_orgs, used_locs = set(), set()
    overdue = []
    for s in svcs:
        w = f"service '{s.get('name')}'"
        require(s, ["id", "organisation_id", "name", "summary", "description", "status", "url",
                    "min_age", "max_age", "eligibility", "categories", "needs", "referral_routes",
                    "how_to_access", "free", "costs", "languages", "delivery_modes", "last_checked",
                    "location_ids", "contacts", "schedules", "closures", "service_areas"], w)
        allowed = {"id", "organisation_id", "name", "summary", "description", "status", "url", "email",
                   "min_age", "max_age", "eligibility", "categories", "needs", "referral_routes",
                   "referral_url", "how_to_access", "free", "costs", "languages", "delivery_modes",
                   "waiting_time", "last_checked", "location_ids", "contacts", "schedules", "closures",
                   "service_areas"}
        for k in set(s) - allowed:
            err(f"{w}: unexpected key '{k}'")

        if s.get("organisation_id") not in org_ids:
            err(f"{w}: organisation_id {s.get('organisation_id')} does not resolve")
        used_orgs.add(s.get("organisation_id"))
        for lid in s.get("location_ids", []):
            if lid not in loc_ids:
                err(f"{w}: location id {lid} does not resolve")
            used_locs.add(lid)

        if s.get("status") != "active":
            warn(f"{w}: status is '{s.get('status')}'")
        summ = s.get("summary", "")
        if len(summ) > 200:
            err(f"{w}: summary is {len(summ)} characters (max 200)")
        desc = s.get("description", "")
        paras = [p for p in desc.split("\n\n") if p.strip()]
        if not 2 <= len(paras) <= 5:
            warn(f"{w}: description has {len(paras)} paragraphs (expected 2-5)")
        check_url(s.get("url", ""), w)
        if "referral_url" in s:
            check_url(s["referral_url"], w + " referral_url")
        if "email" in s and not EMAIL_RE.match(s["email"]):
            err(f"{w}: bad email '{s['email']}'")

        mn, mx = s.get("min_age"), s.get("max_age")
        if not (isinstance(mn, int) and isinstance(mx, int)):
            err(f"{w}: min_age/max_age must be integers")
        elif not (0 <= mn <= mx <= 25):
            err(f"{w}: ages {mn}-{mx} must satisfy 0 <= min_age <= max_age <= 25")

        cats = s.get("categories", [])
        if not cats:
            err(f"{w}: needs at least one category")
        for c in cats:
            if c not in PARENT_OF:
                err(f"{w}: unknown category '{c}'")
        for n in s.get("needs", []):
            if n not in NEEDS:
                err(f"{w}: unknown need '{n}'")
        routes = s.get("referral_routes", [])
        if not routes:
            err(f"{w}: needs at least one referral route")
        for r in routes:
            if r not in REFERRAL_ROUTES:
                err(f"{w}: unknown referral route '{r}'")
        modes = s.get("delivery_modes", [])
        if not modes:
            err(f"{w}: needs at least one delivery mode")
        for m in modes:
            if m not in DELIVERY_MODES:
                err(f"{w}: unknown delivery mode '{m}'")
        if not s.get("how_to_access"):
            err(f"{w}: how_to_access must list at least one step")
        for a in s.get("service_areas", []):
            if a not in AREAS:
                err(f"{w}: unknown service area '{a}'")
        if not s.get("service_areas"):
            err(f"{w}: needs at least one service area")

        if not isinstance(s.get("free"), bool):
            err(f"{w}: free must be true or false")
        costs = s.get("costs", [])
        if s.get("free") is True and costs:
            err(f"{w}: costs must be empty when free is true")
        for c in costs:
            if "option" not in c:
                err(f"{w}: cost entry without 'option'")
            if "amount" not in c and "amount_description" not in c:
                err(f"{w}: cost entry needs an amount or amount_description")
            if "amount" in c and not (isinstance(c["amount"], (int, float)) and c["amount"] >= 0):
                err(f"{w}: cost amount must be a non-negative number")

        d = parse_date(s.get("last_checked"), w + " last_checked")
        if d:
            if not LAST_CHECKED_MIN <= d <= LAST_CHECKED_MAX:
                err(f"{w}: last_checked {d} outside {LAST_CHECKED_MIN}..{LAST_CHECKED_MAX}")
            if d < REVIEW_CUTOFF:
                overdue.append(s.get("name"))

        for c in s.get("contacts", []):
            if "name" not in c:
                err(f"{w}: contact without a name")
            for p in c.get("phones", []):
                if not PHONE_RE.match(p.get("number", "")):
                    err(f"{w}: bad phone number '{p.get('number')}'")
            for e in c.get("emails", []):
                if not EMAIL_RE.match(e):
                    err(f"{w}: bad email '{e}'")
        for sc in s.get("schedules", []):
            days = sc.get("days", [])
            if not days or any(x not in DAYS for x in days):
                err(f"{w}: schedule days {days} must use MO TU WE TH FR SA SU")
            o, cl = sc.get("opens_at", ""), sc.get("closes_at", "")
            if not (TIME_RE.match(o) and TIME_RE.match(cl)):
                err(f"{w}: schedule times must be HH:MM (got {o}-{cl})")
            elif o >= cl:
                err(f"{w}: schedule opens_at {o} is not before closes_at {cl}")
        for cl in s.get("closures", []):
            parse_date(cl.get("date"), w + " closure")

    for o in orgs:
        if o.get("id") not in used_orgs:
            warn(f"organisation '{o.get('name')}' has no services")
    for l in locs:
        if l.get("id") not in used_locs:
            warn(f"location '{l.get('name')}' is not used by any service")

    if len(svcs) < 45:
        err(f"only {len(svcs)} services (need at least 45)")

    # ---------------------------------------------------------------- advice pages
    required_slugs = {"ehc-plans", "personal-health-budgets", "designated-medical-clinical-officer",
                      "medical-needs-and-missing-school", "hospital-passports-and-reasonable-adjustments",
                      "health-early-notification", "who-commissions-health-services",
                      "complaints-mediation-and-tribunal", "sendiass"}
    advice = []
    if not os.path.isdir(ADVICE_DIR):
        err(f"missing folder {ADVICE_DIR}")
    else:
        orders = Counter()
        for fn in sorted(os.listdir(ADVICE_DIR)):
            if not fn.endswith(".md"):
                continue
            slug = fn[:-3]
            path = os.path.join(ADVICE_DIR, fn)
            text = open(path, encoding="utf-8").read()
            m = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
            if not m:
                err(f"advice/{fn}: missing front matter block")
                continue
            fm = {}
            for line in m.group(1).splitlines():
                if ":" in line:
                    k, v = line.split(":", 1)
                    fm[k.strip()] = v.strip()
            for k in ("title", "summary", "order"):
                if not fm.get(k):
                    err(f"advice/{fn}: front matter missing '{k}'")
            if fm.get("order") and not fm["order"].isdigit():
                err(f"advice/{fn}: order must be a whole number")
            orders[fm.get("order")] += 1
            body = m.group(2)
            words = len(re.findall(r"[A-Za-z0-9'’]+", body))
            if not 400 <= words <= 900:
                warn(f"advice/{fn}: {words} words (expected 400-900)")
            if "\n## " not in "\n" + body:
                err(f"advice/{fn}: no ## headings")
            for url in re.findall(r"\]\(([^)]+)\)", body):
                if not url.startswith("https://") and not url.startswith("http://"):
                    err(f"advice/{fn}: link '{url}' is not an absolute URL")
            advice.append((int(fm["order"]) if fm.get("order", "").isdigit() else 999, slug, fm.get("title"), words))
        for o, n in orders.items():
            if n > 1:
                warn(f"advice order {o} is used by {n} pages")
        missing = required_slugs - {a[1] for a in advice}
        for sl in sorted(missing):
            err(f"advice page '{sl}.md' is missing")

    # ---------------------------------------------------------------- report
    print(f"organisations: {len(orgs)}  locations: {len(locs)}  services: {len(svcs)}")
    top = Counter()
    for s in svcs:
        for p in sorted({PARENT_OF.get(c, "?") for c in s.get("categories", [])}):
            top[p] += 1
    print("services per top-level category (a service can count in more than one):")
    for p in TAXONOMY:
        print(f"  {p:26s} {top[p]}")
    area = Counter(a for s in svcs for a in s.get("service_areas", []))
    print("services per area:")
    for a in sorted(AREAS):
        print(f"  {a:26s} {area[a]}")
    routes = Counter(r for s in svcs for r in s.get("referral_routes", []))
    print("referral routes: " + ", ".join(f"{k} {v}" for k, v in sorted(routes.items())))
    modes = Counter(m for s in svcs for m in s.get("delivery_modes", []))
    print("delivery modes: " + ", ".join(f"{k} {v}" for k, v in sorted(modes.items())))
    print(f"services with costs: {sum(1 for s in svcs if s.get('costs'))}; "
          f"without a location: {sum(1 for s in svcs if not s.get('location_ids'))}")
    print(f"review overdue (last_checked before {REVIEW_CUTOFF}): {len(overdue)}")
    for n in overdue:
        print(f"  - {n}")
    print(f"advice pages: {len(advice)}")
    for o, slug, title, words in sorted(advice):
        print(f"  {o:>2} {slug} ({words} words) - {title}")

    for w_ in warnings:
        print("WARNING:", w_)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
