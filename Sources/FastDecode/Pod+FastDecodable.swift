import CPodScan
import KubeModel

extension Pod: FastDecodable {
    static var kubeKind: String { "Pod" }

    static func scan(_ scanner: OpaquePointer, _ json: UnsafePointer<CChar>, _ length: Int, _ capacity: Int,
                     _ validateAll: Int32, _ page: UnsafeMutablePointer<cps_page>) {
        cps_scan_pod_page(scanner, json, length, capacity, validateAll, page)
    }

    static func records(of page: cps_page) -> UnsafeBufferPointer<cps_pod> {
        UnsafeBufferPointer(start: page.pods, count: page.pod_count)
    }

    static func assemble(_ record: cps_pod, page: cps_page, symbols: SymbolCache) -> Pod {
        PodRecordAssembler(page: page, symbols: symbols).pod(record)
    }

    /// Only what the fast path decodes: labels, ownerReferences, timestamps, volumes, serviceAccountName and
    /// the containers' env/envFrom are dropped.
    func keepingCapacityFields() -> Pod {
        Pod(metadata: ObjectMeta(name: metadata.name, namespace: metadata.namespace, uid: metadata.uid),
            spec: PodSpec(nodeName: spec.nodeName,
                          containers: spec.containers.map(Self.keepingCapacityFields),
                          initContainers: spec.initContainers.map(Self.keepingCapacityFields),
                          overhead: spec.overhead, resources: spec.resources),
            status: PodStatus(phase: status.phase, resize: status.resize, containerStatuses: status.containerStatuses))
    }

    private static func keepingCapacityFields(_ container: Container) -> Container {
        Container(name: container.name, resources: container.resources, restartPolicy: container.restartPolicy)
    }
}
