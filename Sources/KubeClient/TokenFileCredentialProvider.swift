import Foundation
import Synchronization

/// A bearer token read from a file that may be rotated underneath us (kubeconfig `tokenFile`, the
/// in-cluster service-account token, which the kubelet replaces about hourly).
///
/// Like client-go, the token is cached and read again after ``refreshInterval``; it is also read
/// again as soon as the file's modification time or size changes, and after a 401.
public final class TokenFileCredentialProvider: CredentialProvider {
    public let path: String
    public let refreshInterval: Duration
    /// Who uses the token, for messages (`user entry "x" of context "y"`).
    public let owner: String
    private let base: RequestCredentials
    private let now: @Sendable () -> ContinuousClock.Instant
    private let cache = Mutex<Cached?>(nil)

    private struct Cached {
        var token: String
        var readAt: ContinuousClock.Instant
        var modified: Date?
        var size: Int?
    }

    /// - Parameter base: credentials to add the token to (client certificate, impersonation).
    public init(path: String, owner: String, base: RequestCredentials = .anonymous,
                refreshInterval: Duration = .seconds(60),
                now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.path = path
        self.owner = owner
        self.base = base
        self.refreshInterval = refreshInterval
        self.now = now
    }

    public func credentials() async throws -> RequestCredentials {
        var result = base
        result.authorization = "Bearer \(try token())"
        return result
    }

    public func invalidate() async -> Bool {
        cache.withLock { $0 = nil }
        return true
    }

    /// The current token, read from disk when the cache is stale.
    func token() throws(CredentialError) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let modified = attributes?[.modificationDate] as? Date
        let size = (attributes?[.size] as? NSNumber)?.intValue
        let instant = now()
        if let cached = cache.withLock({ $0 }), instant - cached.readAt < refreshInterval,
           cached.modified == modified, cached.size == size {
            return cached.token
        }
        do {
            let token = try read()
            cache.withLock { $0 = Cached(token: token, readAt: instant, modified: modified, size: size) }
            return token
        } catch {
            // A rotation in progress can leave the file briefly missing; a token read moments ago
            // is still the best answer, as long as one exists.
            if let cached = cache.withLock({ $0 }) { return cached.token }
            throw error
        }
    }

    private func read() throws(CredentialError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
            throw CredentialError("cannot read token file \(path) for \(owner): \(reason)")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw CredentialError("token file \(path) for \(owner) is empty") }
        return token
    }
}
