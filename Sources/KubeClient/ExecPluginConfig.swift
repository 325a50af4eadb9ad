/// A `users[].user.exec` credential plugin, as kubectl runs it.
public struct ExecPluginConfig: Sendable, Equatable {
    /// How the plugin may use the terminal (client.authentication.k8s.io v1 requires it).
    public enum InteractiveMode: String, Sendable, Equatable {
        case never = "Never"
        case ifAvailable = "IfAvailable"
        case always = "Always"
    }

    /// `client.authentication.k8s.io/v1` or `.../v1beta1`; the ExecCredential must use the same.
    public var apiVersion: String
    /// The program; a path with a `/` is resolved against the kubeconfig's folder, a bare name
    /// is looked up in `PATH`.
    public var command: String
    public var args: [String]
    /// Extra environment variables for the plugin, on top of ours.
    public var env: [(name: String, value: String)]
    /// Printed when the plugin cannot be run, e.g. how to install it.
    public var installHint: String?
    /// Pass the cluster's server and CA in `KUBERNETES_EXEC_INFO`.
    public var provideClusterInfo: Bool
    public var interactiveMode: InteractiveMode

    public init(apiVersion: String, command: String, args: [String] = [], env: [(name: String, value: String)] = [],
                installHint: String? = nil, provideClusterInfo: Bool = false, interactiveMode: InteractiveMode = .ifAvailable) {
        self.apiVersion = apiVersion
        self.command = command
        self.args = args
        self.env = env
        self.installHint = installHint
        self.provideClusterInfo = provideClusterInfo
        self.interactiveMode = interactiveMode
    }

    public static func == (lhs: ExecPluginConfig, rhs: ExecPluginConfig) -> Bool {
        lhs.apiVersion == rhs.apiVersion && lhs.command == rhs.command && lhs.args == rhs.args
            && lhs.env.elementsEqual(rhs.env) { $0.name == $1.name && $0.value == $1.value }
            && lhs.installHint == rhs.installHint && lhs.provideClusterInfo == rhs.provideClusterInfo
            && lhs.interactiveMode == rhs.interactiveMode
    }

    /// The API versions of ExecCredential this product speaks.
    public static let supportedAPIVersions: Set<String> = [
        "client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1",
    ]
}
