import FastDecode
import Foundation
import KubeModel
import Testing

@Suite struct PaddedBufferTests {
    @Test func keepsPaddingBeyondTheContents() {
        #expect(PaddedBuffer.padding >= 32)
        let buffer = PaddedBuffer()
        buffer.append(Data("hello".utf8))
        #expect(buffer.count == 5 && buffer.capacity >= 5)
        #expect(buffer.data == Data("hello".utf8))
    }

    @Test func growsAcrossManySmallAppends() {
        let buffer = PaddedBuffer(capacity: 3)
        var expected = Data()
        for chunk in 0..<1000 {
            let bytes = Data("chunk-\(chunk);".utf8)
            buffer.append(bytes)
            expected.append(bytes)
        }
        #expect(buffer.data == expected)
    }

    @Test func pageInABufferDecodesLikeTheSameData() throws {
        let data = Page.podList((1...50).map { Page.pod(name: "\"p-\($0)\"") })
        let buffer = PaddedBuffer()
        let decoder = FastPodListDecoder()
        for round in 0..<3 {
            buffer.removeAll()
            // Arrives in pieces, as a response body does.
            var offset = 0
            while offset < data.count {
                let piece = data[data.startIndex + offset..<data.startIndex + min(offset + 1000 + round, data.count)]
                buffer.append(piece)
                offset += piece.count
            }
            Differential.expectSame(try decoder.decodePodPage(buffer), try JSONDecoder().decode(KubeList<CapacityPod>.self, from: data))
        }
    }

    @Test func emptyBufferIsMalformedJSON() {
        #expect(throws: (any Error).self) { try FastPodListDecoder().decodePodPage(PaddedBuffer()) }
    }
}
