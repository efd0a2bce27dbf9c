import Foundation

/// A map whose entries stop counting at their own deadline and whose size never passes `capacity`: when full, the
/// entry inserted longest ago makes room (a ring of keys in insertion order), whatever clients send.
///
/// Not thread-safe: keep it inside a lock.
struct ExpiringCache<Value> {
    private struct Entry {
        var value: Value
        var until: ContinuousClock.Instant
        /// Where the key sits in `ring`.
        var slot: Int
    }

    let capacity: Int
    private var entries: [Data: Entry] = [:]
    /// Keys in insertion order, overwritten from `next` on when full.
    private var ring: [Data] = []
    private var next = 0

    init(capacity: Int) {
        precondition(capacity > 0, "a cache must hold something")
        self.capacity = capacity
    }

    /// Entries held, expired ones included until they are overwritten or evicted.
    var count: Int { entries.count }

    /// The value under `key` if its deadline is still ahead of `now`.
    func value(_ key: Data, at now: ContinuousClock.Instant) -> Value? {
        guard let entry = entries[key], entry.until > now else { return nil }
        return entry.value
    }

    /// Stores `value` until `until`; a new key evicts the oldest one when the cache is full.
    mutating func insert(_ key: Data, _ value: Value, until: ContinuousClock.Instant) {
        if let slot = entries[key]?.slot {
            entries[key] = Entry(value: value, until: until, slot: slot)
            return
        }
        if ring.count < capacity {
            ring.append(key)
            entries[key] = Entry(value: value, until: until, slot: ring.count - 1)
            return
        }
        // The slot's key may have been removed, or removed and inserted again elsewhere: evict only its own entry.
        if entries[ring[next]]?.slot == next { entries.removeValue(forKey: ring[next]) }
        ring[next] = key
        entries[key] = Entry(value: value, until: until, slot: next)
        next = (next + 1) % capacity
    }

    /// Drops `key`. Its ring slot stays until overwritten; the key then no longer evicts anything.
    mutating func remove(_ key: Data) {
        entries.removeValue(forKey: key)
    }
}
