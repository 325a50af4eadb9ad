import CurlTransport
import Testing

@Suite("RedactedURL")
struct RedactedURLTests {
    @Test(arguments: [
        ("https://user:pw@example.com:6443/api/v1/pods?limit=500&continue=abc", "https://example.com:6443/api/v1/pods"),
        ("https://hooks.slack.com/services/T0/B0/xyz?x=1#frag", "https://hooks.slack.com/services/T0/B0/xyz"),
        ("http://127.0.0.1/", "http://127.0.0.1/"),
        ("https://[::1]:6443/api", "https://[::1]:6443/api"),
        ("not a url", "<unparseable URL>"),
    ])
    func keepsSchemeHostPortPath(input: String, expected: String) {
        #expect(RedactedURL.string(input) == expected)
    }

    @Test func headersDescriptionHidesValues() {
        let headers: HTTPHeaders = ["Authorization": "Bearer sekret", "Accept": "application/json"]
        #expect(headers.description == "[Authorization, Accept]")
        #expect(headers["authorization"] == "Bearer sekret")
    }
}
