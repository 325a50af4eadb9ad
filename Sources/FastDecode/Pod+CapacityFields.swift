import KubeModel

extension Pod {
    /// The pod with only the fields the fast path decodes, every other field at its default: labels,
    /// ownerReferences, timestamps, volumes, serviceAccountName and containers' env/envFrom are dropped.
    /// Applied to the pods the reference decoder produces so that every pod of a fast page looks the same,
    /// whichever path decoded it.
    func keepingCapacityFields() -> Pod {
        Pod(metadata: ObjectMeta(name: metadata.name, namespace: metadata.namespace, uid: metadata.uid),
            spec: PodSpec(nodeName: spec.nodeName, containers: spec.containers.map { $0.keepingCapacityFields() },
                          initContainers: spec.initContainers.map { $0.keepingCapacityFields() },
                          overhead: spec.overhead, resources: spec.resources),
            status: PodStatus(phase: status.phase))
    }
}

extension Container {
    func keepingCapacityFields() -> Container {
        Container(name: name, resources: resources, restartPolicy: restartPolicy)
    }
}
