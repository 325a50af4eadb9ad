import KubeModel

/// A PVC a pod mounts; for a generic ephemeral volume, the claim Kubernetes creates for it.
struct ClaimReference: Equatable {
    var claim: GraphNodeID
    /// The volume's name inside the pod.
    var volume: String
    /// The template's storage request when the claim comes from an ephemeral volume.
    var ephemeralRequest: String?
    var isEphemeral: Bool
}

/// A ConfigMap or Secret a pod reads, merged over every place it is named.
struct ConfigReference: Equatable {
    var target: GraphNodeID
    /// True only when every place that names it marks it `optional`: then its absence is fine.
    var isOptional: Bool
}

/// Reads, from a pod's spec, the names of the objects it depends on (never any contents).
enum PodReferenceCollector {
    static func claims(of pod: Pod, in namespace: String?) -> [ClaimReference] {
        pod.spec.volumes.compactMap { volume in
            guard let name = volume.claimName(podName: pod.metadata.name), !name.isEmpty else { return nil }
            let template = volume.persistentVolumeClaim == nil ? volume.ephemeral?.volumeClaimTemplate : nil
            return ClaimReference(
                claim: GraphNodeID(kind: .persistentVolumeClaim, namespace: namespace, name: name),
                volume: volume.name, ephemeralRequest: template?.spec.requestedStorage, isEphemeral: template != nil)
        }
    }

    /// ConfigMaps and Secrets from volumes, projected sources, `env[].valueFrom` and `envFrom`
    /// of init and app containers, in a stable order.
    static func configObjects(of pod: Pod, in namespace: String?) -> [ConfigReference] {
        var optional: [GraphNodeID: Bool] = [:]
        func note(_ kind: ObjectKind, _ name: String?, _ isOptional: Bool?) {
            guard let name, !name.isEmpty else { return }
            let id = GraphNodeID(kind: kind, namespace: namespace, name: name)
            optional[id] = (optional[id] ?? true) && (isOptional ?? false)
        }
        for volume in pod.spec.volumes {
            note(.configMap, volume.configMap?.name, volume.configMap?.optional)
            note(.secret, volume.secret?.secretName, volume.secret?.optional)
            for source in volume.projected?.sources ?? [] {
                note(.configMap, source.configMap?.name, source.configMap?.optional)
                note(.secret, source.secret?.name, source.secret?.optional)
            }
        }
        for container in pod.spec.initContainers + pod.spec.containers {
            for variable in container.env {
                let ref = variable.valueFrom
                note(.configMap, ref?.configMapKeyRef?.name, ref?.configMapKeyRef?.optional)
                note(.secret, ref?.secretKeyRef?.name, ref?.secretKeyRef?.optional)
            }
            for source in container.envFrom {
                note(.configMap, source.configMapRef?.name, source.configMapRef?.optional)
                note(.secret, source.secretRef?.name, source.secretRef?.optional)
            }
        }
        return optional.keys.sorted().map { ConfigReference(target: $0, isOptional: optional[$0]!) }
    }
}
