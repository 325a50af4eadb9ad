import CurlTransport
import Testing

/// Delays and timeouts in log lines and messages: `0.37 s`, never seventeen decimals.
@Suite struct DurationTextTests {
    @Test func roundedToHundredths() {
        #expect(Duration.seconds(0.3712345678901234).secondsText == "0.37 s")
        #expect(Duration.seconds(2).secondsText == "2 s")
        #expect(Duration.seconds(30).secondsText == "30 s")
        #expect(Duration.milliseconds(1500).secondsText == "1.5 s")
        #expect(Duration.milliseconds(1050).secondsText == "1.05 s")
        #expect(Duration.milliseconds(2999).secondsText == "3 s")
        #expect(Duration.milliseconds(4).secondsText == "0 s")
        #expect(Duration.zero.secondsText == "0 s")
        #expect(Duration.seconds(-0.5).secondsText == "-0.5 s")
    }
}
