#!/usr/bin/env python3
"""Generates a realistic Kubernetes `List` (what `kubectl get ... -A -o json` writes) for tests and the benchmark.

    python3 Tests/Servers/testapi/gencluster.py --nodes 1000 --pods-per-node 30 --out cluster.json [--seed 1]

Nodes of a few instance types (capacity/allocatable in the notations kubelets report, some GPU nodes, control-plane
taints) and pods of 5-10 KB each like a real cluster's: managedFields, labels, annotations, ownerReferences,
several containers with requests/limits in mixed notations, init containers and restartable sidecars, volumes, env,
probes and full status. Per node: three DaemonSet pods, the rest from Deployments, StatefulSets (with bound PVCs)
and Jobs; about 1% Succeeded, 0.5% Failed and 0.3% Pending (some unscheduled). Also namespaces, workloads, PVCs, PVs
and storage classes.

The same seed gives the same bytes. The file is streamed with one compact item per line, a layout the test API
server loads without a full JSON parse.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
import time

BASE_TIME = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
DUMPS = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode

NODE_TYPES = [
    # instance type, capacity cpu, allocatable cpu, capacity memory, allocatable memory, weight, extras
    ("m5.2xlarge", "8", "7910m", "32386524Ki", "31369692Ki", 40, {}),
    ("m5.4xlarge", "16", "15890m", "64Gi", "63032644Ki", 25, {}),
    ("c5.2xlarge", "8", "7910m", "16069120Ki", "15052288Ki", 15, {}),
    ("r5.4xlarge", "16", "15890m", "130045036Ki", "127.5Gi", 15, {"hugepages-2Mi": "1Gi"}),
    ("p3.2xlarge", "8", "7910m", "62942880Ki", "61926048Ki", 5, {"nvidia.com/gpu": "1"}),
]
ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
TEAMS = ["payments", "search", "checkout", "identity", "platform", "data", "ml", "growth", "ads", "media",
         "catalog", "billing", "support", "infra", "risk", "maps"]
# Requests are small enough that 30 pods fit a node (the scheduler would refuse more); limits overcommit.
CPU_REQ = ["5m", "10m", "25m", "50m", "50m", "100m", "0.1", "100m", "150m", "200m", "250m", "0.25", "500m"]
CPU_LIM = ["100m", "200m", "500m", "1", "1000m", "2", "2500m", "4"]
MEM_REQ = ["32Mi", "64Mi", "100M", "128Mi", "128Mi", "200Mi", "256Mi", "300M", "384Mi", "512Mi", "0.5Gi", "768Mi",
           "1Gi", "1G", "1e9"]
MEM_LIM = ["128Mi", "256Mi", "512Mi", "1Gi", "1G", "2Gi", "3Gi", "4Gi", "4294967296", "8Gi"]
_SUFFIX = {"m": 1e-3, "": 1, "k": 1e3, "M": 1e6, "G": 1e9, "Ki": 2 ** 10, "Mi": 2 ** 20, "Gi": 2 ** 30}


def qty(text: str) -> float:
    """Approximate value of the generator's own quantities, only to keep limits at or above requests."""
    for suffix in ("Ki", "Mi", "Gi", "m", "k", "M", "G"):
        if text.endswith(suffix):
            return float(text[: -len(suffix)]) * _SUFFIX[suffix]
    return float(text)
IMAGES = ["nginx:1.27.2", "envoyproxy/envoy:v1.31.3", "redis:7.4.1", "postgres:16.4", "python:3.12-slim",
          "golang:1.23", "node:22-alpine", "openjdk:21-jdk", "busybox:1.36", "grafana/grafana:11.3.0",
          "prom/prometheus:v2.55.1", "bitnami/kafka:3.8", "elasticsearch:8.15.3", "memcached:1.6", "rabbitmq:4.0"]


def ts(seconds: float) -> str:
    return (BASE_TIME + datetime.timedelta(seconds=int(seconds))).strftime("%Y-%m-%dT%H:%M:%SZ")


class Gen:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.rv = 1000

    def next_rv(self) -> str:
        self.rv += 1
        return str(self.rv)

    def uid(self) -> str:
        h = "%032x" % self.rng.getrandbits(128)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def hexid(self, n: int) -> str:
        return "%0*x" % (n, self.rng.getrandbits(4 * n))

    def suffix(self, n: int = 5) -> str:
        return "".join(self.rng.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(n))


# ---------------------------------------------------------------------------------------------------- nodes

def make_node(g: Gen, i: int, n_nodes: int) -> dict:
    rng = g.rng
    control_plane = i < min(3, max(1, n_nodes // 100))
    weights = [t[5] for t in NODE_TYPES]
    itype, cpu, acpu, mem, amem, _, extras = rng.choices(NODE_TYPES, weights)[0]
    name = f"node-{i:05d}"
    zone = ZONES[i % len(ZONES)]
    ip = f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"
    created = ts(i * 7)
    labels = {
        "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/instance-type": itype,
        "beta.kubernetes.io/os": "linux", "failure-domain.beta.kubernetes.io/region": "eu-west-1",
        "failure-domain.beta.kubernetes.io/zone": zone, "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
        "node.kubernetes.io/instance-type": itype, "topology.kubernetes.io/region": "eu-west-1",
        "topology.kubernetes.io/zone": zone, "topology.ebs.csi.aws.com/zone": zone,
    }
    if control_plane:
        labels["node-role.kubernetes.io/control-plane"] = ""
    else:
        labels["node-role.kubernetes.io/worker"] = ""
    capacity = {"cpu": cpu, "ephemeral-storage": "104845292Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0",
                "memory": mem, "pods": "110"}
    allocatable = {"cpu": acpu, "ephemeral-storage": "96625420948", "hugepages-1Gi": "0", "hugepages-2Mi": "0",
                   "memory": amem, "pods": "110"}
    capacity.update(extras)
    allocatable.update(extras)
    heartbeat = ts(3600 * 24 * 60 + i)
    conditions = [
        {"lastHeartbeatTime": heartbeat, "lastTransitionTime": created, "message": msg, "reason": reason,
         "status": "False", "type": ctype}
        for ctype, reason, msg in [
            ("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            ("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            ("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        ]
    ]
    conditions.append({"lastHeartbeatTime": heartbeat, "lastTransitionTime": ts(i * 7 + 40),
                       "message": "kubelet is posting ready status", "reason": "KubeletReady",
                       "status": "True", "type": "Ready"})
    images = [{"names": [f"docker.io/library/{img}@sha256:{g.hexid(64)}", f"docker.io/library/{img}"],
               "sizeBytes": rng.randint(5_000_000, 600_000_000)} for img in rng.sample(IMAGES, 10)]
    node = {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {
            "annotations": {
                "alpha.kubernetes.io/provided-node-ip": ip,
                "csi.volume.kubernetes.io/nodeid": json.dumps({"ebs.csi.aws.com": f"i-{g.hexid(17)}"}),
                "node.alpha.kubernetes.io/ttl": "0",
                "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            },
            "creationTimestamp": created, "labels": labels,
            "managedFields": [
                {"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {
                    "f:metadata": {"f:annotations": {".": {}, "f:alpha.kubernetes.io/provided-node-ip": {},
                                                     "f:volumes.kubernetes.io/controller-managed-attach-detach": {}},
                                   "f:labels": {".": {}, **{f"f:{k}": {} for k in labels}}},
                    "f:spec": {"f:providerID": {}}},
                 "manager": "kubelet", "operation": "Update", "time": created},
                {"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {
                    "f:metadata": {"f:annotations": {"f:node.alpha.kubernetes.io/ttl": {}}},
                    "f:spec": {"f:podCIDR": {}, "f:podCIDRs": {".": {}, "v:\"10.244.0.0/24\"": {}}}},
                 "manager": "kube-controller-manager", "operation": "Update", "time": created},
                {"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {"f:status": {
                    "f:allocatable": {f"f:{k}": {} for k in allocatable},
                    "f:capacity": {f"f:{k}": {} for k in capacity},
                    "f:conditions": {f"k:{{\"type\":\"{c['type']}\"}}": {
                        "f:lastHeartbeatTime": {}, "f:lastTransitionTime": {}, "f:message": {}, "f:reason": {},
                        "f:status": {}} for c in conditions},
                    "f:images": {}, "f:nodeInfo": {"f:bootID": {}, "f:kernelVersion": {}}}},
                 "manager": "kubelet", "operation": "Update", "subresource": "status", "time": heartbeat},
            ],
            "name": name, "resourceVersion": g.next_rv(), "uid": g.uid(),
        },
        "spec": {"podCIDR": f"10.{64 + (i >> 8) % 64}.{i & 255}.0/24",
                 "podCIDRs": [f"10.{64 + (i >> 8) % 64}.{i & 255}.0/24"],
                 "providerID": f"aws:///{zone}/i-{g.hexid(17)}"},
        "status": {
            "addresses": [{"address": ip, "type": "InternalIP"},
                          {"address": f"ip-{ip.replace('.', '-')}.eu-west-1.compute.internal",
                           "type": "InternalDNS"},
                          {"address": name, "type": "Hostname"}],
            "allocatable": allocatable, "capacity": capacity, "conditions": conditions,
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "images": images,
            "nodeInfo": {"architecture": "amd64", "bootID": g.uid(), "containerRuntimeVersion": "containerd://1.7.22",
                         "kernelVersion": "6.1.112-124.190.amzn2023.x86_64", "kubeProxyVersion": "v1.32.0",
                         "kubeletVersion": "v1.32.0", "machineID": g.hexid(32),
                         "operatingSystem": "linux", "osImage": "Amazon Linux 2023.6.20241111",
                         "systemUUID": g.uid()},
        },
    }
    if control_plane:
        node["spec"]["taints"] = [{"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}]
    return node


# ---------------------------------------------------------------------------------------------------- workloads

def resources(rng, with_limits=True) -> dict:
    req = {"cpu": rng.choice(CPU_REQ), "memory": rng.choice(MEM_REQ)}
    r = {"requests": req}
    roll = rng.random()
    if with_limits and roll < 0.75:
        lim = {"memory": rng.choice([m for m in MEM_LIM if qty(m) >= qty(req["memory"])])}
        if roll < 0.5:
            lim["cpu"] = rng.choice([c for c in CPU_LIM if qty(c) >= qty(req["cpu"])])
        r["limits"] = lim
    elif roll > 0.95:
        r = {"requests": {"cpu": req["cpu"]}}
    return r


def env_vars(rng, app: str, ns: str, n: int) -> list:
    env = [{"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
           {"name": "NODE_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}}]
    if n % 2:
        env.append({"name": "DATABASE_PASSWORD", "valueFrom": {"secretKeyRef": {"key": "password",
                                                                                "name": f"{app}-db"}}})
    else:
        env.append({"name": "FEATURE_FLAGS", "valueFrom": {"configMapKeyRef": {"key": "flags",
                                                                               "name": f"{app}-config"}}})
    names = ["LOG_LEVEL", "LOG_FORMAT", "HTTP_PORT", "GRPC_PORT", "METRICS_PORT", "OTEL_EXPORTER_OTLP_ENDPOINT",
             "OTEL_SERVICE_NAME", "CACHE_TTL_SECONDS", "UPSTREAM_URL", "REGION", "ENVIRONMENT", "JAVA_OPTS",
             "MAX_CONNECTIONS", "REQUEST_TIMEOUT", "KAFKA_BROKERS", "REDIS_URL", "SENTRY_DSN", "TZ"]
    for name in names[:n]:
        env.append({"name": name, "value": {
            "LOG_LEVEL": "info", "LOG_FORMAT": "json", "HTTP_PORT": "8080", "GRPC_PORT": "9090",
            "METRICS_PORT": "9102", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://otel-collector.observability:4317",
            "OTEL_SERVICE_NAME": app, "CACHE_TTL_SECONDS": str(rng.choice([30, 60, 300])),
            "UPSTREAM_URL": f"http://{app}-upstream.{ns}.svc.cluster.local:8080", "REGION": "eu-west-1",
            "ENVIRONMENT": "production", "JAVA_OPTS": "-XX:MaxRAMPercentage=75 -XX:+UseG1GC -Dfile.encoding=UTF-8",
            "MAX_CONNECTIONS": "512", "REQUEST_TIMEOUT": "30s",
            "KAFKA_BROKERS": "kafka-0.kafka:9092,kafka-1.kafka:9092,kafka-2.kafka:9092",
            "REDIS_URL": f"redis://redis.{ns}.svc.cluster.local:6379/0",
            "SENTRY_DSN": f"https://{'%032x' % rng.getrandbits(128)}@sentry.example.com/42", "TZ": "UTC",
        }[name]})
    return env


def container(rng, name: str, image: str, app: str, ns: str, env_n: int, port: int | None,
              helper: bool = False) -> dict:
    c = {
        "env": env_vars(rng, app, ns, env_n),
        "image": f"registry.example.com/{ns}/{image}",
        "imagePullPolicy": "IfNotPresent",
        "name": name,
        "resources": resources(rng),
        "securityContext": {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                            "runAsNonRoot": True},
        "terminationMessagePath": "/dev/termination-log",
        "terminationMessagePolicy": "File",
        "volumeMounts": [{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                          "name": "kube-api-access", "readOnly": True},
                         {"mountPath": "/etc/config", "name": "config", "readOnly": True},
                         {"mountPath": "/tmp", "name": "tmp"}],
    }
    if helper:
        del c["volumeMounts"][1:]
    if port:
        c["ports"] = [{"containerPort": port, "name": "http", "protocol": "TCP"},
                      {"containerPort": 9102, "name": "metrics", "protocol": "TCP"}]
        probe = {"failureThreshold": 3, "httpGet": {"path": "/healthz", "port": port, "scheme": "HTTP"},
                 "initialDelaySeconds": 10, "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 2}
        c["livenessProbe"] = probe
        if not helper:
            c["readinessProbe"] = dict(probe, httpGet={"path": "/ready", "port": port, "scheme": "HTTP"})
    return c


class Workload:
    """A Deployment, StatefulSet, DaemonSet or Job: the pod template shared by all its pods."""

    def __init__(self, g: Gen, kind: str, ns: str, name: str, replicas: int):
        rng = g.rng
        self.kind, self.ns, self.name, self.replicas = kind, ns, name, replicas
        self.uid = g.uid()
        self.hash = g.suffix(10) if kind == "Deployment" else f"{name}-{g.suffix(10)}"
        self.created = 86400 * rng.randint(10, 50)
        app = name
        n_containers = 1 if kind in ("Job", "DaemonSet") else rng.choice([1, 1, 1, 1, 2, 2, 3])
        self.containers = [container(rng, app, rng.choice(IMAGES), app, ns, rng.randint(0, 6),
                                     8080 if kind != "Job" else None)]
        for helper in ["metrics-exporter", "cache"][: n_containers - 1]:
            self.containers.append(container(rng, helper, rng.choice(IMAGES), app, ns, rng.randint(0, 1), None,
                                             helper=True))
        self.init_containers = []
        roll = rng.random()
        if n_containers > 1:
            roll = 1.0
        if roll < 0.2:
            self.init_containers.append(dict(container(rng, "wait-for-deps", "busybox:1.36", app, ns, 2, None),
                                             command=["sh", "-c", "until nc -z db 5432; do sleep 1; done"]))
        if 0.2 < roll < 0.4:
            sidecar = container(rng, "mesh-proxy", "envoyproxy/envoy:v1.31.3", app, ns, 1, 15001, helper=True)
            sidecar["restartPolicy"] = "Always"
            self.init_containers.append(sidecar)
        self.labels = {"app.kubernetes.io/name": app, "app.kubernetes.io/instance": f"{app}-prod",
                       "app.kubernetes.io/part-of": ns, "app.kubernetes.io/version": f"1.{rng.randint(0, 40)}.0",
                       "team": ns, "tier": rng.choice(["frontend", "backend", "worker"])}
        self.annotations = {
            "prometheus.io/scrape": "true", "prometheus.io/port": "9102",
            "kubectl.kubernetes.io/restartedAt": ts(self.created + 3600),
            "checksum/config": g.hexid(64),
            "kubectl.kubernetes.io/default-container": app,
        }
        volumes = [
            {"name": "kube-api-access", "projected": {"defaultMode": 420, "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"},
                                            "path": "namespace"}]}}]}},
            {"configMap": {"defaultMode": 420, "name": f"{app}-config"}, "name": "config"},
            {"emptyDir": {"sizeLimit": "1Gi"}, "name": "tmp"},
            {"name": "tls", "secret": {"defaultMode": 420, "secretName": f"{app}-tls"}},
        ]
        self.volumes = volumes
        self.spec = {
            "affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
                {"podAffinityTerm": {"labelSelector": {"matchLabels": {"app.kubernetes.io/name": app}},
                                     "topologyKey": "kubernetes.io/hostname"}, "weight": 100}]}},
            "containers": self.containers,
            "dnsPolicy": "ClusterFirst", "enableServiceLinks": False,
            "preemptionPolicy": "PreemptLowerPriority", "priority": 0,
            "restartPolicy": "Never" if kind == "Job" else "Always",
            "schedulerName": "default-scheduler",
            "securityContext": {"fsGroup": 10001, "seccompProfile": {"type": "RuntimeDefault"}},
            "serviceAccount": app, "serviceAccountName": app, "terminationGracePeriodSeconds": 30,
            "tolerations": [
                {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists",
                 "tolerationSeconds": 300},
                {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists",
                 "tolerationSeconds": 300}],
            "volumes": volumes,
        }
        if self.init_containers:
            self.spec["initContainers"] = self.init_containers
        if kind != "Deployment" or rng.random() < 0.5:
            del self.spec["affinity"]
        if kind == "DaemonSet":
            self.spec["priorityClassName"] = "system-node-critical"
            self.spec["priority"] = 2000001000
            self.spec["tolerations"] = [{"operator": "Exists"}]
        self.controller_fields = self._controller_fields()
        self.status_fields = self._status_fields()

    def _controller_fields(self) -> dict:
        def cfields(c):
            return {f"k:{{\"name\":\"{c['name']}\"}}": {
                ".": {}, "f:env": {".": {}, **{f"k:{{\"name\":\"{e['name']}\"}}": {} for e in c["env"]}},
                "f:image": {}, "f:imagePullPolicy": {}, "f:name": {},
                "f:resources": {".": {}, **{f"f:{k}": {f"f:{r}": {} for r in v}
                                            for k, v in c["resources"].items()}},
                "f:securityContext": {},
                "f:terminationMessagePath": {}, "f:terminationMessagePolicy": {},
                "f:volumeMounts": {".": {}, **{f"k:{{\"mountPath\":\"{m['mountPath']}\"}}": {}
                                               for m in c["volumeMounts"]}}}}

        spec = {"f:containers": {k: v for c in self.containers for k, v in cfields(c).items()},
                "f:dnsPolicy": {}, "f:enableServiceLinks": {}, "f:restartPolicy": {}, "f:schedulerName": {},
                "f:securityContext": {".": {}, "f:fsGroup": {}, "f:seccompProfile": {}},
                "f:serviceAccount": {}, "f:serviceAccountName": {}, "f:terminationGracePeriodSeconds": {},
                "f:volumes": {".": {}, **{f"k:{{\"name\":\"{v['name']}\"}}": {".": {}, "f:name": {}}
                                          for v in self.volumes}}}
        if "affinity" in self.spec:
            spec["f:affinity"] = {".": {}, "f:podAntiAffinity": {}}
        if self.init_containers:
            spec["f:initContainers"] = {k: v for c in self.init_containers for k, v in cfields(c).items()}
        return {"f:metadata": {"f:annotations": {".": {}, **{f"f:{k}": {} for k in self.annotations}},
                               "f:generateName": {},
                               "f:labels": {".": {}, **{f"f:{k}": {} for k in self.labels}},
                               "f:ownerReferences": {".": {}, f"k:{{\"uid\":\"{self.uid}\"}}": {}}},
                "f:spec": spec}

    def _status_fields(self) -> dict:
        return {"f:status": {
            "f:conditions": {f"k:{{\"type\":\"{t}\"}}": {".": {}, "f:lastProbeTime": {},
                                                          "f:lastTransitionTime": {}, "f:status": {}, "f:type": {}}
                             for t in ("ContainersReady", "Initialized", "PodReadyToStartContainers", "Ready")},
            "f:containerStatuses": {}, "f:hostIP": {}, "f:hostIPs": {}, "f:initContainerStatuses": {},
            "f:phase": {}, "f:podIP": {}, "f:podIPs": {".": {}, "k:{\"ip\":\"10.64.0.1\"}": {".": {}, "f:ip": {}}},
            "f:startTime": {}}}

    def requests(self) -> tuple[float, float]:
        """CPU cores and memory bytes the scheduler reserves for one pod (app containers plus sidecars, or the
        largest init container when that is larger)."""
        def req(c, key):
            return qty(c["resources"].get("requests", {}).get(key, "0"))

        long_running = self.containers + [c for c in self.init_containers if c.get("restartPolicy") == "Always"]
        cpu = sum(req(c, "cpu") for c in long_running)
        mem = sum(req(c, "memory") for c in long_running)
        for c in self.init_containers:
            cpu, mem = max(cpu, req(c, "cpu")), max(mem, req(c, "memory"))
        return cpu, mem

    def owner(self) -> tuple[str, str, str]:
        if self.kind == "Deployment":
            return "apps/v1", "ReplicaSet", f"{self.name}-{self.hash}"
        if self.kind == "Job":
            return "batch/v1", "Job", self.name
        return "apps/v1", self.kind, self.name


def make_pod(g: Gen, w: Workload, index: int, node: str | None, node_ip: str, phase: str) -> dict:
    rng = g.rng
    if w.kind == "StatefulSet":
        name = f"{w.name}-{index}"
    elif w.kind == "Deployment":
        name = f"{w.name}-{w.hash}-{g.suffix()}"
    else:
        name = f"{w.name}-{g.suffix()}"
    created = w.created + rng.randint(0, 86400 * 5)
    started = created + rng.randint(1, 20)
    owner_api, owner_kind, owner_name = w.owner()
    labels = dict(w.labels)
    if w.kind == "Deployment":
        labels["pod-template-hash"] = w.hash
    elif w.kind == "StatefulSet":
        labels["statefulset.kubernetes.io/pod-name"] = name
        labels["controller-revision-hash"] = w.hash
    elif w.kind == "DaemonSet":
        labels["controller-revision-hash"] = w.hash
        labels["pod-template-generation"] = "3"
    else:
        labels["batch.kubernetes.io/job-name"] = w.name
        labels["job-name"] = w.name
    spec = dict(w.spec)
    if node:
        spec["nodeName"] = node
    if w.kind == "StatefulSet":
        spec["volumes"] = w.volumes + [{"name": "data", "persistentVolumeClaim": {"claimName": f"data-{name}"}}]
        spec["hostname"] = name
        spec["subdomain"] = w.name

    pod_ip = f"10.{64 + rng.randint(0, 63)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
    t_created, t_started = ts(created), ts(started)
    running = phase == "Running"
    conditions = [
        {"lastProbeTime": None, "lastTransitionTime": ts(started + 2), "status": "True" if node else "False",
         "type": "PodReadyToStartContainers"},
        {"lastProbeTime": None, "lastTransitionTime": ts(started + 5), "status": "True" if node else "False",
         "type": "Initialized"},
        {"lastProbeTime": None, "lastTransitionTime": ts(started + 9), "status": "True" if running else "False",
         "type": "Ready"},
        {"lastProbeTime": None, "lastTransitionTime": ts(started + 9), "status": "True" if running else "False",
         "type": "ContainersReady"},
        {"lastProbeTime": None, "lastTransitionTime": t_created, "status": "True" if node else "False",
         "type": "PodScheduled"},
    ]
    if phase in ("Succeeded", "Failed"):
        conditions[2]["reason"] = conditions[3]["reason"] = "PodCompleted"
    status: dict = {"conditions": conditions, "phase": phase, "qosClass": "Burstable"}
    if not node:
        conditions[-1].update(reason="Unschedulable",
                              message="0/%d nodes are available: insufficient cpu. preemption: 0/%d nodes are "
                                      "available: No preemption victims found for incoming pod." % (1000, 1000))
        status["conditions"] = [conditions[-1]]
    else:
        status.update(hostIP=node_ip, hostIPs=[{"ip": node_ip}], podIP=pod_ip, podIPs=[{"ip": pod_ip}],
                      startTime=t_started)

        def cstatus(c, restartable=False, init=False):
            image = c["image"]
            s = {"containerID": f"containerd://{g.hexid(64)}", "image": image,
                 "imageID": f"{image.split(':')[0]}@sha256:{g.hexid(64)}", "lastState": {}, "name": c["name"],
                 "ready": running or (init and phase != "Pending"), "restartCount": 0,
                 "started": running or restartable}
            if init and not restartable:
                s["ready"] = phase != "Pending"
                s["started"] = False
                s["state"] = {"terminated": {"containerID": s["containerID"], "exitCode": 0,
                                             "finishedAt": ts(started + 4), "reason": "Completed",
                                             "startedAt": t_started}}
            elif phase == "Pending":
                s["ready"] = False
                s["started"] = False
                s["containerID"] = ""
                s["state"] = {"waiting": {"reason": "ContainerCreating"}}
            elif phase == "Succeeded":
                s["state"] = {"terminated": {"containerID": s["containerID"], "exitCode": 0,
                                             "finishedAt": ts(started + 600), "reason": "Completed",
                                             "startedAt": ts(started + 6)}}
            elif phase == "Failed":
                s["state"] = {"terminated": {"containerID": s["containerID"], "exitCode": 1,
                                             "finishedAt": ts(started + 60), "reason": "Error",
                                             "startedAt": ts(started + 6)}}
            else:
                s["state"] = {"running": {"startedAt": ts(started + 6)}}
                if rng.random() < 0.05:
                    s["restartCount"] = rng.randint(1, 7)
                    s["lastState"] = {"terminated": {"containerID": f"containerd://{g.hexid(64)}",
                                                     "exitCode": 137, "finishedAt": ts(started + 3000),
                                                     "reason": "OOMKilled", "startedAt": ts(started + 6)}}
            return s

        if w.init_containers:
            status["initContainerStatuses"] = [cstatus(c, c.get("restartPolicy") == "Always", init=True)
                                               for c in w.init_containers]
        status["containerStatuses"] = [cstatus(c) for c in w.containers]

    return {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {
            "annotations": w.annotations, "creationTimestamp": t_created,
            **({"generateName": name[: -5]} if w.kind != "StatefulSet" else {}),
            "labels": labels,
            "managedFields": [
                {"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": w.controller_fields,
                 "manager": "kube-controller-manager", "operation": "Update", "time": t_created},
                {"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": w.status_fields,
                 "manager": "kubelet", "operation": "Update", "subresource": "status", "time": ts(started + 9)},
            ],
            "name": name, "namespace": w.ns,
            "ownerReferences": [{"apiVersion": owner_api, "blockOwnerDeletion": True, "controller": True,
                                 "kind": owner_kind, "name": owner_name, "uid": w.uid}],
            "resourceVersion": g.next_rv(), "uid": g.uid(),
        },
        "spec": spec,
        "status": status,
    }


def workload_object(w: Workload) -> list[dict]:
    """The controller objects of a workload (Deployment + ReplicaSet, StatefulSet, DaemonSet, Job)."""
    meta = {"name": w.name, "namespace": w.ns, "uid": w.uid, "labels": w.labels, "creationTimestamp": ts(w.created),
            "resourceVersion": "900", "generation": 1}
    selector = {"matchLabels": {"app.kubernetes.io/name": w.name}}
    template = {"metadata": {"labels": w.labels, "annotations": w.annotations}, "spec": w.spec}
    if w.kind == "Deployment":
        rs_name = f"{w.name}-{w.hash}"
        dep_meta = dict(meta, uid=w.uid + "-d")
        return [
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": dep_meta,
             "spec": {"replicas": w.replicas, "selector": selector, "template": template},
             "status": {"replicas": w.replicas, "readyReplicas": w.replicas, "availableReplicas": w.replicas}},
            {"apiVersion": "apps/v1", "kind": "ReplicaSet",
             "metadata": dict(meta, name=rs_name, ownerReferences=[{
                 "apiVersion": "apps/v1", "kind": "Deployment", "name": w.name, "uid": dep_meta["uid"],
                 "controller": True, "blockOwnerDeletion": True}]),
             "spec": {"replicas": w.replicas, "selector": selector, "template": template},
             "status": {"replicas": w.replicas, "readyReplicas": w.replicas}},
        ]
    if w.kind == "Job":
        return [{"apiVersion": "batch/v1", "kind": "Job", "metadata": meta,
                 "spec": {"backoffLimit": 2, "completions": 1, "template": template},
                 "status": {}}]
    spec = {"selector": selector, "template": template}
    if w.kind == "StatefulSet":
        spec.update(replicas=w.replicas, serviceName=w.name, volumeClaimTemplates=[{
            "metadata": {"name": "data"},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "20Gi"}},
                     "storageClassName": "gp3"}}])
    return [{"apiVersion": "apps/v1", "kind": w.kind, "metadata": meta, "spec": spec,
             "status": {"replicas": w.replicas}}]


# ---------------------------------------------------------------------------------------------------- driver

def generate(out, n_nodes: int, pods_per_node: int, seed: int) -> dict:
    g = Gen(seed)
    rng = g.rng
    count = {"items": 0, "pods": 0, "bytes": 0}
    first = [True]

    def emit(obj):
        data = DUMPS(obj)
        out.write(data if first[0] else ",\n" + data)
        first[0] = False
        count["items"] += 1
        count["bytes"] += len(data)

    out.write('{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[\n')
    namespaces = ["kube-system", "monitoring", "logging"] + TEAMS[: max(3, min(len(TEAMS), n_nodes // 4 + 3))]
    for ns in ["default", "kube-node-lease", "kube-public"] + namespaces:
        emit({"apiVersion": "v1", "kind": "Namespace",
              "metadata": {"name": ns, "uid": g.uid(), "resourceVersion": "10", "creationTimestamp": ts(0),
                           "labels": {"kubernetes.io/metadata.name": ns}},
              "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}})
    for sc, default in (("gp3", True), ("io2", False)):
        emit({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
              "metadata": {"name": sc, "uid": g.uid(), "resourceVersion": "11", "creationTimestamp": ts(0),
                           "annotations": {"storageclass.kubernetes.io/is-default-class": str(default).lower()}},
              "provisioner": "ebs.csi.aws.com", "parameters": {"type": sc}, "reclaimPolicy": "Delete",
              "volumeBindingMode": "WaitForFirstConsumer", "allowVolumeExpansion": True})

    node_names, node_ips, free = [], [], []
    for i in range(n_nodes):
        node = make_node(g, i, n_nodes)
        node_names.append(node["metadata"]["name"])
        node_ips.append(node["status"]["addresses"][0]["address"])
        alloc = node["status"]["allocatable"]
        free.append([qty(alloc["cpu"]), qty(alloc["memory"]), int(alloc["pods"])])
        emit(node)

    def place(start: int, cpu: float, mem: float) -> int | None:
        # First fit from the pod's round-robin node, like a scheduler that refuses full nodes.
        for k in range(min(n_nodes, 64)):
            n = (start + k) % n_nodes
            f = free[n]
            if f[0] >= cpu and f[1] >= mem and f[2] > 0:
                f[0] -= cpu
                f[1] -= mem
                f[2] -= 1
                return n
        return None

    daemons = [Workload(g, "DaemonSet", "kube-system", "kube-proxy", n_nodes),
               Workload(g, "DaemonSet", "monitoring", "node-exporter", n_nodes),
               Workload(g, "DaemonSet", "logging", "fluent-bit", n_nodes)][: max(0, min(3, pods_per_node))]
    app_slots = n_nodes * (pods_per_node - len(daemons))
    workloads: list[Workload] = []
    slots: list[tuple[Workload, int]] = []
    teams = namespaces[3:]
    serial = 0
    while len(slots) < app_slots:
        serial += 1
        roll = rng.random()
        ns = rng.choice(teams)
        if roll < 0.1:
            w = Workload(g, "Job", ns, f"report-{serial:05d}-{rng.randint(28000000, 28999999)}", 1)
        elif roll < 0.2:
            w = Workload(g, "StatefulSet", ns, f"{ns}-store-{serial:05d}", rng.randint(1, 5))
        else:
            w = Workload(g, "Deployment", ns, f"{ns}-svc-{serial:05d}", rng.randint(1, 12))
        workloads.append(w)
        for r in range(w.replicas):
            slots.append((w, r))
    del slots[app_slots:]
    rng.shuffle(slots)

    for w in daemons + workloads:
        for obj in workload_object(w):
            emit(obj)

    pvcs = []
    for n_i, node in enumerate(node_names):
        for w in daemons:
            cpu, mem = w.requests()
            free[n_i][0] -= cpu
            free[n_i][1] -= mem
            free[n_i][2] -= 1
            emit(make_pod(g, w, n_i, node, node_ips[n_i], "Running"))
            count["pods"] += 1
    for s_i, (w, replica) in enumerate(slots):
        roll = rng.random()
        placed = place(s_i % n_nodes, *w.requests())
        n_i = s_i % n_nodes if placed is None else placed
        node = node_names[n_i] if placed is not None else None
        if node is None:
            phase = "Pending"
        elif w.kind == "Job":
            phase = "Succeeded" if roll < 0.7 else "Failed" if roll < 0.85 else "Running"
        elif roll < 0.003:
            phase = "Pending"
            node = None if roll < 0.0015 else node
        elif roll < 0.006 and w.kind == "Deployment":
            phase = "Failed"  # evicted
        else:
            phase = "Running"
        pod = make_pod(g, w, replica, node, node_ips[n_i], phase)
        if phase == "Failed" and w.kind == "Deployment":
            pod["status"].update(reason="Evicted", message="The node was low on resource: memory. Threshold "
                                                           "quantity: 100Mi, available: 91280Ki.")
        emit(pod)
        count["pods"] += 1
        if w.kind == "StatefulSet":
            pvcs.append((w, pod["metadata"]["name"]))

    for w, pod_name in pvcs:
        claim, volume = f"data-{pod_name}", f"pvc-{g.uid()}"
        emit({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
              "metadata": {"name": claim, "namespace": w.ns, "uid": volume[4:], "resourceVersion": g.next_rv(),
                           "creationTimestamp": ts(w.created), "labels": {"app.kubernetes.io/name": w.name},
                           "annotations": {"pv.kubernetes.io/bind-completed": "yes",
                                           "volume.kubernetes.io/storage-provisioner": "ebs.csi.aws.com"},
                           "finalizers": ["kubernetes.io/pvc-protection"]},
              "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "20Gi"}},
                       "storageClassName": "gp3", "volumeMode": "Filesystem", "volumeName": volume},
              "status": {"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "20Gi"}, "phase": "Bound"}})
        emit({"apiVersion": "v1", "kind": "PersistentVolume",
              "metadata": {"name": volume, "uid": g.uid(), "resourceVersion": g.next_rv(),
                           "creationTimestamp": ts(w.created),
                           "annotations": {"pv.kubernetes.io/provisioned-by": "ebs.csi.aws.com"},
                           "finalizers": ["kubernetes.io/pv-protection", "external-attacher/ebs-csi-aws-com"]},
              "spec": {"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "20Gi"},
                       "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": claim,
                                    "namespace": w.ns, "uid": volume[4:]},
                       "csi": {"driver": "ebs.csi.aws.com", "fsType": "ext4", "volumeHandle": f"vol-{g.hexid(17)}"},
                       "persistentVolumeReclaimPolicy": "Delete", "storageClassName": "gp3",
                       "volumeMode": "Filesystem"},
              "status": {"phase": "Bound"}})
    out.write("\n]}\n")
    return count


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, required=True)
    ap.add_argument("--pods-per-node", type=int, default=30)
    ap.add_argument("--out", required=True, help="output file ('-' for stdout)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    started = time.monotonic()
    if args.out == "-":
        count = generate(sys.stdout, args.nodes, args.pods_per_node, args.seed)
    else:
        with open(args.out, "w", buffering=1 << 20) as out:
            count = generate(out, args.nodes, args.pods_per_node, args.seed)
    elapsed = time.monotonic() - started
    mb = count["bytes"] / 1e6
    print(f"gencluster: {args.nodes} nodes, {count['pods']} pods, {count['items']} items, {mb:.1f} MB in "
          f"{elapsed:.1f}s ({mb / elapsed if elapsed else 0:.0f} MB/s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
