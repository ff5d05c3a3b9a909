#!/usr/bin/env python3
"""The three search systems the relevance benchmark compares, run on one collection.

A collection is built into a fresh data folder by the binary under test (LOCALOFFER_BIN, default
build/localoffer), then exported as ORUK ndjson; all three systems index that same export, so
their service ids match:
  ours  the real binary serving the folder on 127.0.0.1, asked GET /api/search?q=...&per_page=20
  fts5  SQLite FTS5 (porter unicode61) over name and description, the query's words OR'd, bm25()
  pg    PostgreSQL full text as a Rails or Django app runs it: weighted tsvector,
        websearch_to_tsquery('english', q), ts_rank; on a throwaway cluster started here
usage: systems.py COLLECTION [--systems ours,fts5,pg]   prints system, query id, rank, service id
Standard library only; PostgreSQL is driven with its own command-line programs.
"""
import argparse
import csv
import html
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED_DATA = os.path.join(os.path.dirname(ROOT), "shared", "data")
BRISTOL_FEED = os.path.join(SHARED_DATA, "oruk-bristol-services-2024", "services.json")
QUERIES = os.path.join(HERE, "queries.tsv")
COLLECTIONS = ("bristol", "bristol2", "demo")
UK_TOWNS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data", "uk-towns", "uk-towns.csv")
SYSTEMS = ("ours", "fts5", "pg")
DEPTH = 20  # results kept per query and system: the pool depth


def binary():
    return os.environ.get("LOCALOFFER_BIN") or os.path.join(ROOT, "build", "localoffer")


def read_queries(collection=None):
    """The queries of queries.tsv (all of them, or one collection's) as dicts, in file order."""
    with open(QUERIES, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r for r in rows if collection in (None, r["collection"])]


class _TextOnly(HTMLParser):
    """Collects the text of an HTML fragment; block tags become line breaks."""

    BLOCKS = {"p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "ul", "ol"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(text):
    """Text with HTML tags removed and entities decoded; runs of blank space made single.

    Text with no tags is left as it is apart from the spacing, so that a "<" in plain text
    ("under <5s") is not taken for the start of a tag.
    """
    if not re.search(r"</?[a-zA-Z!]", text or ""):
        lines = (" ".join(line.split()) for line in (text or "").splitlines())
        return "\n".join(line for line in lines if line)
    parser = _TextOnly()
    parser.feed(text or "")
    parser.close()
    lines = (" ".join(html.unescape(line).split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def run_cli(*args):
    """Runs the binary under test; stops the benchmark with its own message when it fails."""
    done = subprocess.run([binary(), *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"`localoffer {' '.join(args)}` failed (exit {done.returncode}):\n"
                 f"{done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def build_collection(collection, data):
    """Loads a collection into the new data folder DATA with the binary under test."""
    if collection in ("bristol", "bristol2"):  # bristol2: the held-out queries, same feed
        if not os.path.exists(BRISTOL_FEED):
            sys.exit(f"The Bristol feed is missing: {BRISTOL_FEED}. The bristol collection needs "
                     "../shared/data beside the repository.")
        run_cli("migrate", "--data", data)
        run_cli("import", "oruk", BRISTOL_FEED, "--skip-invalid", "--data", data)
        # A council loads the gazetteer of its area (README, "gazetteer import"): here the
        # shared UK place names, so a town typed with the topic can be recognised.
        if os.path.exists(UK_TOWNS):
            run_cli("gazetteer", "import", UK_TOWNS, "--data", data)
    elif collection == "demo":
        run_cli("demo", "load", "--data", data)
    else:
        sys.exit(f"Unknown collection {collection!r}: use one of {', '.join(COLLECTIONS)}.")
    # The CLI writes the store only; build the index now so the server answers from a full one.
    run_cli("reindex", "--data", data)


def export_services(data):
    """The active services of DATA: id, name, organisation, summary, description, tags, where.

    The description is plain text; tags are the names of the service's taxonomy terms (the
    Bristol feed's target audiences, the demo's categories and needs), shown to judges only.
    """
    services = []
    # One service a line; split on "\n" only, as splitlines() also breaks at U+2028 inside text.
    for line in run_cli("export", "oruk", "--data", data).split("\n"):
        if not line.strip():
            continue
        s = json.loads(line)
        if s.get("status", "active") != "active":
            continue  # search shows active services only, so the baselines index those too
        services.append({
            "id": s["id"],
            "name": s.get("name", ""),
            "organisation": (s.get("organization") or {}).get("name", ""),
            "summary": plain_text(s.get("summary", "")),
            "description": plain_text(s.get("description", "")),
            "tags": sorted({a["taxonomy_term"]["name"] for a in s.get("attributes", [])
                            if a.get("taxonomy_term", {}).get("name")}),
            "where": where(s),
        })
    return services


def where(service):
    """Areas, venues and ages of an exported service in one line, for judging place and age."""
    parts = [a["name"] for a in service.get("service_areas", []) if a.get("name")]
    for at in service.get("service_at_locations", []):
        location = at.get("location") or {}
        address = (location.get("addresses") or [{}])[0]
        venue = [location.get("name", ""), address.get("address_1", ""),
                 " ".join(filter(None, (address.get("city"), address.get("postal_code"))))]
        parts.append(", ".join(v for v in venue if v))
    if "minimum_age" in service or "maximum_age" in service:
        parts.append(f"ages {service.get('minimum_age', 0)} to {service.get('maximum_age', 25)}")
    return "; ".join(p for p in parts if p)


def run_ours(data, queries):
    """Top DEPTH service ids per query id from the binary's /api/search."""
    log_path = os.path.join(data, "serve.log")
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [binary(), "serve", "--data", data, "--bind", "127.0.0.1", "--port", "0"],
            stdout=log, stderr=subprocess.STDOUT)
    try:
        base = _wait_for_server(server, log_path)
        runs = {}
        for q in queries:
            query = urllib.parse.urlencode({"q": q["query"], "per_page": DEPTH})
            url = f"{base}/api/search?{query}"
            with urllib.request.urlopen(url, timeout=60) as answer:
                runs[q["id"]] = [r["id"] for r in json.load(answer)["results"]][:DEPTH]
        return runs
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for_server(server, log_path):
    """The server's base URL, read from its start-up line; exits when it does not start."""
    for _ in range(600):
        with open(log_path) as f:
            found = re.search(r"at (http://127\.0\.0\.1:\d+)", f.read())
        if found:
            return found.group(1)
        if server.poll() is not None:
            break
        time.sleep(0.1)
    with open(log_path) as f:
        sys.exit(f"`localoffer serve` did not start within a minute; its log:\n{f.read()}")


def query_words(text):
    return re.findall(r"\w+", text.lower())


def run_fts5(services, queries):
    """Top DEPTH service ids per query id from SQLite FTS5 bm25, each word quoted and OR'd."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5("
               "id UNINDEXED, name, description, tokenize='porter unicode61')")
    db.executemany("INSERT INTO docs (id, name, description) VALUES (?, ?, ?)",
                   [(s["id"], s["name"], s["description"]) for s in services])
    runs = {}
    for q in queries:
        words = query_words(q["query"])
        if not words:
            runs[q["id"]] = []
            continue
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = db.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs), id LIMIT ?",
                          (match, DEPTH))
        runs[q["id"]] = [r[0] for r in rows]
    return runs


def pg_bin():
    """Debian's newest PostgreSQL programs folder, or None when PostgreSQL is not installed."""
    root = "/usr/lib/postgresql"
    versions = sorted((v for v in os.listdir(root) if v.isdigit()), key=int) \
        if os.path.isdir(root) else []
    return os.path.join(root, versions[-1], "bin") if versions else None


def run_pg(services, queries):
    """Top DEPTH service ids per query id from PostgreSQL full text on a throwaway cluster.

    The cluster lives in a temporary folder and listens only on a unix socket there (no TCP);
    it is stopped and removed before returning.
    """
    bindir = pg_bin()
    if bindir is None:
        sys.exit("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin): "
                 "run `apt-get install postgresql`, or leave pg out with --systems ours,fts5.")
    work = tempfile.mkdtemp(prefix="relevance-pg-")
    as_owner = []
    if os.geteuid() == 0:  # initdb and postgres refuse to run as root
        shutil.chown(work, "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    pgdata = os.path.join(work, "data")
    try:
        subprocess.run(as_owner + [f"{bindir}/initdb", "-D", pgdata, "-A", "trust", "-U", "bench"],
                       check=True, capture_output=True)
        subprocess.run(as_owner + [f"{bindir}/pg_ctl", "-D", pgdata, "-l", f"{work}/log", "-w",
                                   "-o", f"-c listen_addresses='' -k {work}", "start"],
                       check=True, capture_output=True)
        try:
            return _pg_search(work, services, queries)
        finally:
            subprocess.run(as_owner + [f"{bindir}/pg_ctl", "-D", pgdata, "-m", "fast", "stop"],
                           capture_output=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _pg_search(socket_dir, services, queries):
    rows_file = os.path.join(socket_dir, "services.csv")
    with open(rows_file, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows((s["id"], s["name"], s["description"]) for s in services)
    sql = [
        "CREATE TABLE services (id text PRIMARY KEY, name text, description text,"
        " tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', name), 'A') ||"
        " setweight(to_tsvector('english', description), 'B')) STORED);",
        f"\\copy services (id, name, description) FROM '{rows_file}' WITH (FORMAT csv)",
        "CREATE INDEX ON services USING gin (tsv);",
    ]
    for q in queries:
        text = q["query"].replace("'", "''")
        sql.append(f"SELECT '{q['id']}', id FROM services, websearch_to_tsquery('english', "
                   f"'{text}') q WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC, id LIMIT {DEPTH};")
    done = subprocess.run(
        ["psql", "-h", socket_dir, "-U", "bench", "-d", "postgres", "-v", "ON_ERROR_STOP=1",
         "-q", "-A", "-t", "-F", "\t"],
        input="\n".join(sql) + "\n", capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"PostgreSQL failed: {done.stderr.strip()}")
    runs = {q["id"]: [] for q in queries}
    for line in done.stdout.splitlines():
        if "\t" in line:
            query_id, service_id = line.split("\t")
            runs[query_id].append(service_id)
    return runs


def run_collection(collection, systems=SYSTEMS, work=None):
    """Builds COLLECTION with the binary under test and runs SYSTEMS on its queries.

    Returns (services, runs): the exported active services, and runs[system][query id] = the
    top DEPTH service ids, best first. WORK is a folder to build in (a temporary one if None).
    """
    queries = read_queries(collection)
    temporary = work is None
    work = work or tempfile.mkdtemp(prefix=f"relevance-{collection}-")
    data = os.path.join(work, "data")
    shutil.rmtree(data, ignore_errors=True)
    try:
        build_collection(collection, data)
        services = export_services(data)
        runs = {}
        for system in systems:
            if system == "ours":
                runs[system] = run_ours(data, queries)
            elif system == "fts5":
                runs[system] = run_fts5(services, queries)
            elif system == "pg":
                runs[system] = run_pg(services, queries)
            else:
                sys.exit(f"Unknown system {system!r}: use some of {', '.join(SYSTEMS)}.")
        return services, runs
    finally:
        if temporary:
            shutil.rmtree(work, ignore_errors=True)


def parse_systems(text):
    chosen = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SYSTEMS]
    if unknown or not chosen:
        sys.exit(f"--systems takes a comma-separated list of {', '.join(SYSTEMS)}; "
                 f"got {text!r}.")
    return chosen


def main():
    parser = argparse.ArgumentParser(description="Top 20 results of each system for one "
                                     "collection's queries, as system, query id, rank, service id.")
    parser.add_argument("collection", choices=COLLECTIONS)
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="default: ours,fts5,pg")
    args = parser.parse_args()
    _, runs = run_collection(args.collection, parse_systems(args.systems))
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    for system, by_query in runs.items():
        for query_id, ids in by_query.items():
            for rank, service_id in enumerate(ids, 1):
                out.writerow((system, query_id, rank, service_id))


if __name__ == "__main__":
    main()
