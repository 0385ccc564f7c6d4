"""A real round trip through a Label Studio server on loopback (not run by the tests).

    python scripts/label_studio_round_trip.py --data ../shared/examples/seed.jsonl \
        [--label-studio PATH/TO/label-studio] [--port 8089] [--work DIR]

Starts ``label-studio`` bound to 127.0.0.1 with a fresh data folder, logs
in, creates a project with our labeling config
(``policy-ie convert --label-studio-config``), imports the articles as
tasks (``policy-ie convert --to label-studio``), exports the project as
Label Studio JSON, converts the export back to the guide's JSONL and
compares it with the input, article by article. The server is stopped at
the end, whatever happens. Prints what it compared; exit 1 on a difference.

Label Studio is not a dependency of policy-ie: install it in a virtual
environment of its own (``python -m venv ls && ls/bin/pip install
label-studio``) and pass ``--label-studio ls/bin/label-studio``.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from policy_ie.formats import ConversionReport, convert, label_studio_config, read  # noqa: E402
from train.annotations import read_articles  # noqa: E402

HOST = "127.0.0.1"
USER, PASSWORD = "annotator@example.com", "policy-ie-round-trip"


class Client:
    """A logged-in session (cookie + CSRF token) against one local server."""

    def __init__(self, port: int):
        self.base = f"http://{HOST}:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = "application/json") -> bytes:
        headers = {"X-CSRFToken": self.csrf(), "Referer": self.base + "/"}
        if body is not None:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        with self.opener.open(request, timeout=120) as response:
            return response.read()

    def json(self, method: str, path: str, payload: object | None = None) -> object:
        body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return json.loads(self.request(method, path, body) or b"null")

    def login(self) -> None:
        page = self.request("GET", "/user/login/").decode("utf-8", "replace")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        form = {"email": USER, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else self.csrf()}
        self.request("POST", "/user/login/", urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded")
        if not any(c.name == "sessionid" for c in self.jar):
            raise RuntimeError("login to Label Studio failed (no session cookie)")


def wait_until_up(client: Client, server: subprocess.Popen, attempts: int = 120) -> None:
    """Poll /health, at most ``attempts`` times two seconds apart."""
    for _ in range(attempts):
        if server.poll() is not None:
            raise RuntimeError(f"label-studio exited with code {server.returncode}")
        try:
            client.request("GET", "/health")
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(2)
    raise RuntimeError("label-studio did not answer /health in time")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="a guide JSONL file (e.g. ../shared/examples/seed.jsonl)")
    parser.add_argument("--label-studio", default="label-studio", help="the label-studio executable")
    parser.add_argument("--port", type=int, default=8089)
    parser.add_argument("--work", help="folder for the server's data and the files (default: a temporary one)")
    args = parser.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="policy-ie-ls-"))
    work.mkdir(parents=True, exist_ok=True)
    tasks_text = io.StringIO()
    convert(args.data, tasks_text, "jsonl", "label-studio")
    env = {**os.environ, "COLLECT_ANALYTICS": "false", "LATEST_VERSION_CHECK": "false",
           "LABEL_STUDIO_BASE_DATA_DIR": str(work / "ls-data")}
    command = [args.label_studio, "start", "--internal-host", HOST, "--port", str(args.port), "--no-browser",
               "--data-dir", str(work / "ls-data"), "--username", USER, "--password", PASSWORD]
    log = (work / "label-studio.log").open("w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        client = Client(args.port)
        wait_until_up(client, server)
        client.login()
        project = client.json("POST", "/api/projects", {"title": "policy-ie round trip", "label_config": label_studio_config()})
        imported = client.json("POST", f"/api/projects/{project['id']}/import", json.loads(tasks_text.getvalue()))
        export = client.request("GET", f"/api/projects/{project['id']}/export?exportType=JSON")
        (work / "export.json").write_bytes(export)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    report = ConversionReport()
    back = read(work / "export.json", "label-studio", report)
    original = read_articles(args.data)
    same = [a.to_dict() == b.to_dict() for a, b in zip(original, back)]
    entities = sum(len(a.entities) for a in back)
    print(f"Label Studio server: project {project['id']}, imported {imported.get('task_count')} tasks "
          f"and {imported.get('annotation_count')} annotations")
    print(f"export: {len(json.loads(export))} tasks -> {len(back)} articles, {entities} entities; "
          f"{sum(same)} of {len(original)} articles identical to {args.data}")
    for line in report.lines():
        print("  " + line)
    print(f"files in {work}")
    return 0 if len(back) == len(original) and all(same) else 1


if __name__ == "__main__":
    sys.exit(main())
