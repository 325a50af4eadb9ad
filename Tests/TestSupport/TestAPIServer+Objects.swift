import Foundation

extension TestAPIServer {
    /// One served object as the server stores it (JSON), nil when there is none: what writes through the API
    /// left behind, read without authentication or request logging.
    public func getObject(_ reference: ObjectReference) async throws -> Data? {
        var query = URLComponents()
        query.queryItems = [URLQueryItem(name: "apiVersion", value: reference.apiVersion),
                            URLQueryItem(name: "kind", value: reference.kind),
                            URLQueryItem(name: "namespace", value: reference.namespace),
                            URLQueryItem(name: "name", value: reference.name)]
        let (status, data) = try await admin.exchange("GET", "/_test/objects?" + (query.percentEncodedQuery ?? ""))
        switch status {
        case 200: return data
        case 404: return nil
        default:
            throw ServerProcessError("test server control API GET /_test/objects answered \(status): "
                                     + String(decoding: data, as: UTF8.self))
        }
    }
}
