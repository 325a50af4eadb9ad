import ArgumentParser

/// Where the cluster is read from: a kubeconfig (or in-cluster credentials) or snapshot files.
struct SourceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("kubeconfig file (default: KUBECONFIG, ~/.kube/config, then in-cluster).", valueName: "path"))
    var kubeconfig: String?

    @Option(help: ArgumentHelp("kubeconfig context (default: current-context).", valueName: "name"))
    var context: String?

    @Option(help: ArgumentHelp("Read the cluster from a `kubectl get … -o json` List instead of an API server; repeatable.",
                               valueName: "file"))
    var snapshot: [String] = []
}
