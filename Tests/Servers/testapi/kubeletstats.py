"""The kubelet Summary API (k8s.io/kubelet/pkg/apis/stats/v1alpha1), reached through the API server's node
proxy: `GET /api/v1/nodes/NAME/proxy/stats/summary[?only_cpu_and_memory=true]`.

The summary has the node's CPU, memory, root filesystem and image filesystem, and for every running pod on the
node its containers' CPU and memory, its ephemeral storage and `volume` entries: one per PersistentVolumeClaim
(`pvcRef` set, byte and inode counts of the claim's filesystem) and one per emptyDir, configMap, secret, projected
or downwardAPI volume (no `pvcRef`), as the kubelet reports them. CPU and memory agree with the metrics API.
"""

from __future__ import annotations

import datetime
import json

from usage import NodeUsage, PodUsage, UsageModel, share

SYNTHETIC_START = "2024-01-01T00:00:00Z"


def summary(model: UsageModel, node_name: str, now: datetime.datetime, only_cpu_and_memory: bool) -> bytes:
    node: NodeUsage = model.nodes[node_name]
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    body = {"node": _node_stats(model, node, now, stamp, only_cpu_and_memory),
            "pods": [_pod_stats(model, node, pod, now, stamp, only_cpu_and_memory)
                     for pod in sorted(node.pods, key=lambda p: (p.namespace, p.name))]}
    return json.dumps(body, indent=1).encode()  # the kubelet indents its JSON


def _seconds_since(start: str, now: datetime.datetime) -> int:
    try:
        began = datetime.datetime.fromisoformat(start or SYNTHETIC_START)
        if began.tzinfo is None:
            raise ValueError
    except ValueError:
        began = datetime.datetime.fromisoformat(SYNTHETIC_START)
    return max(1, int((now - began).total_seconds()))


def _cpu(nanocores: int, started: str, now: datetime.datetime, stamp: str) -> dict:
    # Cumulative use as if the current rate had held since the start: monotonic as time passes.
    return {"time": stamp, "usageNanoCores": nanocores,
            "usageCoreNanoSeconds": nanocores * _seconds_since(started, now)}


def _memory(key: str, working_set: int, stamp: str, limit: int | None) -> dict:
    stats = {"time": stamp}
    if limit:
        stats["availableBytes"] = max(0, limit - working_set)
    stats.update({"usageBytes": working_set + working_set * share(key + "/cache", 20, 200) // 1000,
                  "workingSetBytes": working_set, "rssBytes": working_set * share(key + "/rss", 600, 950) // 1000,
                  "pageFaults": share(key + "/faults", 1000, 5_000_000),
                  "majorPageFaults": share(key + "/major", 0, 500)})
    return stats


def _fs(stamp: str, capacity: int, used: int, inodes: int, inodes_used: int) -> dict:
    return {"time": stamp, "availableBytes": max(0, capacity - used), "capacityBytes": capacity, "usedBytes": used,
            "inodesFree": max(0, inodes - inodes_used), "inodes": inodes, "inodesUsed": inodes_used}


def _node_stats(model: UsageModel, node: NodeUsage, now: datetime.datetime, stamp: str, lean: bool) -> dict:
    key = f"node/{node.name}"
    started = node.started or SYNTHETIC_START
    stats = {"nodeName": node.name}
    if not lean:
        kubelet_cpu = node.cpu * share(key + "/kubelet", 30, 120) // 1000
        kubelet_memory = node.memory * share(key + "/kubelet-mem", 20, 80) // 1000
        pods_cpu = sum(p.cpu for p in node.pods)
        pods_memory = sum(p.memory for p in node.pods)
        stats["systemContainers"] = [
            {"name": "kubelet", "startTime": started, "cpu": _cpu(kubelet_cpu, started, now, stamp),
             "memory": _memory(key + "/kubelet", kubelet_memory, stamp, None)},
            {"name": "pods", "startTime": started, "cpu": _cpu(pods_cpu, started, now, stamp),
             "memory": _memory(key + "/pods", pods_memory, stamp, None)},
        ]
    stats["startTime"] = started
    stats["cpu"] = _cpu(node.cpu, started, now, stamp)
    stats["memory"] = _memory(key, node.memory, stamp, node.memory_capacity)
    if not lean:
        inodes = max(node.fs_capacity // 16384, 1024)
        used = node.fs_capacity * share(key + "/fs", 200, 500) // 1000
        stats["network"] = {"time": stamp, "name": "eth0", "rxBytes": share(key + "/rx", 10 ** 9, 10 ** 12),
                            "rxErrors": 0, "txBytes": share(key + "/tx", 10 ** 9, 10 ** 12), "txErrors": 0}
        stats["fs"] = _fs(stamp, node.fs_capacity, used, inodes, inodes * share(key + "/inodes", 20, 120) // 1000)
        image_used = node.fs_capacity * share(key + "/images", 50, 150) // 1000
        stats["runtime"] = {"imageFs": _fs(stamp, node.fs_capacity, image_used, inodes,
                                           inodes * share(key + "/image-inodes", 10, 60) // 1000)}
        stats["rlimit"] = {"time": stamp, "maxpid": 4194304, "curproc": 200 + share(key + "/proc", 0, 800)}
    return stats


def _pod_stats(model: UsageModel, node: NodeUsage, pod: PodUsage, now: datetime.datetime, stamp: str,
               lean: bool) -> dict:
    key = f"pod/{pod.namespace}/{pod.name}"
    started = pod.started or node.started or SYNTHETIC_START
    containers = []
    for c in pod.containers:
        ckey = f"{key}/{c.name}"
        entry = {"name": c.name, "startTime": c.started or started,
                 "cpu": _cpu(c.cpu, c.started or started, now, stamp),
                 "memory": _memory(ckey, c.memory, stamp, c.memory_limit)}
        if not lean:
            inodes = max(node.fs_capacity // 16384, 1024)
            entry["rootfs"] = _fs(stamp, node.fs_capacity, 4096 * share(ckey + "/rootfs", 2, 4096), inodes,
                                  share(ckey + "/rootfs-inodes", 5, 200))
            entry["logs"] = _fs(stamp, node.fs_capacity, 4096 * share(ckey + "/logs", 1, 2048), inodes,
                                1)
        containers.append(entry)
    stats = {"podRef": {"name": pod.name, "namespace": pod.namespace, "uid": pod.uid}, "startTime": started,
             "containers": containers, "cpu": _cpu(pod.cpu, started, now, stamp),
             "memory": _memory(key, pod.memory, stamp, None)}
    if lean:
        return stats
    volumes = []
    for mount in pod.volumes:
        if mount.claim is not None:
            figures = model.volume(pod.namespace, mount.claim)
            if figures is None:
                continue  # block volumes have no filesystem to measure
            volumes.append({"time": stamp, **figures.fields(), "name": mount.name,
                            "pvcRef": {"name": mount.claim, "namespace": pod.namespace}})
        else:
            volumes.append({"time": stamp, **model.scratch_volume(pod, mount, node).fields(), "name": mount.name})
    if volumes:
        stats["volume"] = volumes
    rootfs_used = sum(c.get("rootfs", {}).get("usedBytes", 0) + c.get("logs", {}).get("usedBytes", 0)
                      for c in containers)
    inodes = max(node.fs_capacity // 16384, 1024)
    stats["ephemeral-storage"] = _fs(stamp, node.fs_capacity, rootfs_used, inodes, share(key + "/inodes", 10, 500))
    stats["process_stats"] = {"process_count": len(pod.containers) + share(key + "/processes", 0, 20)}
    return stats
