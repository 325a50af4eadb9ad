import Foundation
import TestSupport

extension TestAPIServer {
    /// Waits until a scan has had its node list answered after request `seen` (so its pod list, slowed down
    /// by a delay fault, is on its way), plus 300 ms for the pod request to be sent; false after ~10 s.
    func waitForScanInFlight(since seen: Int) async throws -> Bool {
        for _ in 0..<400 {
            if try await requests(since: seen).contains(where: { $0.path == "/api/v1/nodes" }) {
                try await Task.sleep(for: .milliseconds(300))
                return true
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        return false
    }
}
