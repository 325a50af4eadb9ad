import Watcher

/// The check of the control endpoints: 403 when no token is configured (with how to set one), 401 when the
/// request's `Authorization: Bearer …` is missing or wrong. The presented token is never logged or echoed.
enum BearerAuthorization {
    static func check(_ header: String?, against token: ControlToken?) throws(APIError) {
        guard let token else {
            throw APIError(status: .forbidden, message: "the control endpoints are disabled: write a token to a file, set "
                           + "[http] token_file to its path, reload (SIGHUP) and send it as \"Authorization: Bearer TOKEN\"")
        }
        let parts = header?.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true) ?? []
        guard parts.count == 2, parts[0].lowercased() == "bearer",
              token.matches(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw APIError(status: .unauthorized,
                           message: "a valid bearer token is required: \"Authorization: Bearer TOKEN\" with the token of [http] token_file",
                           headers: [.wwwAuthenticate: "Bearer realm=\"kubecapwatch\""])
        }
    }
}
