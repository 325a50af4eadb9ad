#!/usr/bin/env python3
"""A local HTTPS receiver that answers like Slack's incoming-webhook endpoint, for the notifier tests.

Listens on 127.0.0.1 (any free port) with a generated certificate; prints one JSON line {"port", "ca"}
when ready and exits when stdin closes. Every POST outside /_control is a webhook call; what it
answers is, in order of precedence:
  - the path segment after /hook/ (e.g. POST /hook/no_service), or
  - the next scripted answer (POST /_control/script {"responses": [...], "default": "ok"}), or
  - the default (initially "ok").
Answers: ok (200 "ok"), invalid_payload (400), action_prohibited (403), no_service (404),
channel_is_archived (410), 429 or 429:SECONDS (429 "rate_limited" with Retry-After, default 1),
500 (500 "internal_error"), hang (no answer for 60 s).
An "ok" payload is also checked against Slack's limits (JSON object, text <= 40,000 characters,
<= 50 blocks, section text <= 3,000, header text <= 150, <= 10 fields of <= 2,000, <= 10 context
elements) and answered 400 invalid_payload with the reason recorded when it breaks one.
GET /_control/received lists every webhook call: {"path", "body", "status", "reason", "time"};
POST /_control/reset forgets them and the script.
The same control works through files in --dir, for clients without an HTTP stack at hand: a
script.json written there (same shape as /_control/script) is taken up by the next webhook call, and
every call is appended to received.jsonl as one JSON line.
"""
import json
import os
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "smtp"))
import testcerts  # noqa: E402

STATE = {"script": [], "default": "ok", "received": [], "dir": "."}
LOCK = threading.Lock()
ERRORS = {"invalid_payload": 400, "action_prohibited": 403, "no_service": 404, "channel_is_archived": 410}


def check_limits(body):
    try:
        payload = json.loads(body)
    except ValueError:
        return "body is not JSON"
    if not isinstance(payload, dict):
        return "payload is not an object"
    text = payload.get("text", "")
    if not isinstance(text, str) or len(text) > 40000:
        return "text missing or longer than 40000"
    blocks = list(payload.get("blocks", []))
    for attachment in payload.get("attachments", []):
        blocks += attachment.get("blocks", [])
    if not text and not blocks:
        return "neither text nor blocks"
    if len(blocks) > 50:
        return f"{len(blocks)} blocks > 50"
    for block in blocks:
        kind = block.get("type")
        if kind == "section":
            if "text" in block and len(block["text"].get("text", "")) > 3000:
                return "section text > 3000"
            fields = block.get("fields", [])
            if len(fields) > 10 or any(len(f.get("text", "")) > 2000 for f in fields):
                return "section fields beyond limits"
            if "text" not in block and not fields:
                return "section without text or fields"
        elif kind == "header":
            if len(block.get("text", {}).get("text", "")) > 150:
                return "header text > 150"
        elif kind == "context":
            if not 0 < len(block.get("elements", [])) <= 10:
                return "context elements beyond limits"
        elif kind not in ("divider",):
            return f"unexpected block type {kind}"
    return None


def _take_script_file():
    path = os.path.join(STATE["dir"], "script.json")
    taken = path + ".taken"
    try:
        os.replace(path, taken)
    except FileNotFoundError:
        return
    with open(taken) as f:
        request = json.load(f)
    STATE["script"] = list(request.get("responses", []))
    STATE["default"] = request.get("default", STATE["default"])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("slack-receiver: " + (fmt % args) + "\n")

    def _reply(self, status, body, headers=()):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html" if status == 200 else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/_control/received":
            with LOCK:
                self._reply(200, json.dumps(STATE["received"]))
        else:
            self._reply(404, "no_service")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode("utf-8", "replace")
        if self.path.startswith("/_control/"):
            return self._control(body)
        with LOCK:
            _take_script_file()
            if "/hook/" in self.path:
                answer = self.path.split("/hook/", 1)[1].split("/")[0]
            elif STATE["script"]:
                answer = STATE["script"].pop(0)
            else:
                answer = STATE["default"]
        status, text, headers, reason = self._answer(answer, body)
        # Recorded before answering, so a client that has its answer always finds its call recorded.
        record = {"path": self.path, "body": body, "status": status, "reason": reason, "time": time.time()}
        with LOCK:
            STATE["received"].append(record)
            with open(os.path.join(STATE["dir"], "received.jsonl"), "a") as f:
                f.write(json.dumps(record) + "\n")
        if answer == "hang":
            time.sleep(60)
            self.close_connection = True
            return
        self._reply(status, text, headers)

    @staticmethod
    def _answer(answer, body):
        """(status, body, headers, reason) for a scripted answer."""
        if answer == "ok":
            problem = check_limits(body)
            return (400, "invalid_payload", (), problem) if problem else (200, "ok", (), None)
        if answer in ERRORS:
            return ERRORS[answer], answer, (), None
        if answer.startswith("429"):
            wait = answer.split(":", 1)[1] if ":" in answer else "1"
            return 429, "rate_limited", [("Retry-After", wait)], None
        if answer == "500":
            return 500, "internal_error", (), None
        if answer == "hang":
            return 0, "", (), "hang"
        return 500, f"unknown scripted answer {answer}", (), "unknown answer"

    def _control(self, body):
        with LOCK:
            if self.path == "/_control/script":
                request = json.loads(body or "{}")
                STATE["script"] = list(request.get("responses", []))
                STATE["default"] = request.get("default", STATE["default"])
            elif self.path == "/_control/reset":
                STATE.update(script=[], default="ok", received=[])
            else:
                return self._reply(404, "unknown control")
        self._reply(200, "ok")


def main():
    folder = sys.argv[sys.argv.index("--dir") + 1]
    os.makedirs(folder, exist_ok=True)
    STATE["dir"] = folder
    certs = testcerts.generate(folder)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certs["server.pem"], certs["server.key"])
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    ready = json.dumps({"port": server.server_address[1], "ca": certs["ca.pem"]})
    with open(os.path.join(folder, "ready.json.tmp"), "w") as f:
        f.write(ready)
    os.replace(os.path.join(folder, "ready.json.tmp"), os.path.join(folder, "ready.json"))
    print(ready, flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
