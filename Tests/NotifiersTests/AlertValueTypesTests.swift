import Alerting
import Foundation
import Testing

@Suite struct AlertValueTypesTests {
    @Test func notificationRoundTripsThroughJSONWithItsID() throws {
        let original = Fixtures.mixed
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        let decoded = try decoder.decode(AlertNotification.self, from: encoder.encode(original))
        #expect(decoded == original)
    }

    @Test func contentIDIsStableAndSensitiveToContent() {
        #expect(Fixtures.mixed.id == Fixtures.mixed.id)
        #expect(Fixtures.mixed.id.count == 16)
        #expect(Fixtures.single("node-a").id != Fixtures.single("node-b").id)
        #expect(Fixtures.single("node-a").id != Fixtures.single("node-a", at: Fixtures.scanTime.addingTimeInterval(1)).id)
        #expect(AlertNotification(id: "fixed", cluster: "c", createdAt: Fixtures.scanTime).id == "fixed")
    }

    @Test func keysAndObjectsReadWell() {
        let key = AlertKey(cluster: "prod", object: .pod(namespace: "shop", name: "api"), measure: .memoryLimits)
        #expect(key.description == "prod pod/shop/api memory_limits")
        #expect(AlertKey.clusterUnreachable("prod").description == "prod cluster cluster_unreachable")
        #expect(AlertObject.node("b") < .pod(namespace: "a", name: "a"))
        #expect(Measure.cpuRequests < .memoryLimits)
        #expect(Measure.clusterUnreachable.resource == nil)
    }

    @Test(arguments: [(0, "0"), (512, "512"), (1024, "1Ki"), (1536, "1.5Ki"),
                      (16 * 1024 * 1024 * 1024, "16Gi"), (15_500_000_000, "14.4Gi")] as [(Int64, String)])
    func memoryIsShownInBinaryUnits(bytes: Int64, text: String) {
        #expect(Measure.Resource.memory.format(bytes) == text)
    }

    @Test func cpuIsShownInMillicores() {
        #expect(Measure.Resource.cpu.format(3650) == "3650m")
    }
}
