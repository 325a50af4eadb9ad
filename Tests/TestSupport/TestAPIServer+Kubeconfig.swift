extension TestAPIServer {
    /// A kubeconfig for this server (its CA by path) whose current context `t` uses user `u`.
    ///
    /// - Parameters:
    ///   - user: the YAML lines under `user:`, indented by six spaces (`      exec: {...}`).
    ///   - extra: YAML lines inserted after the cluster entry (more clusters, or more fields of it).
    public func kubeconfigText(user: String, cluster extra: String = "") -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: t
        clusters:
        - name: testapi
          cluster:
            server: "\(url.absoluteString)"
            certificate-authority: "\(caPath)"
        \(extra)
        contexts:
        - name: t
          context: {cluster: testapi, user: u}
        users:
        - name: u
          user:
        \(user)
        """
    }
}
