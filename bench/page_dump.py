#!/usr/bin/env python3
"""Dumps the public site's HTML, to show that a change leaves every page byte-identical (issue 20).

Walks the links of a running server from / (GET only, its own pages: not /static/, /admin/ or
the Open Referral API), up to LIMIT pages, plus a few pages no link reaches (a search with no
results, a checker result, a shortlist), and writes each page's body to OUT/<n>.html with
OUT/index.tsv listing "<n> <status> <url>". Two dumps compare with `diff -r`.

usage: bench/page_dump.py BASE_URL OUT [LIMIT]
  e.g. bench/page_dump.py http://127.0.0.1:8080 /tmp/pages-before 800
"""
import html.parser
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

SKIP = ("/static/", "/admin", "/openreferral", "/api/", "/branding", "/feedback?", "/sitemap")
EXTRA = (
    "/search?q=xylophonic+zebras",
    "/search?q=ocupational+therapy",
    "/search?q=speech+therapy&age=4&access=self",
    "/check/result?age=8&need=communication-interaction&ehc=no",
    "/check/answers?age=8&need=semh&place=Oxford&ehc=yes",
    "/shortlist",
    "/feedback",
    "/services/not-a-service",
)


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            for name, value in attrs:
                if name == "href" and value:
                    self.hrefs.append(value)


def fetch(base, path):
    try:
        with urllib.request.urlopen(base + path, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    base, out = sys.argv[1].rstrip("/"), sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 800
    os.makedirs(out, exist_ok=True)
    queue, seen = ["/", *EXTRA], set()
    with open(os.path.join(out, "index.tsv"), "w") as index:
        n = 0
        while queue and n < limit:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            status, body = fetch(base, path)
            with open(os.path.join(out, f"{n}.html"), "wb") as f:
                f.write(body)
            index.write(f"{n}\t{status}\t{path}\n")
            n += 1
            if status != 200:
                continue
            parser = Links()
            parser.feed(body.decode("utf-8", "replace"))
            for href in parser.hrefs:
                url = urllib.parse.urlsplit(urllib.parse.urljoin(path, href))
                if url.netloc or not url.path.startswith("/"):
                    continue
                target = url.path + (("?" + url.query) if url.query else "")
                if not target.startswith(SKIP) and target not in seen:
                    queue.append(target)
    print(f"{n} pages written to {out}")


if __name__ == "__main__":
    main()
