extension Pod {
    /// Names of the ConfigMaps this pod reads, from volumes, projected sources, `env` and `envFrom`
    /// of all containers (init containers included), sorted and without duplicates.
    public var referencedConfigMapNames: [String] {
        var names = Set<String>()
        for volume in spec.volumes {
            if let name = volume.configMap?.name { names.insert(name) }
            for source in volume.projected?.sources ?? [] { if let name = source.configMap?.name { names.insert(name) } }
        }
        for container in spec.initContainers + spec.containers {
            for variable in container.env { if let name = variable.valueFrom?.configMapKeyRef?.name { names.insert(name) } }
            for source in container.envFrom { if let name = source.configMapRef?.name { names.insert(name) } }
        }
        names.remove("")
        return names.sorted()
    }

    /// Names of the Secrets this pod reads, from volumes, projected sources, `env` and `envFrom`
    /// of all containers (init containers included), sorted and without duplicates.
    public var referencedSecretNames: [String] {
        var names = Set<String>()
        for volume in spec.volumes {
            if let name = volume.secret?.secretName { names.insert(name) }
            for source in volume.projected?.sources ?? [] { if let name = source.secret?.name { names.insert(name) } }
        }
        for container in spec.initContainers + spec.containers {
            for variable in container.env { if let name = variable.valueFrom?.secretKeyRef?.name { names.insert(name) } }
            for source in container.envFrom { if let name = source.secretRef?.name { names.insert(name) } }
        }
        names.remove("")
        return names.sorted()
    }

    /// Names of the PVCs this pod mounts, including the claims of generic ephemeral volumes.
    public var claimNames: [String] {
        spec.volumes.compactMap { $0.claimName(podName: metadata.name) }
    }
}
