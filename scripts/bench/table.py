#!/usr/bin/env python3
"""Turns scripts/bench.sh's results.tsv into the markdown table of docs/benchmark.md (printed on stdout)."""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess

LABELS = {
    "scan": "`kubecapwatch scan --output json`",
    "scan-scope-node": "`kubecapwatch scan --output json --scope node`",
    "kubectl-describe": "`kubectl describe nodes`",
    "kubectl-get-nodes": "`kubectl get nodes -o json`",
    "kubectl-get-pods": "`kubectl get pods -A -o json`",
    "kubectl-get": "kubectl get nodes + pods, together",
    "raw-transfer": "raw transfer of the scan's pod pages (floor)",
    "scan-snapshot": "`kubecapwatch scan --snapshot` on those pages (no transfer; snapshot decoder)",
}
ORDER = ["scan", "scan-scope-node", "kubectl-describe", "kubectl-get", "kubectl-get-nodes", "kubectl-get-pods", "raw-transfer",
         "scan-snapshot"]


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def kubectl_version() -> str:
    try:
        out = subprocess.run(["kubectl", "version", "--client", "-o", "json"], capture_output=True, text=True,
                             timeout=20).stdout
        import json
        return json.loads(out)["clientVersion"]["gitVersion"]
    except Exception:  # noqa: BLE001 - only a label
        return "unknown"


def ratio(reference: float | None, value: float) -> str:
    """How many times `reference` (describe's figure) is `value`: above 1 means faster than describe."""
    if not reference or not value:
        return ""
    r = reference / value
    return f"{r:.1f}×" if r >= 1 else f"{r:.2f}×"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--sizes", required=True)
    ap.add_argument("--pods-per-node", type=int, required=True)
    ap.add_argument("--decoder", required=True)
    ap.add_argument("--commit", required=True)
    ap.add_argument("--load-start", default="")
    ap.add_argument("--decode-files", nargs="*", default=[], help="fastdecode-bench outputs, decode-N.txt")
    args = ap.parse_args()

    rows: dict[int, dict[str, dict]] = {}
    with open(args.results) as f:
        for line in f:
            n, label, wall, user, sys_, rss, server, status = line.rstrip("\n").split("\t")
            entry = {"status": status}
            if wall != "-":
                entry.update(wall=float(wall), cpu=float(user) + float(sys_), rss=int(rss) / 1024,
                             server=float(server))
            rows.setdefault(int(n), {})[label] = entry
    sizes = {}
    if os.path.exists(args.sizes):
        with open(args.sizes) as f:
            for line in f:
                n, cluster, pages_bytes, pages, seconds = line.split("\t")
                sizes[int(n)] = (int(cluster), int(pages_bytes), int(pages), float(seconds))

    with open("/proc/loadavg") as f:
        load_end = " ".join(f.read().split()[:3])
    print(f"Measured {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} on {os.cpu_count()} cores "
          f"({cpu_model()}), {platform.system()} {platform.release()}; kubectl {kubectl_version()}; "
          f"kubecapwatch {args.commit} (release build), pod-page decoder: {args.decoder}. "
          f"Load average at the start {args.load_start or 'n/a'}, at the end {load_end}.")
    print()
    print("| nodes | what | wall s | CPU s (user+sys) | peak RSS MB | API server CPU s | describe ÷ this, wall "
          "| describe ÷ this, CPU |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for n in sorted(rows):
        r = rows[n]
        get_n, get_p = r.get("kubectl-get-nodes"), r.get("kubectl-get-pods")
        if get_n and get_p and "wall" in get_n and "wall" in get_p:
            r["kubectl-get"] = {"status": f"{get_n['status']}/{get_p['status']}",
                                "wall": get_n["wall"] + get_p["wall"], "cpu": get_n["cpu"] + get_p["cpu"],
                                "rss": max(get_n["rss"], get_p["rss"]), "server": get_n["server"] + get_p["server"]}
        describe = r.get("kubectl-describe", {})
        for label in ORDER:
            e = r.get(label)
            if e is None:
                continue
            name = LABELS[label]
            if "wall" not in e:
                print(f"| {n:,} | {name} | — | — | — | — | {e['status']} | |")
                continue
            failed = "" if e["status"] in ("0", "0/0") else f" **exit {e['status']}**"
            print(f"| {n:,} | {name}{failed} | {e['wall']:.2f} | {e['cpu']:.2f} | {e['rss']:,.0f} | "
                  f"{e['server']:.2f} | {ratio(describe.get('wall'), e['wall'])} | "
                  f"{ratio(describe.get('cpu'), e['cpu'])} |")
    print()
    for n in sorted(sizes):
        cluster, pages_bytes, pages, seconds = sizes[n]
        print(f"- {n:,} nodes × {args.pods_per_node} pods: cluster file {cluster / 1e6:,.0f} MB; the scan's pod "
              f"pages {pages_bytes / 1e6:,.0f} MB in {pages} pages of 500, raw transfer "
              f"{pages_bytes / 1e6 / seconds:,.0f} MB/s.")
    for path in sorted(args.decode_files, key=lambda p: int("".join(c for c in os.path.basename(p) if c.isdigit()) or 0)):
        if not os.path.exists(path):
            continue
        n = int("".join(c for c in os.path.basename(path) if c.isdigit()))
        lines = [line.rstrip() for line in open(path) if "MB/s" in line]
        if lines:
            print()
            print(f"Decode only, {n:,} nodes (Sources/fastdecode-bench: the same pods in pages of 500, in memory, one round):")
            print()
            print("```")
            print("\n".join(lines))
            print("```")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
