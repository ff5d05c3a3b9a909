#!/usr/bin/env python3
"""Signs in to a running localoffer for bench/insights.sh, and saves one service.

  insights_session.py sign-in BASE BIN DATA ROLE EMAIL
      adds the account with `localoffer users add`, sets its password from the printed link and
      signs in (the CSRF token of each form, the session cookie lo_session), as
      tests/e2e/admin.test.mjs does; prints the session id.
  insights_session.py save BASE SESSION
      opens the first service in /admin/services, sends its edit form back with every field as
      it was and " (saved)" added to the name, so the store generation moves; prints the id.

Only ever talks to the BASE given (127.0.0.1 in the benchmark).
"""
import html.parser
import http.client
import re
import subprocess
import sys
import urllib.parse

PASSWORD = "benchmark passphrase for insights"


class Client:
    def __init__(self, base):
        u = urllib.parse.urlparse(base)
        self.host, self.port = u.hostname, u.port

    def request(self, method, path, session="", form=None):
        c = http.client.HTTPConnection(self.host, self.port, timeout=600)
        headers = {"Cookie": f"lo_session={session}"} if session else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        c.request(method, path, body=body, headers=headers)
        r = c.getresponse()
        text = r.read().decode("utf-8", "replace")
        cookie = r.getheader("Set-Cookie") or ""
        m = re.search(r"lo_session=([0-9a-f]{64})", cookie)
        c.close()
        return r.status, text, (m.group(1) if m else ""), r.getheader("Location") or ""


def csrf(page):
    m = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page)
    if not m:
        sys.exit("no CSRF token in the form")
    return m.group(1)


def sign_in(base, binary, data, role, email):
    add = subprocess.run([binary, "users", "add", "--role", role, "--data", data, email],
                         capture_output=True, text=True)
    if add.returncode != 0:
        sys.exit(f"users add failed: {add.stderr}")
    link = re.search(r"/admin/set-password\?token=([0-9a-f]{64})", add.stdout)
    if not link:
        sys.exit(f"no set-password link in: {add.stdout}")
    c = Client(base)
    status, page, anon, _ = c.request("GET", link.group(0))
    if status != 200:
        sys.exit(f"set-password form: {status}")
    status, _, _, _ = c.request("POST", "/admin/set-password", anon, {
        "token": link.group(1), "password": PASSWORD, "password_confirmation": PASSWORD,
        "csrf_token": csrf(page)})
    if status != 303:
        sys.exit(f"set-password: {status}")
    status, page, pre, _ = c.request("GET", "/admin/sign-in")
    status, _, session, _ = c.request("POST", "/admin/sign-in", pre, {
        "email": email, "password": PASSWORD, "next": "/admin", "csrf_token": csrf(page)})
    if status != 303 or not session:
        sys.exit(f"sign-in: {status}")
    print(session)


class FormFields(html.parser.HTMLParser):
    """The fields a browser would send for the form whose action is ACTION."""

    def __init__(self, action):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.fields = action, False, []
        self.select, self.select_default, self.select_chosen = None, None, False
        self.textarea, self.text = None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("name") and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self.select, self.select_default, self.select_chosen = a["name"], None, False
            self.multiple = "multiple" in a
        elif tag == "option" and self.select:
            value = a.get("value", "")
            if self.select_default is None:
                self.select_default = value
            if "selected" in a:
                self.fields.append((self.select, value))
                self.select_chosen = True
        elif tag == "textarea" and a.get("name"):
            self.textarea, self.text = a["name"], []

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            if not self.select_chosen and not self.multiple and self.select_default is not None:
                self.fields.append((self.select, self.select_default))
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, "".join(self.text).lstrip("\n")))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)


def save(base, session):
    c = Client(base)
    status, page, _, _ = c.request("GET", "/admin/services", session)
    m = re.search(r'href="/admin/services/([0-9a-f-]{36})/edit"', page)
    if status != 200 or not m:
        sys.exit(f"/admin/services: {status}, no service to edit")
    sid = m.group(1)
    status, form, _, _ = c.request("GET", f"/admin/services/{sid}/edit", session)
    parser = FormFields(f"/admin/services/{sid}")
    parser.feed(form)
    fields = [(k, v + " (saved)" if k == "name" else v) for k, v in parser.fields]
    status, body, _, location = c.request("POST", f"/admin/services/{sid}", session, fields)
    if status != 303:
        sys.exit(f"saving {sid}: {status}\n{body[:2000]}")
    print(sid)


if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "sign-in":
        sign_in(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "save":
        save(*sys.argv[2:])
    else:
        sys.exit(__doc__)
