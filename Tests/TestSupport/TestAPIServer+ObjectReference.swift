extension TestAPIServer {
    /// Names one served object, for ``TestAPIServer/changeObjects(upsert:delete:)``.
    public struct ObjectReference: Sendable, Encodable, Equatable {
        public var apiVersion: String
        public var kind: String
        /// Empty for cluster-scoped kinds.
        public var namespace: String
        public var name: String

        public init(apiVersion: String = "v1", kind: String, namespace: String = "", name: String) {
            self.apiVersion = apiVersion
            self.kind = kind
            self.namespace = namespace
            self.name = name
        }
    }
}
