#!/usr/bin/env python3
"""The in-cluster manifests (deploy/kubernetes), checked the way a cluster and a reviewer would. Run by `make test`.

  1. every manifest file, and every object `kubectl kustomize deploy/kubernetes` renders, validates against the
     Kubernetes OpenAPI schemas (kubernetes-validate, strict: unknown fields are errors) of the oldest bundled
     release from 1.30 on and of the newest one it bundles; all offline
  2. least privilege: the ClusterRole grants only list and watch, on exactly the kinds kubecapwatch lists from an
     API server (read from Sources/KubeClient), plus list on metrics.k8s.io and get on nodes/proxy; never Secrets,
     ConfigMaps, wildcards or writes; the Role only the Lease and the state ConfigMap config.ini names (create
     unrestricted, as RBAC requires); both bound to the watcher's service account alone
  3. the Deployment: two replicas, non-root, read-only root filesystem, no capabilities, no privilege escalation,
     RuntimeDefault seccomp, requests and limits, probes on /healthz and /readyz at the port config.ini's
     [http] listen opens on every address, POD_NAME from the pod's name, config.ini and the notifiers' Secret
     mounted where config.ini and the image expect them, writable folders only as emptyDirs; the Service and the
     PodDisruptionBudget select its pods
  4. config.ini: leader election on, state in a ConfigMap, both in the manifests' namespace; every *_file key
     (commented examples included) names a key of the mounted Secret; with the binary given, `check-config`
     accepts it (skipped, saying so, when that build does not know the in-cluster keys yet)
  5. the overlay README.md documents (a real secret and config.ini replacing the base's) renders, validates and
     rolls the Deployment onto the overlay's ConfigMap and Secret

Usage: scripts/test-deploy.py [KUBECAPWATCH-BINARY]
Settings (environment): KUBECTL (default: kubectl on PATH); REQUIRE_KUBECTL=1 fails instead of skipping the
rendered checks (2-5) when kubectl is missing; DEPLOY_DIR checks another copy of deploy/kubernetes.
"""
import base64
import configparser
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BASE = Path(os.environ.get("DEPLOY_DIR") or ROOT / "deploy" / "kubernetes").resolve()
MIN_SCHEMA = (1, 30)


def step(message):
    print(f"test-deploy: {message}", flush=True)


def fail(message):
    print(f"test-deploy: FAILED: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


# ------------------------------------------------------------------------------------------ 1. schemas

def schema_versions():
    """The oldest bundled schema release from 1.30 on, and the newest, as kubernetes-validate names them."""
    import kubernetes_validate
    folder = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"
    found = sorted({tuple(int(p) for p in m.groups())
                    for d in folder.iterdir() if (m := re.fullmatch(r"v(\d+)\.(\d+)\.0-local-strict", d.name))})
    usable = [v for v in found if v >= MIN_SCHEMA]
    check(usable, f"kubernetes-validate bundles no schema from {MIN_SCHEMA[0]}.{MIN_SCHEMA[1]} on: {found}")
    return sorted({usable[0], usable[-1]})


def validate(path, versions, objects=None):
    """Every object of the file (or the objects given, read from it) against each schema release, strictly."""
    import kubernetes_validate
    for o in objects if objects is not None else [o for o in yaml.safe_load_all(path.read_text()) if o]:
        for major, minor in versions:
            try:
                kubernetes_validate.validate(o, f"{major}.{minor}.0", strict=True)
            except kubernetes_validate.ValidationError as error:
                fail(f"{path.name}: {o.get('kind')} {o.get('metadata', {}).get('name')} against Kubernetes "
                     f"{major}.{minor}: {'.'.join(str(p) for p in error.path)}: {error.message}")
            except kubernetes_validate.SchemaNotFoundError:
                fail(f"{path.name}: Kubernetes {major}.{minor} has no {o.get('apiVersion')} {o.get('kind')}")


def manifest_files(folder):
    return sorted(p for p in folder.glob("*.yaml") if p.name != "kustomization.yaml")


# ------------------------------------------------------------------------------------------ rendering

def kubectl():
    path = os.environ.get("KUBECTL") or shutil.which("kubectl")
    return path if path and os.access(path, os.X_OK) else None


def render(folder):
    run = subprocess.run([kubectl(), "kustomize", str(folder)], capture_output=True, text=True, timeout=120)
    check(run.returncode == 0, f"kubectl kustomize {folder}:\n{run.stderr}")
    return [o for o in yaml.safe_load_all(run.stdout) if o]


class Rendered:
    """The rendered objects, looked up by kind (and name)."""

    def __init__(self, objects):
        self.objects = objects

    def all(self, kind):
        return [o for o in self.objects if o["kind"] == kind]

    def one(self, kind, name=None):
        found = [o for o in self.all(kind) if name is None or o["metadata"]["name"] == name]
        check(len(found) == 1, f"expected one {kind}{' ' + name if name else ''}, found {len(found)}")
        return found[0]


# ------------------------------------------------------------------------------------------ 2. RBAC

def kinds_read_from_api_server():
    """(group, resource) of every ResourcePath in Sources/KubeClient, less those never listed from a server."""
    source = (ROOT / "Sources/KubeClient/ResourcePath.swift").read_text()
    paths = set()
    for m in re.finditer(r"ResourcePath\(([^)]*)\)", source):
        args = dict(re.findall(r'(\w+):\s*"([^"]*)"', m.group(1)))
        if "resource" in args:
            paths.add((args.get("group", ""), args["resource"]))
    check(("", "pods") in paths and ("", "nodes") in paths, f"could not read the resource paths: {sorted(paths)}")
    # InventoryReader never lists ConfigMaps or Secrets from an API server (only their names, from snapshots),
    # and nothing lists namespaces.
    return paths - {("", "configmaps"), ("", "secrets"), ("", "namespaces")}


def granted(rules):
    """{(group, resource): set of verbs} of RBAC rules (no resourceNames)."""
    grants = {}
    for rule in rules:
        for group in rule.get("apiGroups", []):
            for resource in rule.get("resources", []):
                grants.setdefault((group, resource), set()).update(rule.get("verbs", []))
    return grants


def check_bound_to(binding, role_kind, role_name, namespace):
    ref = binding["roleRef"]
    check(ref["kind"] == role_kind and ref["name"] == role_name,
          f"{binding['kind']} refers to {ref['kind']} {ref['name']}, not {role_kind} {role_name}")
    subjects = [(s["kind"], s["name"], s.get("namespace")) for s in binding.get("subjects", [])]
    check(subjects == [("ServiceAccount", "kubecapwatch", namespace)],
          f"{binding['kind']} subjects are {subjects}, not the service account kubecapwatch/{namespace}")


def check_rbac(r, namespace, lease_name, state_name):
    cluster_role = r.one("ClusterRole")
    rules = cluster_role["rules"]
    for rule in rules:
        for field in ("apiGroups", "resources", "verbs", "resourceNames"):
            check("*" not in rule.get(field, []), f"ClusterRole rule with a wildcard {field}: {rule}")
        check("nonResourceURLs" not in rule, f"ClusterRole grants non-resource URLs: {rule}")
        check(not rule.get("resourceNames"), f"ClusterRole rule limited by name, unexpectedly: {rule}")
    grants = granted(rules)
    expected = {key: {"list", "watch"} for key in kinds_read_from_api_server()}
    expected[("metrics.k8s.io", "nodes")] = {"list"}
    expected[("metrics.k8s.io", "pods")] = {"list"}
    expected[("", "nodes/proxy")] = {"get"}
    for key, verbs in sorted(grants.items()):
        check(key in expected,
              f"ClusterRole grants {sorted(verbs)} on {key[1]} in group {key[0]!r}, which kubecapwatch never reads")
        check(verbs == expected[key], f"ClusterRole grants {sorted(verbs)} on {key[1]} in group {key[0]!r}; "
              f"expected only {sorted(expected[key])}")
    missing = sorted(set(expected) - set(grants))
    check(not missing, f"ClusterRole lacks what kubecapwatch reads: {missing}")
    check_bound_to(r.one("ClusterRoleBinding"), "ClusterRole", cluster_role["metadata"]["name"], namespace)
    step(f"  ClusterRole: list/watch on {len(grants) - 3} kinds, list on metrics.k8s.io nodes and pods, "
         "get on nodes/proxy; nothing else")

    role = r.one("Role")
    check(role["metadata"]["namespace"] == namespace, f"the Role is in {role['metadata'].get('namespace')}")
    named, unnamed = {}, {}
    for rule in role["rules"]:
        for field in ("apiGroups", "resources", "verbs", "resourceNames"):
            check("*" not in rule.get(field, []), f"Role rule with a wildcard {field}: {rule}")
        for group in rule["apiGroups"]:
            for resource in rule["resources"]:
                if rule.get("resourceNames"):
                    for name in rule["resourceNames"]:
                        named.setdefault((group, resource, name), set()).update(rule["verbs"])
                else:
                    unnamed.setdefault((group, resource), set()).update(rule["verbs"])
    lease, state = ("coordination.k8s.io", "leases", lease_name), ("", "configmaps", state_name)
    check(set(named) == {lease, state}, f"the Role names {sorted(named)}; expected the Lease {lease_name} and the "
          f"ConfigMap {state_name} of config.ini")
    check(named[lease] == {"get", "update"}, f"Role verbs on the Lease: {sorted(named[lease])}")
    check(named[state] <= {"get", "update", "list", "watch"} and {"get", "update"} <= named[state],
          f"Role verbs on the state ConfigMap: {sorted(named[state])}")
    # RBAC cannot limit create by name; create is the only verb granted without one.
    check(unnamed == {("coordination.k8s.io", "leases"): {"create"}, ("", "configmaps"): {"create"}},
          f"Role grants without resourceNames: {unnamed}")
    check_bound_to(r.one("RoleBinding"), "Role", role["metadata"]["name"], namespace)
    step(f"  Role in {namespace}: Lease {lease_name} get/update, ConfigMap {state_name} "
         f"{'/'.join(sorted(named[state]))}, create on both kinds")


# ------------------------------------------------------------------------------------------ 3. workload

def read_config(text):
    config = configparser.ConfigParser(inline_comment_prefixes=(" ;",), comment_prefixes=(";", "#"),
                                       interpolation=None, strict=True)
    config.read_string(text)
    return config


def file_keys(text):
    """Every *_file key of config.ini, commented-out examples included: (key, path)."""
    return re.findall(r"^;?\s*(\w+_file)\s*=\s*(\S+)\s*$", text, re.MULTILINE)


def port_of(container, port):
    if isinstance(port, int):
        return port
    ports = {p["name"]: p["containerPort"] for p in container.get("ports", []) if "name" in p}
    check(port in ports, f"port {port!r} is not a named port of the container")
    return ports[port]


def matches(selector, labels):
    return all(labels.get(k) == v for k, v in selector["matchLabels"].items()) and not selector.get("matchExpressions")


def check_workload(r, namespace, config, config_text):
    deployment = r.one("Deployment")
    spec = deployment["spec"]
    pod = spec["template"]["spec"]
    labels = spec["template"]["metadata"]["labels"]
    check(spec["replicas"] == 2, f"replicas: {spec['replicas']}")
    check(matches(spec["selector"], labels), "the Deployment's selector does not select its pods")
    check(pod["serviceAccountName"] == r.one("ServiceAccount")["metadata"]["name"], "serviceAccountName")
    pod_security = pod.get("securityContext", {})
    check(pod_security.get("runAsNonRoot") is True, "the pod is not runAsNonRoot")
    check(pod_security.get("runAsUser", 0) != 0, "the pod runs as uid 0")
    check(pod_security.get("seccompProfile", {}).get("type") == "RuntimeDefault", "the pod's seccomp profile")
    check(len(pod["containers"]) == 1, "one container expected")
    container = pod["containers"][0]
    security = container.get("securityContext", {})
    check(security.get("allowPrivilegeEscalation") is False, "allowPrivilegeEscalation is not false")
    check(security.get("readOnlyRootFilesystem") is True, "readOnlyRootFilesystem is not true")
    check(security.get("capabilities", {}).get("drop") == ["ALL"], "capabilities.drop is not [ALL]")
    check(not security.get("capabilities", {}).get("add"), "capabilities are added")
    check(not security.get("privileged"), "the container is privileged")
    check(security.get("runAsUser", 1) != 0, "the container runs as uid 0")
    for kind in ("requests", "limits"):
        for resource in ("cpu", "memory"):
            check(resource in container.get("resources", {}).get(kind, {}), f"no {resource} {kind}")

    # The HTTP service: config.ini's [http] listen, on every address, at the port the probes and the Service use.
    listen = config.get("http", "listen", fallback="")
    m = re.fullmatch(r"(0\.0\.0\.0|\[::\]):(\d+)", listen)
    check(m, f"[http] listen = {listen!r}: the probes need it on every address (0.0.0.0:PORT or [::]:PORT)")
    http_port = int(m.group(2))
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
        get = container.get(probe, {}).get("httpGet")
        check(get and get["path"] == path, f"{probe} is not an HTTP GET of {path}")
        check(port_of(container, get["port"]) == http_port, f"{probe} probes port {get['port']}, not {http_port}")
    env = {e["name"]: e for e in container.get("env", [])}
    check(env.get("POD_NAME", {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") == "metadata.name",
          "POD_NAME does not come from the pod's name (the leader's identity)")

    # config.ini and the Secret, where the container reads them.
    check(container.get("args", [])[:1] == ["run"], f"the container does not run `run`: {container.get('args')}")
    args = container["args"]
    config_path = args[args.index("--config") + 1] if "--config" in args else "/etc/kubecapwatch/config.ini"
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    mounts = {m["mountPath"]: m for m in container.get("volumeMounts", [])}
    config_mount = mounts.get(os.path.dirname(config_path))
    check(config_mount and config_mount.get("readOnly"), f"nothing read-only mounted at {os.path.dirname(config_path)}")
    config_map = r.one("ConfigMap", volumes[config_mount["name"]]["configMap"]["name"])
    check(config_map["data"].get(os.path.basename(config_path)) == config_text,
          f"the ConfigMap mounted at {config_mount['mountPath']} does not hold the checked config.ini")
    secret_mounts = {m["mountPath"]: r.one("Secret", volumes[m["name"]]["secret"]["secretName"])
                     for m in container["volumeMounts"] if "secret" in volumes[m["name"]]}
    keys = file_keys(config_text)
    check(any(k == "webhook_url_file" for k, _ in keys) and any(k == "password_file" for k, _ in keys),
          "config.ini shows no webhook_url_file and password_file")
    for key, path in keys:
        secret = secret_mounts.get(os.path.dirname(path))
        check(secret is not None, f"{key} = {path}: no Secret is mounted at {os.path.dirname(path)}")
        stored = set(secret.get("data", {})) | set(secret.get("stringData", {}))
        check(os.path.basename(path) in stored, f"{key} = {path}: the Secret has no key {os.path.basename(path)}")
    for mount in container["volumeMounts"]:
        volume = volumes[mount["name"]]
        check(mount.get("readOnly") or "emptyDir" in volume,
              f"{mount['mountPath']} is writable and not an emptyDir: the pod keeps nothing on disk")
    check("/tmp" in mounts, "no writable /tmp")

    service = r.one("Service")
    check(matches({"matchLabels": service["spec"]["selector"]}, labels), "the Service does not select the pods")
    for port in service["spec"]["ports"]:
        check(port_of(container, port["targetPort"]) == http_port, f"the Service sends port {port['port']} elsewhere")
    budget = r.one("PodDisruptionBudget")
    check(budget["spec"].get("minAvailable") == 1, "the PodDisruptionBudget's minAvailable is not 1")
    check(matches(budget["spec"]["selector"], labels), "the PodDisruptionBudget does not select the pods")
    for o in r.objects:
        if o["kind"] not in ("Namespace", "ClusterRole", "ClusterRoleBinding"):
            check(o["metadata"].get("namespace") == namespace,
                  f"{o['kind']} {o['metadata']['name']} is not in {namespace}")
    step(f"  Deployment: 2 replicas, uid {pod_security['runAsUser']}, read-only root, no capabilities, probes and "
         f"Service on port {http_port}, {len(keys)} secret files mounted")
    return deployment


def check_in_cluster_config(config, namespace):
    def value(section, key):
        check(config.has_option(section, key), f"config.ini has no [{section}] {key}")
        return config.get(section, key)
    check(value("cluster", "leader_election") == "on", "[cluster] leader_election is not on")
    check(value("cluster", "lease_namespace") == namespace, f"[cluster] lease_namespace is not {namespace}")
    check(value("state", "backend") == "configmap", "[state] backend is not configmap")
    check(value("state", "configmap_namespace") == namespace, f"[state] configmap_namespace is not {namespace}")
    return value("cluster", "lease_name"), value("state", "configmap_name")


def check_config_with_binary(binary, config_path):
    """`check-config` of config.ini, as run would start with it, when the binary knows its keys."""
    reference = subprocess.run([binary, "check-config", "--reference", "ini"], capture_output=True, text=True,
                               timeout=60)
    check(reference.returncode == 0, f"{binary} check-config --reference ini: {reference.stderr}")
    lacking = [what for what, pattern in (("[cluster]", r"^\[cluster\]$"), ("[http]", r"^\[http\]$"),
                                          ("[state] backend", r"^;backend = "))
               if not re.search(pattern, reference.stdout, re.MULTILINE)]
    if lacking:
        step(f"  SKIPPED check-config of {config_path.name}: this build does not know {', '.join(lacking)} yet "
             "(issue 14's HTTP service and issue 15's leader election and ConfigMap state)")
        return
    # The pod reads the cluster as its service account; here a kubeconfig stands in (nothing contacts it).
    kubeconfig = ROOT / "Tests/Fixtures/offline-kubeconfig.yaml"
    run = subprocess.run([binary, "check-config", "--config", str(config_path)], capture_output=True, text=True,
                         timeout=60, env={**os.environ, "KUBECONFIG": str(kubeconfig), "POD_NAME": "kubecapwatch-0"})
    check(run.returncode == 0, f"check-config {config_path} exited {run.returncode}:\n{run.stderr}")
    check("warning:" not in run.stderr, f"check-config {config_path} warns:\n{run.stderr}")
    step(f"  check-config accepts {config_path.name}")


# ------------------------------------------------------------------------------------------ 5. an overlay

OVERLAY = """\
resources:
  - {base}
configMapGenerator:
  - name: kubecapwatch-config
    behavior: replace
    files:
      - config.ini
secretGenerator:
  - name: kubecapwatch-notifiers
    behavior: replace
    files:
      - slack-webhook-url
"""


def check_overlay(tmp, versions, base_config_text, base_deployment):
    """README's recipe: an overlay with its own config.ini (Slack on) and its own webhook file."""
    folder = Path(tmp) / "overlay"
    folder.mkdir()
    (folder / "kustomization.yaml").write_text(OVERLAY.format(base=os.path.relpath(BASE, folder)))
    webhook = "https://hooks.slack.com/services/T000/B000/overlaytestsecret"
    (folder / "slack-webhook-url").write_text(webhook)
    text = base_config_text.replace("notifiers = console", "notifiers = console, slack")
    text = text.replace(";[slack]\n;webhook_url_file", "[slack]\nwebhook_url_file")
    check(text.count("[slack]\nwebhook_url_file") == 1 and "console, slack" in text, "could not enable [slack]")
    (folder / "config.ini").write_text(text)
    objects = render(folder)
    validate(Path("kubectl kustomize overlay"), versions, objects)
    r = Rendered(objects)
    pod = r.one("Deployment")["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    base_volumes = {v["name"]: v for v in base_deployment["spec"]["template"]["spec"]["volumes"]}
    config_map = r.one("ConfigMap", volumes["config"]["configMap"]["name"])
    check(config_map["data"]["config.ini"] == text, "the overlay's Deployment does not mount the overlay's config.ini")
    check(config_map["metadata"]["name"] != base_volumes["config"]["configMap"]["name"],
          "a changed config.ini kept the ConfigMap's name: the pods would not roll")
    secret = r.one("Secret", volumes["notifier-secrets"]["secret"]["secretName"])
    check(base64.b64decode(secret["data"]["slack-webhook-url"]).decode() == webhook,
          "the overlay's Secret does not hold the overlay's webhook")
    check(set(secret["data"]) == {"slack-webhook-url"}, f"the overlay's Secret holds {sorted(secret['data'])}")
    step("  the README's overlay: its config.ini and Secret replace the base's, under new names (the pods roll)")


# ------------------------------------------------------------------------------------------ main

def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else None
    versions = schema_versions()
    names = " and ".join(f"{a}.{b}" for a, b in versions)
    files = manifest_files(BASE)
    step(f"kubernetes-validate --strict ({names}): {len(files)} files in deploy/kubernetes")
    for path in files:
        validate(path, versions)
    if not kubectl():
        if os.environ.get("REQUIRE_KUBECTL") == "1":
            fail("kubectl is not installed (REQUIRE_KUBECTL=1)")
        print("test-deploy: SKIPPED the rendered checks (RBAC, Deployment, config.ini, overlay): kubectl is not "
              "installed, and kustomize comes with it", file=sys.stderr)
        step("OK (files only)")
        return
    with tempfile.TemporaryDirectory(prefix="kubecapwatch-test-deploy.") as tmp:
        objects = render(BASE)
        step(f"kubectl kustomize deploy/kubernetes: {len(objects)} objects "
             f"({', '.join(sorted(o['kind'] for o in objects))})")
        validate(Path("kubectl kustomize deploy/kubernetes"), versions, objects)
        r = Rendered(objects)
        namespace = r.one("Namespace")["metadata"]["name"]
        config_text = (BASE / "config.ini").read_text()
        config = read_config(config_text)
        lease_name, state_name = check_in_cluster_config(config, namespace)
        check_rbac(r, namespace, lease_name, state_name)
        deployment = check_workload(r, namespace, config, config_text)
        if binary:
            check_config_with_binary(binary, BASE / "config.ini")
            image = deployment["spec"]["template"]["spec"]["containers"][0]["image"]
            version = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
            check(image.endswith(f":{version}"),
                  f"the Deployment runs {image}, not the version {version} `make image` tags")
        check_overlay(tmp, versions, config_text, deployment)
    step("OK")


if __name__ == "__main__":
    main()
