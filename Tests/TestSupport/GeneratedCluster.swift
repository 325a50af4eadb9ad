import Foundation

/// Clusters from the test API server's generator (`Tests/Servers/testapi/gencluster.py`): realistic nodes,
/// pods, workloads and StatefulSet claims with their volumes, deterministic for a seed.
public enum GeneratedCluster {
    /// Writes a generated Kubernetes `List` of `nodes` nodes × `podsPerNode` pods to `file`.
    ///
    /// - Throws: ``ServerProcessError`` when the generator fails or runs longer than `timeout` seconds.
    public static func write(nodes: Int, podsPerNode: Int = 30, seed: Int = 1, to file: URL,
                             timeout: TimeInterval = 120) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [ServerProcess.python,
                             ServerProcess.serversDirectory.appendingPathComponent("testapi/gencluster.py").path,
                             "--nodes", "\(nodes)", "--pods-per-node", "\(podsPerNode)", "--seed", "\(seed)",
                             "--out", file.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            process.waitUntilExit()
            throw ServerProcessError("gencluster.py did not finish within \(Int(timeout)) s")
        }
        guard process.terminationStatus == 0 else {
            throw ServerProcessError("gencluster.py exited with status \(process.terminationStatus)")
        }
    }
}
