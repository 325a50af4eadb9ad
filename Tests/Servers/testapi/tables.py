"""Server-side printing: `meta.k8s.io` Table responses, which `kubectl get` asks for.

Columns and cell rules follow the real API server's printers (pkg/printers/internalversion) for nodes, pods,
PVCs, PVs, storage classes, namespaces, ConfigMaps and Leases; other kinds get the generic Name/Age table.
"""

from __future__ import annotations

import datetime
import json

_NAME_DESC = ("Name must be unique within a namespace. Is required when creating resources, although some resources "
              "may allow a client to request the generation of an appropriate name automatically. Name is primarily "
              "intended for creation idempotence and configuration definition. Cannot be updated. More info: "
              "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names")
_AGE_DESC = ("CreationTimestamp is a timestamp representing the server time when this object was created. It is not "
             "guaranteed to be set in happens-before order across separate operations. Clients may not set this "
             "value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null "
             "for lists. More info: "
             "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata")


def _col(name, description="", priority=0, fmt="", typ="string"):
    return {"name": name, "type": typ, "format": fmt, "description": description, "priority": priority}


NAME = _col("Name", _NAME_DESC, fmt="name")
AGE = _col("Age", _AGE_DESC)

COLUMNS = {
    "nodes": [NAME, _col("Status", "The status of the node"), _col("Roles", "The roles of the node"), AGE,
              _col("Version", "Kubelet Version reported by the node."),
              _col("Internal-IP", "List of addresses reachable to the node. Queried from cloud provider, if "
                                  "available.", 1),
              _col("External-IP", "List of addresses reachable to the node. Queried from cloud provider, if "
                                  "available.", 1),
              _col("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 "
                               "(wheezy)).", 1),
              _col("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. "
                                     "3.16.0-0.bpo.4-amd64).", 1),
              _col("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API "
                                        "(e.g. containerd://1.4.2).", 1)],
    "pods": [NAME, _col("Ready", "The aggregate readiness state of this pod for accepting traffic."),
             _col("Status", "The aggregate status of the containers in this pod."),
             _col("Restarts", "The number of times the containers in this pod have been restarted and when the "
                              "last container in this pod has restarted."), AGE,
             _col("IP", "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet "
                        "allocated.", 1),
             _col("Node", "NodeName is a request to schedule this pod onto a specific node.", 1),
             _col("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the "
                                    "node, but it cannot be scheduled right away as preemption victims receive "
                                    "their graceful termination periods.", 1),
             _col("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness.", 1)],
    "persistentvolumeclaims": [NAME, _col("Status", "Phase represents the current phase of "
                                                    "PersistentVolumeClaim."),
                               _col("Volume", "VolumeName is the binding reference to the PersistentVolume backing "
                                              "this claim."),
                               _col("Capacity", "capacity represents the actual resources of the underlying "
                                                "volume."),
                               _col("Access Modes", "AccessModes contains the actual access modes the volume "
                                                    "backing the PVC has."),
                               _col("StorageClass", "StorageClassName is the name of the StorageClass required by "
                                                    "the claim."),
                               _col("VolumeAttributesClass", "volumeAttributesClassName may be used to set the "
                                                             "VolumeAttributesClass used by this claim."), AGE,
                               _col("VolumeMode", "volumeMode defines what type of volume is required by the "
                                                  "claim.", 1)],
    "persistentvolumes": [NAME, _col("Capacity", "capacity is the description of the persistent volume's "
                                                 "resources and capacity."),
                          _col("Access Modes", "accessModes contains all ways the volume can be mounted."),
                          _col("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a "
                                                 "persistent volume when released from its claim."),
                          _col("Status", "phase indicates if a volume is available, bound to a claim, or "
                                         "released by a claim."),
                          _col("Claim", "claimRef is part of a bi-directional binding between PersistentVolume "
                                        "and PersistentVolumeClaim."),
                          _col("StorageClass", "storageClassName is the name of StorageClass to which this "
                                               "persistent volume belongs."),
                          _col("VolumeAttributesClass", "Name of VolumeAttributesClass to which this persistent "
                                                        "volume belongs."),
                          _col("Reason", "reason is a brief CamelCase string that describes any failure and is "
                                         "meant for machine parsing and tidy display in the CLI."), AGE,
                          _col("VolumeMode", "volumeMode defines if a volume is intended to be used with a "
                                             "formatted filesystem or to remain in raw block state.", 1)],
    "storageclasses": [NAME, _col("Provisioner", "provisioner indicates the type of the provisioner."),
                       _col("ReclaimPolicy", "reclaimPolicy controls the reclaimPolicy for dynamically "
                                             "provisioned PersistentVolumes of this storage class."),
                       _col("VolumeBindingMode", "volumeBindingMode indicates how PersistentVolumeClaims should "
                                                 "be provisioned and bound."),
                       _col("AllowVolumeExpansion", "allowVolumeExpansion shows whether the storage class allow "
                                                    "volume expand."), AGE],
    "namespaces": [NAME, _col("Status", "The status of the namespace"), AGE],
    "configmaps": [NAME, _col("Data", "Data contains the configuration data.", typ="integer"), AGE],
    "leases": [NAME, _col("Holder", "HolderIdentity contains the identity of the holder of a current lease."),
               AGE],
}


def columns_for(plural: str) -> list[dict]:
    return COLUMNS.get(plural, [NAME, AGE])


def table_header(plural: str, table_version: str, rv: str, continue_token: str | None,
                 remaining: int | None) -> bytes:
    meta: dict = {"resourceVersion": rv}
    if continue_token:
        meta["continue"] = continue_token
    if remaining is not None:
        meta["remainingItemCount"] = remaining
    head = {"kind": "Table", "apiVersion": f"meta.k8s.io/{table_version}", "metadata": meta,
            "columnDefinitions": columns_for(plural)}
    text = json.dumps(head, separators=(",", ":"))
    return text[:-1].encode() + b',"rows":['


def table_row(plural: str, obj: dict, now: datetime.datetime, table_version: str) -> bytes:
    meta = dict(obj.get("metadata") or {})
    meta.pop("managedFields", None)
    cells = _CELLS.get(plural, _generic_cells)(obj, now)
    row = {"cells": cells, "object": {"kind": "PartialObjectMetadata",
                                      "apiVersion": f"meta.k8s.io/{table_version}", "metadata": meta}}
    return json.dumps(row, separators=(",", ":")).encode()


# ---------------------------------------------------------------------------------------------------- cells

def _generic_cells(obj, now):
    meta = obj.get("metadata") or {}
    return [meta.get("name", ""), _age(meta.get("creationTimestamp"), now)]


def _node_cells(obj, now):
    meta = obj.get("metadata") or {}
    spec = obj.get("spec") or {}
    status = obj.get("status") or {}
    conditions = {c.get("type"): c.get("status") for c in status.get("conditions") or []}
    ready = conditions.get("Ready")
    state = "Ready" if ready == "True" else "NotReady" if ready == "False" else "Unknown"
    if spec.get("unschedulable"):
        state += ",SchedulingDisabled"
    roles = set()
    for k, v in (meta.get("labels") or {}).items():
        if k.startswith("node-role.kubernetes.io/"):
            role = k[len("node-role.kubernetes.io/"):]
            if role:
                roles.add(role)
        elif k == "kubernetes.io/role" and v:
            roles.add(v)
    addresses = status.get("addresses") or []
    internal = next((a.get("address") for a in addresses if a.get("type") == "InternalIP"), None) or "<none>"
    external = next((a.get("address") for a in addresses if a.get("type") == "ExternalIP"), None) or "<none>"
    info = status.get("nodeInfo") or {}
    return [meta.get("name", ""), state, ",".join(sorted(roles)) or "<none>",
            _age(meta.get("creationTimestamp"), now), info.get("kubeletVersion", ""), internal, external,
            info.get("osImage") or "<unknown>", info.get("kernelVersion") or "<unknown>",
            info.get("containerRuntimeVersion") or "<unknown>"]


def _pod_cells(obj, now):
    meta = obj.get("metadata") or {}
    spec = obj.get("spec") or {}
    status = obj.get("status") or {}
    restartable = {c.get("name") for c in spec.get("initContainers") or [] if c.get("restartPolicy") == "Always"}
    total = len(spec.get("containers") or []) + len(restartable)
    ready_count = 0
    restarts = 0
    last_restart = None
    reason = status.get("reason") or status.get("phase") or ""

    def note_restart(cs):
        nonlocal last_restart
        finished = ((cs.get("lastState") or {}).get("terminated") or {}).get("finishedAt")
        if finished and (last_restart is None or finished > last_restart):
            last_restart = finished

    for c in status.get("conditions") or []:
        if c.get("type") == "PodScheduled" and c.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"

    init_statuses = status.get("initContainerStatuses") or []
    init_count = len(spec.get("initContainers") or [])
    initializing = False
    for i, cs in enumerate(init_statuses):
        restarts += cs.get("restartCount", 0)
        note_restart(cs)
        state = cs.get("state") or {}
        term, waiting = state.get("terminated"), state.get("waiting")
        if cs.get("name") in restartable:
            if cs.get("started"):
                if cs.get("ready"):
                    ready_count += 1
                continue
        if term and term.get("exitCode", 0) == 0:
            continue
        if term:
            if term.get("reason"):
                reason = "Init:" + term["reason"]
            elif term.get("signal"):
                reason = f"Init:Signal:{term['signal']}"
            else:
                reason = f"Init:ExitCode:{term.get('exitCode', 0)}"
        elif waiting and waiting.get("reason") and waiting.get("reason") != "PodInitializing":
            reason = "Init:" + waiting["reason"]
        else:
            reason = f"Init:{i}/{init_count}"
        initializing = True
        break

    initialized = any(c.get("type") == "Initialized" and c.get("status") == "True"
                      for c in status.get("conditions") or [])
    if not initializing or initialized:
        has_running = False
        for cs in reversed(status.get("containerStatuses") or []):
            restarts += cs.get("restartCount", 0)
            note_restart(cs)
            state = cs.get("state") or {}
            waiting, term = state.get("waiting"), state.get("terminated")
            if waiting and waiting.get("reason"):
                reason = waiting["reason"]
            elif term and term.get("reason"):
                reason = term["reason"]
            elif term:
                reason = f"Signal:{term['signal']}" if term.get("signal") else f"ExitCode:{term.get('exitCode', 0)}"
            elif cs.get("ready") and state.get("running") is not None:
                has_running = True
                ready_count += 1
        if reason == "Completed" and has_running:
            ready_cond = any(c.get("type") == "Ready" and c.get("status") == "True"
                             for c in status.get("conditions") or [])
            reason = "Running" if ready_cond else "NotReady"

    if meta.get("deletionTimestamp"):
        reason = "Unknown" if status.get("reason") == "NodeLost" else "Terminating"

    restarts_cell = str(restarts)
    if restarts and last_restart:
        restarts_cell = f"{restarts} ({_age(last_restart, now)} ago)"
    gates = spec.get("readinessGates") or []
    if gates:
        true_types = {c.get("type") for c in status.get("conditions") or [] if c.get("status") == "True"}
        gates_cell = f"{sum(1 for g in gates if g.get('conditionType') in true_types)}/{len(gates)}"
    else:
        gates_cell = "<none>"
    return [meta.get("name", ""), f"{ready_count}/{total}", reason, restarts_cell,
            _age(meta.get("creationTimestamp"), now), status.get("podIP") or "<none>",
            spec.get("nodeName") or "<none>", status.get("nominatedNodeName") or "<none>", gates_cell]


def _access_modes(modes):
    short = {"ReadWriteOnce": "RWO", "ReadOnlyMany": "ROX", "ReadWriteMany": "RWX", "ReadWriteOncePod": "RWOP"}
    return ",".join(short.get(m, m) for m in modes or [])


def _pvc_cells(obj, now):
    meta = obj.get("metadata") or {}
    spec = obj.get("spec") or {}
    status = obj.get("status") or {}
    phase = status.get("phase") or ""
    if meta.get("deletionTimestamp"):
        phase = "Terminating"
    capacity, modes = "", ""
    if spec.get("volumeName"):
        capacity = (status.get("capacity") or {}).get("storage", "")
        modes = _access_modes(status.get("accessModes"))
    return [meta.get("name", ""), phase, spec.get("volumeName", ""), capacity, modes,
            spec.get("storageClassName") or "", spec.get("volumeAttributesClassName") or "<unset>",
            _age(meta.get("creationTimestamp"), now), spec.get("volumeMode") or "<unset>"]


def _pv_cells(obj, now):
    meta = obj.get("metadata") or {}
    spec = obj.get("spec") or {}
    status = obj.get("status") or {}
    claim = spec.get("claimRef") or {}
    claim_cell = f"{claim.get('namespace', '')}/{claim.get('name', '')}" if claim else ""
    phase = status.get("phase") or ""
    if meta.get("deletionTimestamp"):
        phase = "Terminating"
    return [meta.get("name", ""), (spec.get("capacity") or {}).get("storage", ""),
            _access_modes(spec.get("accessModes")), spec.get("persistentVolumeReclaimPolicy", ""), phase,
            claim_cell, spec.get("storageClassName") or "", spec.get("volumeAttributesClassName") or "<unset>",
            status.get("reason") or "", _age(meta.get("creationTimestamp"), now),
            spec.get("volumeMode") or "<unset>"]


def _sc_cells(obj, now):
    meta = obj.get("metadata") or {}
    name = meta.get("name", "")
    if (meta.get("annotations") or {}).get("storageclass.kubernetes.io/is-default-class") == "true":
        name += " (default)"
    return [name, obj.get("provisioner", ""), obj.get("reclaimPolicy") or "Delete",
            obj.get("volumeBindingMode") or "Immediate", bool(obj.get("allowVolumeExpansion")),
            _age(meta.get("creationTimestamp"), now)]


def _ns_cells(obj, now):
    meta = obj.get("metadata") or {}
    return [meta.get("name", ""), (obj.get("status") or {}).get("phase", ""),
            _age(meta.get("creationTimestamp"), now)]


def _cm_cells(obj, now):
    meta = obj.get("metadata") or {}
    count = len(obj.get("data") or {}) + len(obj.get("binaryData") or {})
    return [meta.get("name", ""), count, _age(meta.get("creationTimestamp"), now)]


def _lease_cells(obj, now):
    meta = obj.get("metadata") or {}
    return [meta.get("name", ""), (obj.get("spec") or {}).get("holderIdentity") or "",
            _age(meta.get("creationTimestamp"), now)]


_CELLS = {"nodes": _node_cells, "pods": _pod_cells, "persistentvolumeclaims": _pvc_cells,
          "persistentvolumes": _pv_cells, "storageclasses": _sc_cells, "namespaces": _ns_cells,
          "configmaps": _cm_cells, "leases": _lease_cells}


# ---------------------------------------------------------------------------------------------------- age

def _age(timestamp, now: datetime.datetime) -> str:
    if not timestamp:
        return "<unknown>"
    try:
        then = datetime.datetime.fromisoformat(timestamp)
        if then.tzinfo is None:
            then = then.replace(tzinfo=datetime.timezone.utc)
    except (TypeError, ValueError):
        return "<unknown>"
    return human_duration((now - then).total_seconds())


def human_duration(seconds: float) -> str:
    """k8s.io/apimachinery/pkg/util/duration.HumanDuration."""
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 120:
        return f"{s}s"
    minutes = s // 60
    if minutes < 10:
        sec = s % 60
        return f"{minutes}m" if sec == 0 else f"{minutes}m{sec}s"
    if minutes < 180:
        return f"{minutes}m"
    hours = s // 3600
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        return f"{hours // 24 // 365}y" if dy == 0 else f"{hours // 24 // 365}y{dy}d"
    return f"{hours // 24 // 365}y"
