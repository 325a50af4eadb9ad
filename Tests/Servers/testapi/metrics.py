"""metrics.k8s.io/v1beta1 as metrics-server serves it: NodeMetrics and PodMetrics lists and single objects.

`GET /apis/metrics.k8s.io/v1beta1/nodes[/NAME]`, `/pods`, `/namespaces/NS/pods[/NAME]`, with `labelSelector`
(on the node's or pod's labels) and `fieldSelector` (`metadata.name`, `metadata.namespace`). Usage is in
metrics-server's notation: CPU in canonical decimal form of nanocores (`250m`, `123456789n`), memory (the working
set) in binary form (`2093540Ki`). Lists have no resourceVersion and there is no watch, as in metrics-server.
"""

from __future__ import annotations

import datetime
import json

import apierrors
import kubeselectors
import quantity
from apierrors import APIError
from usage import NodeUsage, PodUsage, UsageModel

GROUP_VERSION = "metrics.k8s.io/v1beta1"
WINDOW = "15s"  # metrics-server's default metric resolution


def serve(model: UsageModel, target, params: dict, now: datetime.datetime) -> bytes:
    """The body for a metrics request; raises APIError (404 for an object without metrics, 405 for a watch)."""
    if params.get("watch") in ("1", "true"):
        raise APIError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
                       {})
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    nodes = target.resource.plural == "nodes"
    if target.name is not None:
        key = target.name if nodes else (target.namespace, target.name)
        item = _node_item(model, key, stamp) if nodes else _pod_item(model, key, stamp)
        if item is None:
            raise APIError(404, "NotFound", f'{"nodemetrics" if nodes else "podmetrics"}.metrics.k8s.io '
                                            f'"{target.name}" not found',
                           apierrors.resource_details("metrics.k8s.io", target.resource.plural, target.name))
        item = {"kind": target.resource.kind, "apiVersion": GROUP_VERSION, **item}
        return json.dumps(item, separators=(",", ":")).encode()
    try:
        field_terms = kubeselectors.parse_field_selector(params.get("fieldSelector", ""))
        label_reqs = kubeselectors.parse_label_selector(params.get("labelSelector", ""))
    except kubeselectors.SelectorError as e:
        raise apierrors.bad_request(str(e)) from None
    if nodes:
        candidates = [(n.name, "", n.labels, _node_item(model, n.name, stamp)) for n in model.nodes.values()]
    else:
        candidates = [(p.name, p.namespace, p.labels, _pod_item(model, key, stamp))
                      for key, p in model.pods.items() if not target.namespace or p.namespace == target.namespace]
    items = []
    for name, namespace, labels, item in sorted(candidates, key=lambda c: (c[1], c[0])):
        fields = {"metadata.name": name, "metadata.namespace": namespace}
        if item is None:
            continue
        if field_terms and not kubeselectors.field_matches(field_terms, lambda f: fields.get(f, "")):
            continue
        if label_reqs and not kubeselectors.labels_match(label_reqs, labels):
            continue
        items.append(item)
    kind = target.resource.kind + "List"
    return json.dumps({"kind": kind, "apiVersion": GROUP_VERSION, "metadata": {}, "items": items},
                      separators=(",", ":")).encode()


def _usage(cpu: int, memory: int) -> dict:
    return {"cpu": quantity.format_nanocores(cpu), "memory": quantity.format_bytes(memory)}


def _node_item(model: UsageModel, name: str, stamp: str) -> dict | None:
    node: NodeUsage | None = model.nodes.get(name)
    if node is None or not node.reachable or name in model.missing_nodes:
        return None
    meta = {"name": name, "creationTimestamp": stamp}
    if node.labels:
        meta["labels"] = node.labels
    return {"metadata": meta, "timestamp": stamp, "window": WINDOW, "usage": _usage(node.cpu, node.memory)}


def _pod_item(model: UsageModel, key: tuple[str, str], stamp: str) -> dict | None:
    pod: PodUsage | None = model.pods.get(key)
    if pod is None or key in model.missing_pods:
        return None
    node = model.nodes.get(pod.node)
    if pod.measured and (node is None or not node.reachable):
        return None  # metrics-server gets a pod's figures from its node's kubelet
    meta = {"name": pod.name, "namespace": pod.namespace, "creationTimestamp": stamp}
    if pod.labels:
        meta["labels"] = pod.labels
    return {"metadata": meta, "timestamp": stamp, "window": WINDOW,
            "containers": [{"name": c.name, "usage": _usage(c.cpu, c.memory)} for c in pod.containers]}
