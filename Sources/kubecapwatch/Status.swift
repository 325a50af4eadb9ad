import ArgumentParser
import CurlTransport
import Foundation
import WatcherConfig

/// `kubecapwatch status`: what the running service says about itself, for an operator at a shell.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the running service's state, last scan and open alerts (from its HTTP service).",
        discussion: """
            Asks GET /service/status of the service at --url, by default the address of the configuration's \
            [http] listen. Exit codes: 0 running, 3 paused (/service/stop), 1 unreachable or not answering.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("The service's base URL (default: from [http] listen, such as http://127.0.0.1:9798).",
                               valueName: "url"))
    var url: String?

    @Option(name: .customLong("token-file"),
            help: ArgumentHelp("Send the bearer token in this file (for a proxy that wants it).", valueName: "path"))
    var tokenFile: String?

    func validate() throws {
        if let url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ValidationError("--url must start with http:// or https://")
        }
    }

    func run() async throws {
        let base = try baseURL()
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if let tokenFile {
            switch Secret(file: tokenFile, key: "--token-file").read() {
            case .success(let token): headers.add("Authorization", "Bearer \(token)")
            case .failure(let error): throw Failure.exit(error.description)
            }
        }
        let session = CurlSession(configuration: CurlSessionConfiguration(connectTimeout: .seconds(5), timeout: .seconds(15)))
        let endpoint = base + "/service/status"
        let response: HTTPResponse
        do {
            response = try await session.send(HTTPRequest(url: endpoint, headers: headers))
        } catch {
            throw Failure.exit("kubecapwatch is not reachable at \(base): \(error)")
        }
        guard response.isSuccess,
              let document = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let state = document["state"] as? String else {
            throw Failure.exit("\(endpoint) answered \(response.status): \(response.text.prefix(300))")
        }
        Terminal.standardOutput(StatusText.render(document, url: base))
        if state == "paused" { throw ExitCode(3) }
    }

    /// `--url`, else the address `run` listens on according to the configuration.
    private func baseURL() throws -> String {
        if let url { return url.hasSuffix("/") ? String(url.dropLast()) : url }
        let config = try options.load(requireFile: false)
        guard let listen = config.http.listen else {
            throw Failure.exit("\(config.file): [http] listen = off, so the service has no HTTP address; give --url")
        }
        guard listen.port != 0 else {
            throw Failure.exit("\(config.file): [http] listen = \(listen) takes any free port, which the service logs "
                               + "(\"HTTP service listening on …\"); give that address with --url")
        }
        return listen.localURL
    }
}
