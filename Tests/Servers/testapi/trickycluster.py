#!/usr/bin/env python3
"""Generates small Kubernetes `List` snapshots full of the cases where capacity figures go wrong, for checking
`kubecapwatch scan` against `kubectl describe nodes` (Tests/EndToEndTests/KubectlAgreementTests.swift).

    python3 Tests/Servers/testapi/trickycluster.py fixed  --out fixed.json [--bad-pod]
    python3 Tests/Servers/testapi/trickycluster.py random --seed 7 --out random-7.json [--nodes 6] [--bad-pod]
    python3 Tests/Servers/testapi/trickycluster.py resize --out resize.json

`fixed` is one node per tricky case, with figures the test also checks by hand:

| node              | case                                                                               |
|-------------------|------------------------------------------------------------------------------------|
| sidecar-before    | a restartable sidecar declared before a larger regular init container               |
| sidecar-after     | the same containers, the sidecar declared after the init container                 |
| init-dominates    | an init container larger than the sum of the app containers, without limits       |
| overhead          | `spec.overhead` with a cpu limit set, a memory limit unset, and a cpu limit of `0`  |
| notations         | `0.1` + `100m`, `1G` + `1Gi`, `1e3`, `1e-1`, `1.5`, `500Mi`, `.5Gi`, `1.5` bytes twice, `500u` twice |
| no-limits         | containers without any limit                                                       |
| phases            | Running, bound Pending, status-less, Succeeded and Failed pods (plus unscheduled pods elsewhere) |
| overcommit        | requests and limits over 100% of allocatable                                       |
| zero-alloc        | allocatable cpu and memory `0`                                                     |
| no-alloc          | no `status.allocatable` at all (capacity is the denominator)                       |
| memory-only-alloc | an allocatable list without cpu                                                    |
| idle              | no pods                                                                            |
| float-share       | 290m of 1 core, 570m limit: kubectl's float percentages print 28% and 56% (exactly 29, 57) |

plus `life/ghost`, bound to a node that does not exist (kubectl never shows it; the scan reports it and skips it).

`resize` is one node whose pods carry in-place resize status (KEP-1287): `status.containerStatuses[].resources`
above the spec, and `status.resize: Infeasible`. kubectl 1.32 takes the larger of spec and status requests, or the
status alone when the resize is infeasible (k8s.io/kubectl pkg/util/resource `podRequests`).

`random` draws several nodes with random allocatable notations and pods combining all of the above from a seed
(the same seed gives the same bytes). `--bad-pod` adds the pod `shop/bad-quantity` whose cpu request is `1.5.3`
to the first node, to check that one malformed quantity is reported and skipped. Pod-level `spec.resources` is
never generated: kubectl 1.32, the oracle, ignores it.

The output is one compact item per line, the layout the test API server loads fastest.
"""

from __future__ import annotations

import argparse
import json
import random
import sys

CREATED = "2025-01-01T00:00:00Z"


def node(name: str, allocatable: dict | None, capacity: dict | None = None) -> dict:
    """A node with just what `kubectl describe node` reads; `allocatable=None` leaves the field out."""
    status: dict = {
        "capacity": capacity if capacity is not None else {"cpu": "4", "memory": "16Gi", "pods": "110"},
        "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                        "message": "kubelet is posting ready status", "lastHeartbeatTime": CREATED,
                        "lastTransitionTime": CREATED}],
        "addresses": [{"type": "Hostname", "address": name}],
        "nodeInfo": {"machineID": "m", "systemUUID": "s", "bootID": "b", "kernelVersion": "6.1.0",
                     "osImage": "Debian GNU/Linux 12 (bookworm)", "containerRuntimeVersion": "containerd://1.7.13",
                     "kubeletVersion": "v1.32.0", "kubeProxyVersion": "v1.32.0", "operatingSystem": "linux",
                     "architecture": "amd64"},
    }
    if allocatable is not None:
        status["allocatable"] = allocatable
    return {"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "uid": f"uid-node-{name}", "resourceVersion": "10",
                         "creationTimestamp": CREATED, "labels": {"kubernetes.io/hostname": name}},
            "spec": {}, "status": status}


def container(name: str, requests: dict | None = None, limits: dict | None = None,
              restart_always: bool = False) -> dict:
    """A container; an empty `requests`/`limits` is left out, as the API server would."""
    c: dict = {"name": name, "image": f"registry.example.com/{name}:1"}
    resources = {}
    if requests:
        resources["requests"] = requests
    if limits:
        resources["limits"] = limits
    c["resources"] = resources
    if restart_always:
        c["restartPolicy"] = "Always"
    return c


def pod(namespace: str, name: str, node_name: str | None, containers: list, init: list | None = None,
        overhead: dict | None = None, phase: str | None = "Running") -> dict:
    """A pod; `node_name=None` leaves it unscheduled, `phase=None` leaves out `status` entirely."""
    spec: dict = {"containers": containers, "restartPolicy": "Always", "schedulerName": "default-scheduler"}
    if init:
        spec["initContainers"] = init
    if overhead:
        spec["overhead"] = overhead
    if node_name is not None:
        spec["nodeName"] = node_name
    p = {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": name, "namespace": namespace, "uid": f"uid-{namespace}-{name}",
                      "resourceVersion": "20", "creationTimestamp": CREATED},
         "spec": spec}
    if phase is not None:
        p["status"] = {"phase": phase}
    return p


def bad_pod(node_name: str) -> dict:
    """`shop/bad-quantity`: a cpu request no quantity parser accepts."""
    return pod("shop", "bad-quantity", node_name,
               [container("app", {"cpu": "1.5.3", "memory": "64Mi"}, {"memory": "128Mi"})])


# ---------------------------------------------------------------------------------------------------- fixed

def fixed() -> list[dict]:
    std = {"cpu": "4", "memory": "16Gi", "pods": "110"}
    items = [node(n, dict(std)) for n in ("sidecar-before", "sidecar-after", "init-dominates", "overhead",
                                          "notations", "no-limits", "phases", "idle")]
    items.append(node("overcommit", {"cpu": "2", "memory": "4Gi", "pods": "110"}))
    items.append(node("zero-alloc", {"cpu": "0", "memory": "0", "pods": "110"}))
    items.append(node("no-alloc", None, {"cpu": "8", "memory": "32Gi", "pods": "110"}))
    items.append(node("memory-only-alloc", {"memory": "8Gi", "pods": "110"}, {"cpu": "8", "memory": "8Gi"}))
    items.append(node("float-share", {"cpu": "1", "memory": "1000Mi", "pods": "110"}))

    sidecar = container("mesh", {"cpu": "200m", "memory": "128Mi"}, {"cpu": "500m", "memory": "256Mi"},
                        restart_always=True)
    migrate = container("migrate", {"cpu": "1", "memory": "1Gi"}, {"cpu": "2", "memory": "2Gi"})
    app = container("app", {"cpu": "300m", "memory": "256Mi"}, {"cpu": "1", "memory": "512Mi"})
    items.append(pod("mesh", "before", "sidecar-before", [app], init=[sidecar, migrate]))
    items.append(pod("mesh", "after", "sidecar-after", [app], init=[migrate, sidecar]))

    items.append(pod("batch", "warmup", "init-dominates",
                     [container("a", {"cpu": "250m", "memory": "512Mi"}, {"cpu": "500m"}),
                      container("b", {"cpu": "250m", "memory": "512Mi"}, {"cpu": "500m"})],
                     init=[container("load", {"cpu": "2", "memory": "3Gi"})]))

    items.append(pod("kata", "vm", "overhead",
                     [container("app", {"cpu": "100m", "memory": "64Mi"}, {"cpu": "200m"})],
                     overhead={"cpu": "250m", "memory": "120Mi"}))
    items.append(pod("kata", "zero-limit", "overhead",
                     [container("app", {"cpu": "50m", "memory": "50Mi"}, {"cpu": "0", "memory": "100Mi"})],
                     overhead={"cpu": "100m", "memory": "10Mi"}))

    items.append(pod("fmt", "decimal-vs-binary", "notations",
                     [container("a", {"cpu": "0.1", "memory": "1G"}, {"cpu": "1e-1", "memory": "1G"}),
                      container("b", {"cpu": "100m", "memory": "1Gi"}, {"cpu": "1.5", "memory": "1Gi"})]))
    items.append(pod("fmt", "exponents", "notations",
                     [container("a", {"cpu": "1.5", "memory": "1e3"}, {"cpu": "2", "memory": "500Mi"}),
                      container("b", {"cpu": "0.25", "memory": "500Mi"}, {"memory": ".5Gi"})]))
    # Each is rounded up alone (1 byte more, 1m more) but the exact sum is whole: kubectl sums exactly.
    items.append(pod("fmt", "sub-unit", "notations",
                     [container("a", {"cpu": "500u", "memory": "1.5"}, {"cpu": "500u", "memory": "1.5"}),
                      container("b", {"cpu": "500u", "memory": "1.5"}, {"cpu": "500u", "memory": "1.5"})]))

    for i, (cpu, mem) in enumerate([("100m", "128Mi"), ("0.2", "200M"), ("1", "1Gi")]):
        items.append(pod("free", f"unlimited-{i}", "no-limits", [container("app", {"cpu": cpu, "memory": mem})]))

    run = container("app", {"cpu": "100m", "memory": "100Mi"}, {"cpu": "200m", "memory": "200Mi"})
    items.append(pod("life", "running", "phases", [run], phase="Running"))
    items.append(pod("life", "pending-bound", "phases", [run], phase="Pending"))
    items.append(pod("life", "no-status", "phases", [run], phase=None))
    items.append(pod("life", "succeeded", "phases", [run], phase="Succeeded"))
    items.append(pod("life", "failed", "phases", [run], phase="Failed"))
    items.append(pod("life", "unscheduled", None, [run], phase="Pending"))
    items.append(pod("life", "unscheduled-no-status", None, [run], phase=None))
    items.append(pod("life", "ghost", "no-such-node", [run], phase="Running"))

    for i in range(3):
        items.append(pod("busy", f"hog-{i}", "overcommit",
                         [container("app", {"cpu": "750m", "memory": "1500Mi"}, {"cpu": "2", "memory": "4Gi"})]))

    items.append(pod("edge", "on-zero", "zero-alloc", [container("app", {"cpu": "100m", "memory": "64Mi"},
                                                                   {"cpu": "1", "memory": "128Mi"})]))
    items.append(pod("edge", "on-no-alloc", "no-alloc", [container("app", {"cpu": "3", "memory": "6Gi"},
                                                                     {"cpu": "6", "memory": "12Gi"})]))
    items.append(pod("edge", "on-memory-only", "memory-only-alloc",
                     [container("app", {"cpu": "500m", "memory": "2Gi"}, {"cpu": "1", "memory": "4Gi"})]))
    # float64(290) / float64(1000) * 100 = 28.999999999999996: kubectl prints 28%, the exact share is 29 %.
    items.append(pod("edge", "float-share", "float-share", [container("app", {"cpu": "290m", "memory": "290Mi"},
                                                                        {"cpu": "570m", "memory": "570Mi"})]))
    return items


# ---------------------------------------------------------------------------------------------------- resize

def resize() -> list[dict]:
    items = [node("resize", {"cpu": "4", "memory": "16Gi", "pods": "110"})]
    grown = pod("vpa", "resize-in-progress", "resize",
                [container("app", {"cpu": "100m", "memory": "100Mi"}, {"cpu": "1", "memory": "1Gi"})])
    grown["status"]["containerStatuses"] = [{
        "name": "app", "ready": True, "restartCount": 0, "image": "registry.example.com/app:1", "imageID": "",
        "resources": {"requests": {"cpu": "500m", "memory": "200Mi"}, "limits": {"cpu": "2", "memory": "2Gi"}}}]
    infeasible = pod("vpa", "resize-infeasible", "resize", [container("app", {"cpu": "300m", "memory": "100Mi"})])
    infeasible["status"]["resize"] = "Infeasible"
    infeasible["status"]["containerStatuses"] = [{
        "name": "app", "ready": True, "restartCount": 0, "image": "registry.example.com/app:1", "imageID": "",
        "allocatedResources": {"cpu": "50m", "memory": "10Mi"},
        "resources": {"requests": {"cpu": "50m", "memory": "10Mi"}}}]
    return items + [grown, infeasible]


# ---------------------------------------------------------------------------------------------------- random

CPU = ["0.1", "100m", "1.5", "250m", "0.25", "1", "2", "500u", "1e-1", "1e0", "750m", "1m", "0.001", "3"]
MEMORY = ["1G", "1Gi", "500Mi", "1e3", "1.5", "128Mi", "0.5Gi", ".5Gi", "100M", "1e9", "4294967296", "256Ki",
          "64Mi", "1E6", "2.5G", "1k"]
ALLOC_CPU = ["4", "3920m", "7910m", "15.89", "2", "1e1", "0.5", "96"]
ALLOC_MEMORY = ["16Gi", "15373268Ki", "31369692Ki", "127.5Gi", "8G", "4e9", "64Gi", "2048Mi"]


def random_resources(rng: random.Random) -> tuple[dict, dict]:
    """Requests and limits with each resource present or not, in random notations (limits may be below
    requests: the test server validates nothing and kubectl sums what it is given)."""
    requests, limits = {}, {}
    if rng.random() < 0.85:
        requests["cpu"] = rng.choice(CPU)
    if rng.random() < 0.85:
        requests["memory"] = rng.choice(MEMORY)
    if rng.random() < 0.5:
        limits["cpu"] = rng.choice(CPU + ["0"])
    if rng.random() < 0.6:
        limits["memory"] = rng.choice(MEMORY)
    return requests, limits


def random_cluster(seed: int, n_nodes: int) -> list[dict]:
    rng = random.Random(seed)
    items = []
    names = [f"r{seed}-node-{i}" for i in range(n_nodes)]
    for name in names:
        roll = rng.random()
        capacity = {"cpu": rng.choice(ALLOC_CPU), "memory": rng.choice(ALLOC_MEMORY), "pods": "110"}
        if roll < 0.1:
            allocatable = None
        elif roll < 0.15:
            allocatable = {"cpu": "0", "memory": "0", "pods": "110"}
        else:
            allocatable = {"cpu": rng.choice(ALLOC_CPU), "memory": rng.choice(ALLOC_MEMORY), "pods": "110"}
        items.append(node(name, allocatable, capacity))
    for p in range(rng.randint(n_nodes * 3, n_nodes * 6)):
        containers = [container(f"c{i}", *random_resources(rng)) for i in range(rng.randint(1, 3))]
        init = []
        for i in range(rng.choice([0, 0, 1, 2, 3])):
            init.append(container(f"i{i}", *random_resources(rng), restart_always=rng.random() < 0.5))
        overhead = None
        if rng.random() < 0.2:
            overhead = {k: v for k, v in (("cpu", rng.choice(CPU)), ("memory", rng.choice(MEMORY)))
                        if rng.random() < 0.8}
        phase = rng.choices(["Running", "Pending", "Succeeded", "Failed", None], [70, 10, 8, 7, 5])[0]
        node_name = None if rng.random() < 0.05 else rng.choice(names)
        items.append(pod(rng.choice(["alpha", "beta", "gamma"]), f"p{seed}-{p:03d}", node_name, containers,
                         init=init, overhead=overhead or None, phase=phase))
    return items


def write(items: list[dict], out) -> None:
    out.write('{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[\n')
    out.write(",\n".join(json.dumps(i, separators=(",", ":")) for i in items))
    out.write("\n]}\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scenario", choices=["fixed", "random", "resize"])
    ap.add_argument("--seed", type=int, default=1, help="random: the seed")
    ap.add_argument("--nodes", type=int, default=6, help="random: how many nodes")
    ap.add_argument("--bad-pod", action="store_true", help="add shop/bad-quantity (cpu request 1.5.3)")
    ap.add_argument("--out", required=True, help="output file ('-' for stdout)")
    args = ap.parse_args(argv)
    items = {"fixed": fixed, "resize": resize}.get(args.scenario, lambda: random_cluster(args.seed, args.nodes))()
    if args.bad_pod:
        first = next(i for i in items if i["kind"] == "Node")
        items.append(bad_pod(first["metadata"]["name"]))
    if args.out == "-":
        write(items, sys.stdout)
    else:
        with open(args.out, "w") as out:
            write(items, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
