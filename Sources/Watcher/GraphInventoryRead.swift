import Foundation
import KubeModel
import VolumeGraph

/// One read of the objects the relationship graph is drawn from.
public struct GraphInventoryRead: Sendable {
    public var inventory: GraphInventory
    /// Objects that could not be decoded (reported, then left out).
    public var rejected: [RejectedItem]
    /// When the read ended.
    public var readAt: Date

    public init(inventory: GraphInventory, rejected: [RejectedItem], readAt: Date) {
        self.inventory = inventory
        self.rejected = rejected
        self.readAt = readAt
    }
}
