#!/usr/bin/env python3
"""The transfer floor of a capacity scan: fetch the same paged LIST the scan fetches and decode nothing.

    python3 scripts/bench/rawpages.py --kubeconfig-dir STATE_DIR [--path /api/v1/pods] [--limit 500]
        [--field-selector 'spec.nodeName!=,status.phase!=Succeeded,status.phase!=Failed'] [--save-dir DIR]

One TLS connection kept alive (as the scan's libcurl handle is), HTTP/1.1 GETs with the bearer token, each body
read with `recv_into` into one reused 1 MiB buffer and thrown away. The only bytes looked at are the first few
hundred of each page, where the API server writes `metadata.continue` before `items`. `--save-dir` also writes
each page to a file (a `PodList` the scan can read back with `--snapshot`), which is not part of the floor.

Prints one line: `pages=P bytes=B seconds=S MB/s=R`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import ssl
import sys
import time
import urllib.parse

CONTINUE = re.compile(rb'"continue":"([^"]*)"')


class Connection:
    """A kept-alive HTTPS/1.1 connection reading Content-Length bodies into a reused buffer."""

    def __init__(self, host: str, port: int, ca: str, token: str):
        context = ssl.create_default_context(cafile=ca)
        raw = socket.create_connection((host, port))
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = context.wrap_socket(raw, server_hostname=host)
        self.host = f"{host}:{port}"
        self.token = token
        self.buffer = bytearray(1 << 20)
        self.view = memoryview(self.buffer)
        self.pending = b""

    def _read_head(self) -> tuple[int, int]:
        data = self.pending
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed before the response head")
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length is None:
            raise ConnectionError("the test API server always sends Content-Length; got none")
        self.pending = rest
        return status, length

    def get(self, target: str, sink=None) -> tuple[int, int, bytes]:
        """Returns (status, body length, first bytes of the body); the rest of the body is read and dropped."""
        request = (f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: Bearer {self.token}\r\n"
                   f"Accept: application/json\r\nUser-Agent: kubecapwatch-bench-rawpages\r\n\r\n")
        self.sock.sendall(request.encode())
        status, length = self._read_head()
        first = self.pending[:length]
        remaining = length - len(first)
        if sink is not None:
            sink.write(first)
        self.pending = self.pending[len(first):]
        prefix = bytes(first[:4096])
        while remaining > 0:
            n = self.sock.recv_into(self.view, min(remaining, len(self.buffer)))
            if n == 0:
                raise ConnectionError("connection closed mid-body")
            if len(prefix) < 4096:
                prefix += bytes(self.view[:min(n, 4096 - len(prefix))])
            if sink is not None:
                sink.write(self.view[:n])
            remaining -= n
        return status, length, prefix


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--state-dir", required=True, help="the test API server's state dir (ready.json)")
    ap.add_argument("--path", default="/api/v1/pods")
    ap.add_argument("--limit", type=int, default=500)
    ap.add_argument("--field-selector", default="")
    ap.add_argument("--save-dir", help="also write each page to DIR/page-NNNN.json")
    args = ap.parse_args(argv)

    with open(os.path.join(args.state_dir, "ready.json")) as f:
        ready = json.load(f)
    url = urllib.parse.urlsplit(ready["server"])
    conn = Connection(url.hostname, url.port, ready["ca"], ready["token"])
    if args.save_dir:
        os.makedirs(args.save_dir, exist_ok=True)

    started = time.monotonic()
    token, pages, total = None, 0, 0
    while True:
        query = {"limit": str(args.limit)}
        if args.field_selector:
            query["fieldSelector"] = args.field_selector
        if token:
            query["continue"] = token
        target = f"{args.path}?{urllib.parse.urlencode(query)}"
        sink = open(os.path.join(args.save_dir, f"page-{pages:05d}.json"), "wb") if args.save_dir else None
        try:
            status, length, prefix = conn.get(target, sink)
        finally:
            if sink is not None:
                sink.close()
        if status != 200:
            print(f"rawpages: HTTP {status} for {target}: {prefix[:300]!r}", file=sys.stderr)
            return 1
        pages += 1
        total += length
        # metadata comes before items in every list the server writes; a token is never longer than this.
        head = prefix[:prefix.find(b'"items"')] if b'"items"' in prefix else prefix
        match = CONTINUE.search(head)
        token = match.group(1).decode() if match and match.group(1) else None
        if not token:
            break
    elapsed = time.monotonic() - started
    print(f"pages={pages} bytes={total} seconds={elapsed:.3f} MB/s={total / 1e6 / elapsed if elapsed else 0:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
