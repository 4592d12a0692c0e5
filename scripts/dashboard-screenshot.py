"""The README's screenshot of the live dashboard, taken from a running scripts/demo.

Run scripts/demo first (a fresh data/ directory: the first admin is made here with the setup token), then:
    /usr/bin/python3 scripts/dashboard-screenshot.py [--url http://localhost:8080] [--out docs/dashboard.png]
It logs in as that admin and drives Debian's Chromium through chromedriver's WebDriver protocol (no Selenium
needed), waits for the demo lanes to decide a few cars, and saves a 1440x900 screenshot.
"""

import argparse
import base64
import json
import pathlib
import subprocess
import sys
import time
import urllib.error
import urllib.request


def call(method, url, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    with urllib.request.urlopen(req, timeout=30) as r:
        raw = r.read()
        return r.headers, json.loads(raw) if raw else None


def admin_cookie(base, token_file):
    name, password = "demo-admin", "a demo passphrase for the screenshot"
    token = pathlib.Path(token_file).read_text().strip() if pathlib.Path(token_file).exists() else None
    if token:
        call("POST", base + "/api/setup", {"token": token, "name": name, "password": password})
    try:
        headers, _ = call("POST", base + "/api/login", {"name": name, "password": password})
    except urllib.error.HTTPError as e:
        sys.exit(f"cannot log in as {name} ({e}); run this on a fresh scripts/demo (rm -rf data first)")
    cookie = headers.get("Set-Cookie").split(";")[0]
    return cookie.split("=", 1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", default="http://localhost:8080")
    p.add_argument("--out", default="docs/dashboard.png")
    p.add_argument("--token-file", default="data/setup-token")
    p.add_argument("--wait", type=float, default=25)
    a = p.parse_args()
    cookie_name, cookie_value = admin_cookie(a.url, a.token_file)
    driver = subprocess.Popen(["/usr/bin/chromedriver", "--port=9515"], stdout=subprocess.DEVNULL)
    try:
        time.sleep(1.5)
        wd = "http://127.0.0.1:9515"
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "goog:chromeOptions": {
                        "binary": "/usr/bin/chromium",
                        "args": [
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--window-size=1440,900",
                        ],
                    }
                }
            }
        }
        _, r = call("POST", wd + "/session", caps)
        sid = r["value"]["sessionId"]
        s = f"{wd}/session/{sid}"
        call("POST", s + "/url", {"url": a.url + "/#login"})
        call("POST", s + "/cookie", {"cookie": {"name": cookie_name, "value": cookie_value, "path": "/"}})
        call("POST", s + "/url", {"url": a.url + "/#dashboard"})
        time.sleep(a.wait)
        _, shot = call("GET", s + "/screenshot")
        pathlib.Path(a.out).write_bytes(base64.b64decode(shot["value"]))
        call("DELETE", s)
        print(f"saved {a.out}")
    finally:
        driver.terminate()


if __name__ == "__main__":
    main()
