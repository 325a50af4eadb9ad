"""The API resources the test server knows: group, version, plural name, kind, scope and discovery details.

Kinds found in a snapshot that are not listed here (custom resources) are registered on the fly with a
lower-cased plural, so that a dump of any cluster can be served.
"""

from __future__ import annotations

from dataclasses import dataclass, field

VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
CLUSTER_VERBS_NO_COLLECTION = ["create", "delete", "get", "list", "patch", "update", "watch"]


@dataclass(frozen=True)
class Resource:
    group: str
    version: str
    plural: str
    singular: str
    kind: str
    namespaced: bool
    short_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    verbs: tuple[str, ...] = tuple(VERBS)
    builtin: bool = field(default=True, compare=False)

    @property
    def group_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def key(self) -> tuple[str, str]:
        return (self.group, self.plural)

    def discovery_entry(self) -> dict:
        entry = {
            "name": self.plural,
            "singularName": self.singular,
            "namespaced": self.namespaced,
            "kind": self.kind,
            "verbs": list(self.verbs),
        }
        if self.short_names:
            entry["shortNames"] = list(self.short_names)
        if self.categories:
            entry["categories"] = list(self.categories)
        return entry


def _r(group, version, plural, kind, namespaced, short=(), cats=(), singular=None, verbs=VERBS):
    return Resource(group, version, plural, singular or kind.lower(), kind, namespaced, tuple(short), tuple(cats),
                    tuple(verbs))


BUILTIN_RESOURCES: list[Resource] = [
    # core/v1
    _r("", "v1", "configmaps", "ConfigMap", True, ["cm"]),
    _r("", "v1", "endpoints", "Endpoints", True, ["ep"], singular="endpoints"),
    _r("", "v1", "events", "Event", True, ["ev"]),
    _r("", "v1", "limitranges", "LimitRange", True, ["limits"]),
    _r("", "v1", "namespaces", "Namespace", False, ["ns"], verbs=CLUSTER_VERBS_NO_COLLECTION),
    _r("", "v1", "nodes", "Node", False, ["no"]),
    _r("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", True, ["pvc"]),
    _r("", "v1", "persistentvolumes", "PersistentVolume", False, ["pv"]),
    _r("", "v1", "pods", "Pod", True, ["po"], ["all"]),
    _r("", "v1", "replicationcontrollers", "ReplicationController", True, ["rc"], ["all"]),
    _r("", "v1", "resourcequotas", "ResourceQuota", True, ["quota"]),
    _r("", "v1", "secrets", "Secret", True),
    _r("", "v1", "serviceaccounts", "ServiceAccount", True, ["sa"]),
    _r("", "v1", "services", "Service", True, ["svc"], ["all"]),
    # apps/v1
    _r("apps", "v1", "controllerrevisions", "ControllerRevision", True),
    _r("apps", "v1", "daemonsets", "DaemonSet", True, ["ds"], ["all"]),
    _r("apps", "v1", "deployments", "Deployment", True, ["deploy"], ["all"]),
    _r("apps", "v1", "replicasets", "ReplicaSet", True, ["rs"], ["all"]),
    _r("apps", "v1", "statefulsets", "StatefulSet", True, ["sts"], ["all"]),
    # batch/v1
    _r("batch", "v1", "cronjobs", "CronJob", True, ["cj"], ["all"]),
    _r("batch", "v1", "jobs", "Job", True, [], ["all"]),
    # coordination.k8s.io/v1
    _r("coordination.k8s.io", "v1", "leases", "Lease", True),
    # policy/v1
    _r("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", True, ["pdb"]),
    # scheduling.k8s.io/v1
    _r("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", False, ["pc"]),
    # node.k8s.io/v1 (RuntimeClass carries the pod overhead)
    _r("node.k8s.io", "v1", "runtimeclasses", "RuntimeClass", False),
    # storage.k8s.io/v1
    _r("storage.k8s.io", "v1", "csidrivers", "CSIDriver", False),
    _r("storage.k8s.io", "v1", "csinodes", "CSINode", False),
    _r("storage.k8s.io", "v1", "storageclasses", "StorageClass", False, ["sc"]),
    _r("storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment", False),
    # metrics.k8s.io/v1beta1: metrics-server's aggregated API (kubectl top); served from the usage model
    _r("metrics.k8s.io", "v1beta1", "nodes", "NodeMetrics", False, verbs=["get", "list"]),
    _r("metrics.k8s.io", "v1beta1", "pods", "PodMetrics", True, verbs=["get", "list"]),
]

# Groups in the order the real server lists them in /apis.
GROUP_ORDER = ["apps", "batch", "coordination.k8s.io", "policy", "scheduling.k8s.io", "node.k8s.io",
               "storage.k8s.io", "metrics.k8s.io"]  # aggregated APIs come last


METRICS_GROUP = "metrics.k8s.io"
# Whether the cluster runs metrics-server (`--no-metrics-server` turns it off, as on clusters without it).
metrics_server = True


class Registry:
    """Resources by (group, version, plural) and by (apiVersion, kind); extended with snapshot kinds."""

    def __init__(self, extra: list[Resource] | None = None):
        builtin = [r for r in BUILTIN_RESOURCES if metrics_server or r.group != METRICS_GROUP]
        self.resources: list[Resource] = builtin + list(extra or [])
        self._rebuild()

    def _rebuild(self):
        self.by_path = {(r.group, r.version, r.plural): r for r in self.resources}
        self.by_kind = {(r.group_version, r.kind): r for r in self.resources}
        self.by_group_kind = {(r.group, r.kind): r for r in self.resources}

    def resolve_kind(self, api_version: str, kind: str, namespaced_hint: bool) -> Resource:
        r = self.by_kind.get((api_version, kind))
        if r is not None:
            return r
        group, _, version = api_version.rpartition("/")
        r = self.by_group_kind.get((group, kind))
        if r is not None and r.builtin:
            # An older version of a built-in kind (e.g. batch/v1beta1 CronJob) is served under the current one.
            return r
        plural = kind.lower()
        plural = plural + ("es" if plural.endswith(("s", "x", "ch", "sh")) else "s")
        if plural.endswith("ys") and plural[-3] not in "aeiou":
            plural = plural[:-2] + "ies"
        r = Resource(group, version or "v1", plural, kind.lower(), kind, namespaced_hint, builtin=False)
        self.resources.append(r)
        self._rebuild()
        return r

    def groups(self) -> dict[str, list[str]]:
        """Named groups (not core) → versions."""
        out: dict[str, list[str]] = {}
        for r in self.resources:
            if r.group and r.version not in out.setdefault(r.group, []):
                out[r.group].append(r.version)
        ordered = {g: out[g] for g in GROUP_ORDER if g in out}
        ordered.update({g: v for g, v in sorted(out.items()) if g not in ordered})
        return ordered

    def resources_in(self, group: str, version: str) -> list[Resource]:
        return sorted((r for r in self.resources if r.group == group and r.version == version),
                      key=lambda r: r.plural)
