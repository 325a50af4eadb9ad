// swift-tools-version:6.2
import PackageDescription

/// kubecapwatch: a pure core (KubeModel, Capacity, Alerting, VolumeGraph) with I/O at the edges
/// (KubeClient, Notifiers, WatcherConfig, Watcher) and a thin executable.
let package = Package(
    name: "kubecapwatch",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kubecapwatch", targets: ["kubecapwatch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        // The HTTP service of `run` (issue 14): Hummingbird 2 without its optional swift-configuration support.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0", traits: []),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        // For the HTTP service's connection bounds (a channel handler beside Hummingbird's).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
    ],
    targets: [
        // C libraries from Debian, reached through pkg-config.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1",
                       providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CINIH", pkgConfig: "inih",
                       providers: [.apt(["libinih-dev"])]),
        // glibc's malloc tuning (mallopt), which the Glibc module does not export.
        .systemLibrary(name: "CMalloc"),
        // posix_spawn's closefrom action and pipe2, which the Glibc module does not export.
        .systemLibrary(name: "CSpawn"),

        // Pure core.
        .target(name: "KubeModel"),
        .target(name: "Capacity", dependencies: ["KubeModel"]),
        .target(name: "Alerting", dependencies: ["Capacity", "KubeModel"]),
        .target(name: "VolumeGraph", dependencies: ["KubeModel"]),

        // The capacity scan's simdjson pod-page decoder behind the decoding seam (DESIGN §7).
        // SIMDJSON_THREADS_ENABLED must match how Debian built libsimdjson (its pkg-config Cflags carry it, but
        // this target is not a pkg-config system library): the scanner embeds simdjson's parsers by value and the
        // macro adds a member (`threaded`) to them, so a header compiled without it would disagree with the
        // library's compiled code about the parsers' layout.
        .target(name: "CPodScan", cxxSettings: [.define("SIMDJSON_THREADS_ENABLED", to: "1")],
                linkerSettings: [.linkedLibrary("simdjson")]),
        .target(name: "FastDecode", dependencies: ["CPodScan", "KubeModel"]),
        .executableTarget(name: "fastdecode-bench", dependencies: ["FastDecode", "CPodScan", "KubeModel"]),

        // I/O edges.
        // The only module that talks to libcurl (HTTP for the API server and Slack, SMTP for email).
        .target(name: "CurlTransport", dependencies: ["CCurl"]),
        // Helper programs (exec credential plugins, Graphviz) run with bounds: time, output, signals, process group.
        .target(name: "ProcessRunner", dependencies: ["CSpawn"]),
        .target(name: "KubeClient", dependencies: [
            "KubeModel", "CurlTransport", "CYAML", "ProcessRunner",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        // Where state is kept (alert state, outbox: protocols and their file backend), the state lock, atomic files.
        .target(name: "Persistence", dependencies: ["Alerting"]),
        .target(name: "Notifiers", dependencies: [
            "Alerting", "CurlTransport", "Persistence",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        // Graphviz's `dot` draws VolumeGraph's DOT as SVG or PNG; CurlTransport's CancellationFlag runs it off the
        // cooperative pool and stops it when the task is cancelled.
        .target(name: "Graphviz", dependencies: ["ProcessRunner", "CurlTransport"]),
        // The config layer parses straight into the core's types (scope, report type, thresholds, label selectors).
        .target(name: "WatcherConfig", dependencies: ["CINIH", "Capacity", "KubeModel"]),
        .target(name: "Watcher", dependencies: [
            "KubeModel", "KubeClient", "FastDecode", "Capacity", "Alerting", "Notifiers", "Persistence", "VolumeGraph",
            "WatcherConfig",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),
        // `run`'s HTTP service: health, Prometheus metrics, the live report, alerts, the graph, pause/resume.
        .target(name: "HTTPService", dependencies: [
            "Watcher", "WatcherConfig", "Capacity", "Alerting", "KubeModel", "VolumeGraph", "Graphviz",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),

        // Thin executable.
        // Every module it imports is listed: SwiftPM's incremental release build recompiles a target only when a
        // declared dependency changes, and a layout change seen through an undeclared one left a crashing binary.
        .executableTarget(name: "kubecapwatch", dependencies: [
            "Watcher", "WatcherConfig", "CMalloc", "Capacity", "Alerting", "KubeModel", "KubeClient", "Notifiers",
            "Persistence", "VolumeGraph", "Graphviz", "HTTPService", "CurlTransport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),

        // Launchers for the real test servers (HTTPS API server, Slack receiver, SMTP) under Tests/Servers.
        .target(name: "TestSupport", dependencies: ["KubeModel"], path: "Tests/TestSupport"),

        .testTarget(name: "KubeModelTests", dependencies: ["KubeModel"]),
        .testTarget(name: "CapacityTests", dependencies: ["Capacity", "KubeModel"]),
        .testTarget(name: "AlertingTests", dependencies: ["Alerting", "Capacity", "KubeModel", "Persistence"]),
        .testTarget(name: "VolumeGraphTests", dependencies: ["VolumeGraph", "KubeModel", "Graphviz"]),
        .testTarget(name: "GraphvizTests", dependencies: ["Graphviz", "VolumeGraph", "KubeModel"]),
        .testTarget(name: "ProcessRunnerTests", dependencies: ["ProcessRunner", "TestSupport"]),
        .testTarget(name: "CurlTransportTests", dependencies: ["CurlTransport", "TestSupport"]),
        .testTarget(name: "KubeClientTests", dependencies: ["KubeClient", "KubeModel", "CurlTransport", "TestSupport"]),
        .testTarget(name: "NotifiersTests", dependencies: ["Notifiers", "Alerting", "CurlTransport", "Persistence", "TestSupport"]),
        .testTarget(name: "PersistenceTests", dependencies: ["Persistence", "Alerting"]),
        .testTarget(name: "WatcherConfigTests", dependencies: ["WatcherConfig", "Capacity", "KubeModel"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Watcher", "TestSupport"]),
        .testTarget(name: "FastDecodeTests", dependencies: ["FastDecode", "KubeModel", "TestSupport"]),
        .testTarget(name: "HTTPServiceTests", dependencies: [
            "HTTPService", "Watcher", "WatcherConfig", "Capacity", "Alerting", "KubeModel",
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        ]),
    ],
    cxxLanguageStandard: .cxx17
)
