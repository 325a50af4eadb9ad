import Foundation
import Testing
import KubeModel
@testable import FastDecode

@Suite struct SmokeTests {
    @Test func decodesATinyPage() throws {
        let json = #"{"kind":"PodList","metadata":{"continue":"abc","resourceVersion":"12"},"items":[{"metadata":{"name":"p","namespace":"ns"},"spec":{"nodeName":"n1","containers":[{"name":"c","resources":{"requests":{"cpu":"100m"}}}]},"status":{"phase":"Running"}}]}"#
        let list = try FastPodListDecoder().decodePodPage(Data(json.utf8))
        #expect(list.items.count == 1)
        #expect(list.items[0].spec.containers[0].resources.requests["cpu"] == "100m")
        #expect(list.metadata.continue == "abc")
    }
}
