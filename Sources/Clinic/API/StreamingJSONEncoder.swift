import ClinicDomain
import ClinicSupport
import Foundation

/// Writes an `Encodable` value straight to JSON bytes, with the API's conventions (`JSONCoding`): keys sorted,
/// slashes not escaped, `Date` as RFC 3339 in the clinic's zone, optionals left out.
///
/// Foundation's `JSONEncoder` builds a tree of boxed values and casts every value at run time; on the list
/// endpoints that was a third of the server's CPU. This encoder writes bytes as it goes and sorts an object's
/// fields when the object is done. It produces the same bytes as `JSONCoding.foundationEncoder` (tested), and
/// hands a value that needs what it does not do (nested containers, `superEncoder`) to that encoder instead.
struct StreamingJSONEncoder {
    let timeZone: TimeZone

    func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let writer = Writer(timeZone: timeZone)
        do {
            try writer.write(value)
        } catch is Writer.Unsupported {
            return Array(try JSONCoding.foundationEncoder(timeZone: timeZone).encode(value))
        }
        return writer.out
    }
}

private final class Writer: Encoder {
    struct Unsupported: Error {}

    /// The object or array being written, innermost last.
    final class Frame {
        enum Kind { case none, object, array, single }
        @exclusivity(unchecked) var kind = Kind.none
        /// The type whose `encode(to:)` writes this frame: the key of `orders`.
        @exclusivity(unchecked) var type = ObjectIdentifier(Frame.self)
        /// Object fields written so far: key and where the field (`"key":value`) starts in `out`.
        @exclusivity(unchecked) var fields: [(key: String, start: Int)] = []
        @exclusivity(unchecked) var count = 0

        func reset(for type: ObjectIdentifier) {
            kind = .none
            self.type = type
            fields.removeAll(keepingCapacity: true)
            count = 0
        }
    }

    /// The order an object's fields were written in and the order they go out in (indexes into the former; nil
    /// when already sorted), per type: a list's items share one and are not sorted again.
    struct FieldOrder {
        var keys: [String]
        var sorted: [Int]?
    }

    // The writer's state is not checked for exclusive access at run time (`@exclusivity(unchecked)`): those
    // checks were a tenth of the server's CPU on list responses. One encode uses one writer on one thread, and
    // no method here holds an access to a property across a call that touches the same property.
    let timeZone: TimeZone
    @exclusivity(unchecked) var out: [UInt8] = []
    @exclusivity(unchecked) var frames: [Frame] = []
    /// Frames no longer in use, kept for the next object or array instead of allocating.
    @exclusivity(unchecked) var spareFrames: [Frame] = []
    @exclusivity(unchecked) var orders: [ObjectIdentifier: FieldOrder] = [:]
    /// Where `sortFields` copies an object's fields before writing them back in order.
    @exclusivity(unchecked) var scratch: [UInt8] = []
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(timeZone: TimeZone) {
        self.timeZone = timeZone
        out.reserveCapacity(1024)
    }

    // MARK: values

    func write<T: Encodable>(_ value: T) throws {
        // Type identity, not `as?` casts: a metadata comparison per value instead of a dynamic cast.
        if T.self == String.self { return writeString(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return out += String(unsafeBitCast(value, to: Int.self)).utf8 }
        if T.self == Bool.self { return out += (unsafeBitCast(value, to: Bool.self) ? "true" : "false").utf8 }
        if T.self == UUID.self {
            let id = unsafeBitCast(value, to: UUID.self)
            return writeQuoted { UUIDText.appendUpper(id, to: &$0) }
        }
        if T.self == Double.self { return try writeDouble(unsafeBitCast(value, to: Double.self)) }
        if T.self == ZonedInstant.self {
            let instant = unsafeBitCast(value, to: ZonedInstant.self)
            return writeQuoted { RFC3339.append(instant.date, offsetSeconds: instant.offsetSeconds, to: &$0) }
        }
        if T.self == LocalDate.self {
            let day = unsafeBitCast(value, to: LocalDate.self)
            return writeQuoted { day.append(to: &$0) }
        }
        if T.self == Date.self {  // in the clinic's zone, as `JSONCoding`'s date strategy writes it
            let date = unsafeBitCast(value, to: Date.self)
            return writeQuoted { RFC3339.append(date, offsetSeconds: self.timeZone.secondsFromGMT(for: date), to: &$0) }
        }
        // The other integer types: written as numbers (their own `encode(to:)` would hand them straight back).
        if T.self == Int64.self || T.self == Int32.self || T.self == Int16.self || T.self == Int8.self
            || T.self == UInt.self || T.self == UInt64.self || T.self == UInt32.self || T.self == UInt16.self
            || T.self == UInt8.self
        {
            return withOut { $0 += String(describing: value).utf8 }
        }
        // Foundation has conventions of its own for these; leave them to it.
        if T.self == Data.self || T.self == URL.self || T.self == Decimal.self || T.self == Float.self {
            throw Unsupported()
        }
        if let direct = value as? any JSONObjectWriting {
            var object = JSONObjectWriter(out: [])
            swap(&object.out, &out)  // the bytes move to the object's writer and back: no copy
            object.out.append(UInt8(ascii: "{"))
            direct.writeFields(to: &object)
            object.out.append(UInt8(ascii: "}"))
            swap(&object.out, &out)
            return
        }
        let frame = spareFrames.popLast() ?? Frame()
        frame.reset(for: ObjectIdentifier(T.self))
        frames.append(frame)
        defer {
            frames.removeLast()
            spareFrames.append(frame)
        }
        try value.encode(to: self)
        close(frame)
    }

    func writeNull() { out += "null".utf8 }

    func writeDouble(_ number: Double) throws {
        guard number.isFinite else {
            throw EncodingError.invalidValue(
                number, EncodingError.Context(codingPath: codingPath, debugDescription: "\(number) is not valid JSON"))
        }
        var text = number.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        out += text.utf8
    }

    /// One exclusive access to `out` for a whole write, instead of one per appended byte.
    @inline(__always)
    func withOut(_ body: (inout [UInt8]) -> Void) { body(&out) }

    func writeString(_ text: String) {
        withOut { JSONString.append(text, to: &$0) }
    }

    /// Writes what `body` appends between double quotes, for values whose text needs no escaping.
    func writeQuoted(_ body: (inout [UInt8]) -> Void) {
        withOut { out in
            out.append(UInt8(ascii: "\""))
            body(&out)
            out.append(UInt8(ascii: "\""))
        }
    }

    // MARK: containers

    /// Opens the container `value.encode(to:)` asked for; a value may ask for one only.
    func open(_ kind: Frame.Kind) throws -> Frame {
        guard let frame = frames.last else { throw Unsupported() }
        if frame.kind == kind, kind != .single { return frame }  // asked again for the same container: allowed
        guard frame.kind == .none else { throw Unsupported() }
        frame.kind = kind
        switch kind {
        case .object: out.append(UInt8(ascii: "{"))
        case .array: out.append(UInt8(ascii: "["))
        case .single, .none: break
        }
        return frame
    }

    func close(_ frame: Frame) {
        switch frame.kind {
        case .none: out += "{}".utf8  // encode(to:) wrote nothing: Foundation writes an empty object
        case .single: break
        case .array: out.append(UInt8(ascii: "]"))
        case .object:
            sortFields(of: frame)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Puts the object's fields in key order (Foundation's `.sortedKeys`: by the keys' Unicode scalars).
    func sortFields(of frame: Frame) {
        let fields = frame.fields
        guard fields.count > 1 else { return }
        let known = orders[frame.type].flatMap { $0.keys.elementsEqual(fields.lazy.map(\.key)) ? $0 : nil }
        let order = known ?? Self.order(of: fields.map(\.key))
        if known == nil { orders[frame.type] = order }
        guard let sorted = order.sorted else { return }
        let base = fields[0].start
        let end = out.count
        scratch.removeAll(keepingCapacity: true)
        scratch += out[base..<end]
        // Each field after the first starts after its comma; the fields keep their lengths, so do the commas.
        var at = base
        for (position, index) in sorted.enumerated() {
            if position > 0 {
                out[at] = UInt8(ascii: ",")
                at += 1
            }
            let from = fields[index].start - base
            let to = (index + 1 < fields.count ? fields[index + 1].start - 1 : end) - base
            out.replaceSubrange(at..<(at + to - from), with: scratch[from..<to])
            at += to - from
        }
    }

    static func order(of keys: [String]) -> FieldOrder {
        if zip(keys, keys.dropFirst()).allSatisfy({ precedes($0, $1) }) { return FieldOrder(keys: keys, sorted: nil) }
        return FieldOrder(keys: keys, sorted: keys.indices.sorted { precedes(keys[$0], keys[$1]) })
    }

    static func precedes(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    func beginField(_ key: String, in frame: Frame) {
        let first = frame.count == 0
        frame.count += 1
        withOut { out in
            if !first { out.append(UInt8(ascii: ",")) }
            frame.fields.append((key, out.count))
            JSONString.append(key, to: &out)
            out.append(UInt8(ascii: ":"))
        }
    }

    func beginElement(in frame: Frame) {
        if frame.count > 0 { out.append(UInt8(ascii: ",")) }
        frame.count += 1
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer<Key>(writer: self, frame: try? open(.object)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(writer: self, frame: try? open(.array))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(writer: self, frame: try? open(.single))
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let writer: Writer
        /// nil when the container could not be opened here: every write then throws `Unsupported`.
        let frame: Frame?
        var codingPath: [any CodingKey] { writer.codingPath }

        func field(_ key: Key) throws {
            guard let frame, writer.frames.last === frame else { throw Unsupported() }
            writer.beginField(key.stringValue, in: frame)
        }

        mutating func encodeNil(forKey key: Key) throws {
            try field(key)
            writer.writeNull()
        }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try field(key)
            try writer.write(value)
        }

        /// Written here, not left to the protocol's default: that one looked up `Optional`'s metadata per call.
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            guard let value else { return }
            try encode(value, forKey: key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            KeyedEncodingContainer(KeyedContainer<NestedKey>(writer: writer, frame: nil))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            UnkeyedContainer(writer: writer, frame: nil)
        }

        mutating func superEncoder() -> any Encoder { Refusing() }
        mutating func superEncoder(forKey key: Key) -> any Encoder { Refusing() }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let writer: Writer
        let frame: Frame?
        var codingPath: [any CodingKey] { writer.codingPath }
        var count: Int { frame?.count ?? 0 }

        func element() throws {
            guard let frame, writer.frames.last === frame else { throw Unsupported() }
            writer.beginElement(in: frame)
        }

        mutating func encodeNil() throws {
            try element()
            writer.writeNull()
        }

        mutating func encode<T: Encodable>(_ value: T) throws {
            try element()
            try writer.write(value)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey>
        {
            KeyedEncodingContainer(KeyedContainer<NestedKey>(writer: writer, frame: nil))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            UnkeyedContainer(writer: writer, frame: nil)
        }

        mutating func superEncoder() -> any Encoder { Refusing() }
    }

    struct SingleContainer: SingleValueEncodingContainer {
        let writer: Writer
        let frame: Frame?
        var codingPath: [any CodingKey] { writer.codingPath }

        func check() throws {
            guard let frame, writer.frames.last === frame, frame.count == 0 else { throw Unsupported() }
            frame.count = 1
        }

        mutating func encodeNil() throws {
            try check()
            writer.writeNull()
        }

        mutating func encode<T: Encodable>(_ value: T) throws {
            try check()
            try writer.write(value)
        }
    }

    /// An encoder handed out where this writer cannot follow (`superEncoder`): any use sends the whole value to
    /// Foundation's encoder.
    struct Refusing: Encoder {
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(KeyedContainer<Key>(writer: Writer(timeZone: .gmt), frame: nil))
        }
        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            UnkeyedContainer(writer: Writer(timeZone: .gmt), frame: nil)
        }
        func singleValueContainer() -> any SingleValueEncodingContainer {
            SingleContainer(writer: Writer(timeZone: .gmt), frame: nil)
        }
    }
}
