import FastDecode
import Foundation
import KubeModel
import Testing

/// Decodes a page with both decoders and expects the same result: the fast decoder against JSONDecoder into the
/// same narrow model, `CapacityPod`.
enum Differential {
    /// What JSONDecoder makes of a page: a typed pod list, or a kubectl `List` whose pods are compared.
    enum Reference {
        case podList
        case mixedList
    }

    @discardableResult
    static func expectSame(_ data: Data, as reference: Reference = .podList, validatesSkippedSyntax: Bool = false,
                           sourceLocation: SourceLocation = #_sourceLocation) throws -> FastPodPage {
        let fast = try FastPodListDecoder(validatesSkippedSyntax: validatesSkippedSyntax).decodePage(data)
        let expected = try referenceList(data, reference)
        expectSame(fast.list, expected, sourceLocation: sourceLocation)
        return fast
    }

    static func expectSame(_ fast: KubeList<CapacityPod>, _ expected: KubeList<CapacityPod>,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(fast.metadata == expected.metadata, sourceLocation: sourceLocation)
        #expect(fast.items.count == expected.items.count, sourceLocation: sourceLocation)
        for (got, want) in zip(fast.items, expected.items) {
            #expect(Canonical.pod(got) == Canonical.pod(want), sourceLocation: sourceLocation)
        }
        #expect(fast.rejected == expected.rejected, sourceLocation: sourceLocation)
    }

    static func referenceList(_ data: Data, _ reference: Reference) throws -> KubeList<CapacityPod> {
        switch reference {
        case .podList:
            return try JSONDecoder().decode(KubeList<CapacityPod>.self, from: data)
        case .mixedList:
            let mixed = try JSONDecoder().decode(KubeList<CapacityObject>.self, from: data)
            let pods = mixed.items.compactMap { item -> CapacityPod? in
                if case .pod(let pod) = item { return pod }
                return nil
            }
            return KubeList(metadata: mixed.metadata, items: pods, rejected: mixed.rejected.filter { $0.kind == "Pod" })
        }
    }

    /// Expects the fast decoder to do what JSONDecoder does with the page: throw, or give the same list.
    /// (JSONDecoder checks the structure eagerly but string escapes and numbers only when it decodes them, so
    /// some broken pages still decode, with the broken item rejected or the broken field unread.)
    static func expectSameOutcome(_ data: Data, validatesSkippedSyntax: Bool = false,
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = Result { try FastPodListDecoder(validatesSkippedSyntax: validatesSkippedSyntax).decodePodPage(data) }
        switch Result(catching: { try JSONDecoder().decode(KubeList<CapacityPod>.self, from: data) }) {
        case .success(let expected):
            guard case .success(let list) = fast else {
                Issue.record("JSONDecoder decoded the page, the fast decoder threw \(fast)", sourceLocation: sourceLocation)
                return
            }
            expectSame(list, expected, sourceLocation: sourceLocation)
        case .failure:
            if case .success(let list) = fast {
                Issue.record("JSONDecoder threw, the fast decoder decoded \(list)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Expects both decoders to refuse the page.
    static func expectBothThrow(_ data: Data, validatesSkippedSyntax: Bool = false,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: (any Error).self, sourceLocation: sourceLocation) {
            try JSONDecoder().decode(KubeList<CapacityPod>.self, from: data)
        }
        #expect(throws: (any Error).self, sourceLocation: sourceLocation) {
            try FastPodListDecoder(validatesSkippedSyntax: validatesSkippedSyntax).decodePodPage(data)
        }
    }
}

/// Builds hand-written pages.
enum Page {
    static func podList(_ items: [String], metadata: String = #"{"continue":"next-1","resourceVersion":"77"}"#) -> Data {
        Data(#"{"apiVersion":"v1","kind":"PodList","metadata":\#(metadata),"items":[\#(items.joined(separator: ","))]}"#.utf8)
    }

    /// A plain pod whose parts can be replaced.
    static func pod(name: String = #""web-1""#, metadata extra: String = "", spec: String? = nil,
                    status: String = #"{"phase":"Running"}"#) -> String {
        let defaultSpec = #"{"nodeName":"node-a","containers":[{"name":"app","resources":{"requests":{"cpu":"250m","memory":"64Mi"},"limits":{"cpu":"1"}}}]}"#
        return #"{"metadata":{"name":\#(name),"namespace":"shop","uid":"7d0c8b1e-0000-4000-8000-000000000001"\#(extra)},"spec":\#(spec ?? defaultSpec),"status":\#(status)}"#
    }

    /// A pod whose spec has one container with `container` as its extra fields.
    static func pod(container: String) -> String {
        pod(spec: #"{"nodeName":"node-a","containers":[{"name":"app"\#(container)}]}"#)
    }
}
