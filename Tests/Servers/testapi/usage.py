"""How busy the served cluster is: CPU and memory per node, pod and container, and how full each volume is.

One model feeds both the metrics API (metrics-server's `metrics.k8s.io/v1beta1`, which `kubectl top` reads) and
the kubelet Summary API (`/api/v1/nodes/NAME/proxy/stats/summary`), so the two always agree, as they do in a real
cluster where metrics-server scrapes the kubelets. Figures come, in order of precedence, from the control API
(`POST /_test/metrics`, `POST /_test/volumestats`), from NodeMetrics/PodMetrics objects in the snapshot, or are
generated deterministically from the objects (a fraction of each container's request, seeded by its name), so a
given snapshot always shows the same usage.

Running pods bound to a node are measured; a node whose Ready condition is `Unknown` (its kubelet stopped
reporting) is not, like a kubelet metrics-server cannot reach.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field

import quantity

GIB = 1 << 30
MIB = 1 << 20
DEFAULT_NODE_FS = 100 * GIB
DEFAULT_VOLUME = GIB  # a claim the snapshot does not describe
BYTES_PER_INODE = 16 * 1024  # mkfs.ext4's default ratio
PAGE = 4096
VOLUME_FIELDS = ("usedBytes", "capacityBytes", "availableBytes", "inodes", "inodesUsed", "inodesFree")


def share(key: str, low: int, high: int) -> int:
    """A deterministic number in [low, high) for `key` (per-mille fractions, small offsets)."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return low + int.from_bytes(digest[:8], "big") % max(1, high - low)


def _quantity(resources: dict, name: str, convert) -> int | None:
    value = (resources or {}).get(name) if isinstance(resources, dict) else None
    if value is None:
        return None
    try:
        return convert(value)
    except (ValueError, ZeroDivisionError):
        return None  # a malformed quantity is no request at all, as far as usage goes


@dataclass
class ContainerUsage:
    name: str
    cpu: int  # nanocores
    memory: int  # working set bytes
    memory_limit: int | None = None
    started: str = ""


@dataclass
class VolumeMount:
    name: str  # the pod's volume name
    claim: str | None  # the PVC it mounts, if any
    medium: str  # "disk" (node filesystem) or "memory" (tmpfs)


@dataclass
class PodUsage:
    namespace: str
    name: str
    uid: str
    node: str
    labels: dict
    started: str
    containers: list[ContainerUsage]
    volumes: list[VolumeMount] = field(default_factory=list)
    measured: bool = True  # False: a PodMetrics object from the snapshot for a pod the cluster does not run

    @property
    def cpu(self) -> int:
        return sum(c.cpu for c in self.containers)

    @property
    def memory(self) -> int:
        return sum(c.memory for c in self.containers)


@dataclass
class NodeUsage:
    name: str
    labels: dict
    started: str
    cpu: int
    memory: int
    memory_capacity: int
    fs_capacity: int
    reachable: bool
    pods: list[PodUsage] = field(default_factory=list)


@dataclass
class VolumeStats:
    used: int
    capacity: int
    available: int
    inodes: int
    inodes_used: int
    inodes_free: int

    def fields(self) -> dict:
        return {"availableBytes": self.available, "capacityBytes": self.capacity, "usedBytes": self.used,
                "inodesFree": self.inodes_free, "inodes": self.inodes, "inodesUsed": self.inodes_used}


class UsageModel:
    """Usage of one snapshot with one set of overrides (immutable once built)."""

    def __init__(self, nodes: dict[str, NodeUsage], pods: dict[tuple[str, str], PodUsage],
                 claims: dict[tuple[str, str], int | None], volume_overrides: dict,
                 missing_nodes: set[str], missing_pods: set[tuple[str, str]]):
        self.nodes = nodes
        self.pods = pods
        self.claims = claims  # (namespace, claim) -> size in bytes; None for block volumes (not measured)
        self.volume_overrides = volume_overrides
        # Hidden from the metrics API by the control API (metrics-server has no sample); the kubelet still reports.
        self.missing_nodes = missing_nodes
        self.missing_pods = missing_pods

    def volume(self, namespace: str, claim: str) -> VolumeStats | None:
        """Filesystem figures of a claim as the kubelet reports them; None for a block-mode claim."""
        if (namespace, claim) in self.claims and self.claims[(namespace, claim)] is None:
            return None
        capacity = self.claims.get((namespace, claim)) or DEFAULT_VOLUME
        key = f"volume/{namespace}/{claim}"
        used = capacity * share(key, 100, 700) // 1000 // 4096 * 4096
        inodes = max(capacity // BYTES_PER_INODE, 1024)
        inodes_used = 11 + inodes * share(key + "/inodes", 1, 50) // 1000
        return self._overridden(self.volume_overrides.get((namespace, claim)) or {}, used, capacity, inodes,
                                inodes_used)

    def scratch_volume(self, pod: PodUsage, mount: VolumeMount, node: NodeUsage) -> VolumeStats:
        """An emptyDir, configMap, secret or projected volume: a few KiB on the node's disk or in tmpfs."""
        key = f"scratch/{pod.namespace}/{pod.name}/{mount.name}"
        capacity = node.memory_capacity if mount.medium == "memory" else node.fs_capacity
        used = 4096 * share(key, 1, 64)
        inodes = max(capacity // BYTES_PER_INODE, 1024)
        return self._overridden({}, used, capacity, inodes, share(key + "/inodes", 3, 40))

    @staticmethod
    def _overridden(given: dict, used: int, capacity: int, inodes: int, inodes_used: int) -> VolumeStats:
        used = given.get("usedBytes", used)
        capacity = given.get("capacityBytes", capacity)
        available = given.get("availableBytes", max(0, capacity - used))
        inodes = given.get("inodes", inodes)
        inodes_used = given.get("inodesUsed", inodes_used)
        inodes_free = given.get("inodesFree", max(0, inodes - inodes_used))
        return VolumeStats(used, capacity, available, inodes, inodes_used, inodes_free)


class UsageSource:
    """The control API's overrides, and the model of the current snapshot (rebuilt only when either changes)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.node_overrides: dict[str, dict] = {}
        self.pod_overrides: dict[tuple[str, str], dict] = {}
        self.volume_overrides: dict[tuple[str, str], dict] = {}
        self.version = 0
        self._cached: tuple[list, int, UsageModel] | None = None

    # ------------------------------------------------------------------------------------------------ control

    def set_metrics(self, spec: dict, snap) -> dict:
        """`{"nodes": [{"name", "cpu", "memory"} | {"name", "missing": true}], "pods": [{"namespace", "name",
        "containers": [{"name", "cpu", "memory"}]} | {"namespace", "name", "missing": true}]}`; quantities as
        Kubernetes quantities (`"1500m"`, `"3Gi"`) or numbers (cores, bytes). Nodes, running pods and their
        containers must exist in the served cluster (a typo fails here rather than changing nothing)."""
        if not isinstance(spec, dict) or set(spec) - {"nodes", "pods"}:
            raise ValueError('expected {"nodes": [...], "pods": [...]}')
        current = self.model(snap)
        nodes, pods = {}, {}
        for n in _entries(spec, "nodes", ("name",)):
            if n["name"] not in current.nodes:
                raise ValueError(f'no node {n["name"]} in the served cluster')
            nodes[n["name"]] = _usage_entry(n, f'node {n["name"]}')
        for p in _entries(spec, "pods", ("namespace", "name")):
            what = f'pod {p["namespace"]}/{p["name"]}'
            pod = current.pods.get((p["namespace"], p["name"]))
            if pod is None:
                raise ValueError(f"no running {what} in the served cluster")
            entry = {"missing": bool(p.get("missing", False)), "containers": {}}
            names = [c.name for c in pod.containers]
            for c in p.get("containers") or []:
                if not isinstance(c, dict) or c.get("name") not in names:
                    raise ValueError(f"{what}: every container needs the name of one of {', '.join(names)}")
                entry["containers"][c["name"]] = _usage_entry(c, f'{what} container {c["name"]}')
            if not entry["missing"] and not entry["containers"]:
                raise ValueError(f'{what}: give "containers" or "missing": true')
            pods[(p["namespace"], p["name"])] = entry
        with self.lock:
            self.node_overrides.update(nodes)
            self.pod_overrides.update(pods)
            self.version += 1
        return {"nodes": len(nodes), "pods": len(pods)}

    def set_volumes(self, spec: dict) -> dict:
        """`{"volumes": [{"namespace", "pvc", "usedBytes", ...}]}`: byte and inode counts of claims."""
        if not isinstance(spec, dict) or set(spec) - {"volumes"}:
            raise ValueError('expected {"volumes": [{"namespace", "pvc", "usedBytes", ...}]}')
        volumes = {}
        for v in _entries(spec, "volumes", ("namespace", "pvc")):
            unknown = set(v) - {"namespace", "pvc", *VOLUME_FIELDS}
            if unknown:
                raise ValueError(f"unknown volume fields: {', '.join(sorted(unknown))}")
            figures = {}
            for name in VOLUME_FIELDS:
                if name in v:
                    value = v[name]
                    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                        raise ValueError(f'volume {v["namespace"]}/{v["pvc"]}: {name} must be a count >= 0')
                    figures[name] = value
            volumes[(v["namespace"], v["pvc"])] = figures
        with self.lock:
            self.volume_overrides.update(volumes)
            self.version += 1
        return {"volumes": len(volumes)}

    def clear_metrics(self) -> None:
        with self.lock:
            self.node_overrides.clear()
            self.pod_overrides.clear()
            self.version += 1

    def clear_volumes(self) -> None:
        with self.lock:
            self.volume_overrides.clear()
            self.version += 1

    # ------------------------------------------------------------------------------------------------ model

    def model(self, snap) -> UsageModel:
        keys = [("", "v1", "nodes"), ("", "v1", "pods"), ("", "v1", "persistentvolumeclaims"),
                ("", "v1", "persistentvolumes"), ("metrics.k8s.io", "v1beta1", "nodes"),
                ("metrics.k8s.io", "v1beta1", "pods")]
        # metrics.k8s.io is not registered on a cluster without metrics-server: no recorded metrics then.
        colls = [snap.collection(snap.registry.by_path[k]) if k in snap.registry.by_path else _NO_OBJECTS
                 for k in keys]
        with self.lock:
            # Collections are shared between snapshots until their kind changes: identity is a cheap key (the
            # cache holds them, so their identities cannot be reused by others meanwhile).
            if self._cached is not None:
                cached_colls, version, model = self._cached
                if version == self.version and all(a is b for a, b in zip(cached_colls, colls)):
                    return model
            version = self.version
            overrides = (dict(self.node_overrides), dict(self.pod_overrides), dict(self.volume_overrides))
        model = build_model(*colls, *overrides)
        with self.lock:
            self._cached = (colls, version, model)
        return model


class _NoObjects:
    items: tuple = ()


_NO_OBJECTS = _NoObjects()


def _entries(spec: dict, name: str, required: tuple[str, ...]) -> list[dict]:
    items = spec.get(name) or []
    if not isinstance(items, list):
        raise ValueError(f'"{name}" must be a list')
    for item in items:
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) and item.get(k) for k in required):
            raise ValueError(f'every entry of "{name}" needs {", ".join(required)}')
    return items


def _usage_entry(given: dict, what: str) -> dict:
    if given.get("missing"):
        return {"missing": True}
    entry = {}
    try:
        if "cpu" in given:
            entry["cpu"] = quantity.nanocores_of(given["cpu"])
        if "memory" in given:
            entry["memory"] = quantity.bytes_of(given["memory"])
    except ValueError as e:
        raise ValueError(f"{what}: {e}") from None
    if not entry:
        raise ValueError(f'{what}: give "cpu", "memory" or "missing": true')
    if any(v < 0 for v in entry.values()):
        raise ValueError(f"{what}: usage cannot be negative")
    return entry


# ---------------------------------------------------------------------------------------------------- building

def build_model(nodes_coll, pods_coll, pvc_coll, pv_coll, node_metrics_coll, pod_metrics_coll,
                node_overrides: dict, pod_overrides: dict, volume_overrides: dict) -> UsageModel:
    nodes: dict[str, NodeUsage] = {}
    for o in nodes_coll.items:
        nodes[o.name] = _node(o.decoded())
    pods: dict[tuple[str, str], PodUsage] = {}
    for o in pods_coll.items:
        if o.phase == "Running" and o.node:
            pods[(o.ns, o.name)] = _pod(o.decoded(), o.ns, o.name)
    for o in pod_metrics_coll.items:  # recorded PodMetrics replace the generated figures
        recorded = o.decoded()
        containers = [ContainerUsage(c.get("name", ""), _recorded(c, "cpu"), _recorded(c, "memory"))
                      for c in recorded.get("containers") or [] if isinstance(c, dict)]
        pod = pods.get((o.ns, o.name))
        if pod is None:
            meta = recorded.get("metadata") or {}
            pods[(o.ns, o.name)] = PodUsage(o.ns, o.name, meta.get("uid", ""), "", meta.get("labels") or {},
                                            meta.get("creationTimestamp", ""), containers, measured=False)
        else:
            pod.containers = containers
    for key, override in pod_overrides.items():
        pod = pods.get(key)
        if pod is None or override.get("missing"):
            continue
        for c in pod.containers:
            given = override["containers"].get(c.name) or {}
            c.cpu = given.get("cpu", c.cpu)
            c.memory = given.get("memory", c.memory)
    for pod in pods.values():
        if pod.node in nodes:
            nodes[pod.node].pods.append(pod)
    for node in nodes.values():
        node.cpu += sum(p.cpu for p in node.pods)
        node.memory += sum(p.memory for p in node.pods)
    for o in node_metrics_coll.items:
        node = nodes.get(o.name)
        if node is not None:
            usage = o.decoded().get("usage") or {}
            node.cpu = _quantity(usage, "cpu", quantity.nanocores_of) or 0
            node.memory = _quantity(usage, "memory", quantity.bytes_of) or 0
    for name, override in node_overrides.items():
        node = nodes.get(name)
        if node is not None and not override.get("missing"):
            node.cpu = override.get("cpu", node.cpu)
            node.memory = override.get("memory", node.memory)
    return UsageModel(nodes, pods, _claims(pvc_coll, pv_coll), volume_overrides,
                      {n for n, o in node_overrides.items() if o.get("missing")},
                      {k for k, o in pod_overrides.items() if o.get("missing")})


def _recorded(container: dict, name: str) -> int:
    convert = quantity.nanocores_of if name == "cpu" else quantity.bytes_of
    return _quantity(container.get("usage") or {}, name, convert) or 0


def _node(node: dict) -> NodeUsage:
    meta = node.get("metadata") or {}
    status = node.get("status") or {}
    capacity = status.get("capacity") or {}
    name = meta.get("name", "")
    cpu_capacity = _quantity(capacity, "cpu", quantity.nanocores_of) or 0
    memory_capacity = _quantity(capacity, "memory", quantity.bytes_of) or 0
    ready = next((c for c in status.get("conditions") or [] if isinstance(c, dict) and c.get("type") == "Ready"),
                 None)
    # The system's own share (kubelet, runtime, OS) on top of the pods': 2-6% of CPU, 5-12% of memory.
    return NodeUsage(name, meta.get("labels") or {}, meta.get("creationTimestamp", ""),
                     cpu_capacity * share(f"node/{name}/cpu", 20, 60) // 1000,
                     memory_capacity * share(f"node/{name}/memory", 50, 120) // 1000 // PAGE * PAGE,
                     memory_capacity,
                     _quantity(capacity, "ephemeral-storage", quantity.bytes_of) or DEFAULT_NODE_FS,
                     reachable=not (ready and ready.get("status") == "Unknown"))


def _pod(pod: dict, ns: str, name: str) -> PodUsage:
    meta = pod.get("metadata") or {}
    spec = pod.get("spec") or {}
    status = pod.get("status") or {}
    started = status.get("startTime") or meta.get("creationTimestamp", "")
    running = {s.get("name"): ((s.get("state") or {}).get("running") or {}).get("startedAt")
               for s in (status.get("containerStatuses") or []) + (status.get("initContainerStatuses") or [])
               if isinstance(s, dict)}
    # Regular containers and restartable init containers (sidecars) run; the other init containers have ended.
    specs = [c for c in spec.get("containers") or [] if isinstance(c, dict)]
    specs += [c for c in spec.get("initContainers") or [] if isinstance(c, dict) and c.get("restartPolicy") == "Always"]
    containers = []
    for c in specs:
        cname = c.get("name", "")
        resources = c.get("resources") or {}
        requests, limits = resources.get("requests") or {}, resources.get("limits") or {}
        key = f"container/{ns}/{name}/{cname}"
        cpu_req = _quantity(requests, "cpu", quantity.nanocores_of)
        cpu_lim = _quantity(limits, "cpu", quantity.nanocores_of)
        mem_req = _quantity(requests, "memory", quantity.bytes_of)
        mem_lim = _quantity(limits, "memory", quantity.bytes_of)
        if cpu_req:
            cpu = cpu_req * share(key + "/cpu", 300, 900) // 1000
        elif cpu_lim:
            cpu = cpu_lim * share(key + "/cpu", 50, 300) // 1000
        else:
            cpu = share(key + "/cpu", 1_000_000, 20_000_000)
        cpu += share(key + "/jitter", 0, 1_000_000)  # measured rates are never round: `530123456n`
        if mem_req:
            memory = mem_req * share(key + "/memory", 400, 950) // 1000
        elif mem_lim:
            memory = mem_lim * share(key + "/memory", 100, 500) // 1000
        else:
            memory = share(key + "/memory", 8 * MIB, 96 * MIB)
        memory = memory // PAGE * PAGE  # a working set is whole pages
        containers.append(ContainerUsage(cname, cpu, memory, mem_lim, running.get(cname) or started))
    volumes = []
    for v in spec.get("volumes") or []:
        if not isinstance(v, dict) or not v.get("name"):
            continue
        if isinstance(v.get("persistentVolumeClaim"), dict):
            volumes.append(VolumeMount(v["name"], v["persistentVolumeClaim"].get("claimName"), "disk"))
        elif isinstance(v.get("ephemeral"), dict):
            volumes.append(VolumeMount(v["name"], f"{name}-{v['name']}", "disk"))  # the claim it creates
        elif isinstance(v.get("emptyDir"), dict):
            volumes.append(VolumeMount(v["name"], None, "memory" if v["emptyDir"].get("medium") == "Memory"
                                       else "disk"))
        elif "configMap" in v:
            volumes.append(VolumeMount(v["name"], None, "disk"))
        elif any(k in v for k in ("secret", "projected", "downwardAPI")):
            volumes.append(VolumeMount(v["name"], None, "memory"))
    return PodUsage(ns, name, meta.get("uid", ""), spec.get("nodeName", ""), meta.get("labels") or {}, started,
                    containers, volumes)


def _claims(pvc_coll, pv_coll) -> dict[tuple[str, str], int | None]:
    """Size of every claim: its status capacity, else its volume's, else its request; None for block mode."""
    pv_sizes = {}
    for o in pv_coll.items:
        pv = o.decoded()
        pv_sizes[o.name] = _quantity((pv.get("spec") or {}).get("capacity") or {}, "storage", quantity.bytes_of)
    claims = {}
    for o in pvc_coll.items:
        pvc = o.decoded()
        spec, status = pvc.get("spec") or {}, pvc.get("status") or {}
        if spec.get("volumeMode") == "Block":
            claims[(o.ns, o.name)] = None
            continue
        claims[(o.ns, o.name)] = (_quantity(status.get("capacity") or {}, "storage", quantity.bytes_of)
                                  or pv_sizes.get(spec.get("volumeName") or "")
                                  or _quantity((spec.get("resources") or {}).get("requests") or {}, "storage",
                                               quantity.bytes_of))
    return claims
