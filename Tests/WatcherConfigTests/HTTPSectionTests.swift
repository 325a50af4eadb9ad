import Foundation
import Testing
@testable import WatcherConfig

/// `[http]`: where `run` listens, the control token's file, per-pod metrics.
@Suite struct HTTPSectionTests {
    @Test(arguments: [
        ("127.0.0.1:9798", "127.0.0.1", 9798, "http://127.0.0.1:9798"),
        ("localhost:80", "127.0.0.1", 80, "http://127.0.0.1:80"),
        ("[::1]:9798", "::1", 9798, "http://[::1]:9798"),
        ("0.0.0.0:1", "0.0.0.0", 1, "http://127.0.0.1:1"),
        ("[::]:65535", "::", 65535, "http://[::1]:65535"),
        ("[fe80::1%eth0]:9", nil, 0, ""),
        ("10.1.2.3:0", "10.1.2.3", 0, "http://10.1.2.3:0"),
    ] as [(String, String?, Int, String)])
    func addressesParse(text: String, host: String?, port: Int, url: String) {
        let address = ListenAddress(parsing: text)
        #expect(address?.host == host)
        if let address {
            #expect(address.port == port)
            #expect(address.localURL == url)
        }
    }

    @Test(arguments: ["9798", ":9798", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1", "[::1]9798",
                      "::1:9798", "example.com:9798", "127.0.0.1:9798x", "[127.0.0.1]:80", "256.0.0.1:80", "127.0.0.1: 80"])
    func malformedAddressesAreRefused(text: String) {
        #expect(ListenAddress(parsing: text) == nil)
    }

    @Test func loopbackIsTold() {
        #expect(ListenAddress(parsing: "127.0.0.2:1")?.isLoopback == true)
        #expect(ListenAddress(parsing: "[::1]:1")?.isLoopback == true)
        #expect(ListenAddress(parsing: "0.0.0.0:1")?.isLoopback == false)
    }

    @Test func defaultsListenOnLoopbackWithoutControlToken() throws {
        let http = try ConfigFixture().load("").configuration.http
        #expect(http.listen == ListenAddress(host: "127.0.0.1", port: 9798))
        #expect(http.tokenFile == nil)
        #expect(!http.podMetrics)
    }

    @Test func offDisablesAndTheRestIsRead() throws {
        let fixture = try ConfigFixture()
        let config = try fixture.load("[http]\nlisten = off\ntoken_file = token\npod_metrics = on\n").configuration
        #expect(config.http.listen == nil)
        #expect(config.http.tokenFile?.path == fixture.folder.appendingPathComponent("token").path)
        #expect(config.http.podMetrics)
        let ipv6 = try fixture.load("[http]\nlisten = [::1]:8080\n").configuration
        #expect(ipv6.http.listen == ListenAddress(host: "::1", port: 8080))
    }

    @Test func aBadAddressIsAConfigurationErrorAtItsLine() throws {
        let issues = try ConfigFixture().issues("[general]\ninterval = 5s\n[http]\nlisten = 9798\n")
        #expect(issues.map { ($0.line, $0.key, $0.message) }.elementsEqual([
            (4, "listen", "expected off, or an IP address and port such as 127.0.0.1:9798 or [::1]:9798, got \"9798\""),
        ]) { $0 == $1 })
    }

    @Test func credentialsDirectoryMustBeSetForTheTokenFile() throws {
        let issues = try ConfigFixture().issues("[http]\ntoken_file = $CREDENTIALS_DIRECTORY/token\n")
        #expect(issues.count == 1)
        #expect(issues.first?.description.contains("token_file: uses $CREDENTIALS_DIRECTORY, which is not set") == true)
    }
}
