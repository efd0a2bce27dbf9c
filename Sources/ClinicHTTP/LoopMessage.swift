/// What handler tasks and the server send to an event loop.
enum LoopMessage: Sendable {
    /// A complete response with a fixed body.
    case response(connection: UInt64, HTTPResponse)
    /// The head of a streamed response; chunks follow.
    case streamHead(connection: UInt64, HTTPResponse)
    /// One piece of a streamed body; the continuation resumes when the queue has room (or throws).
    case chunk(connection: UInt64, [UInt8], CheckedContinuation<Void, any Error>)
    /// The streamed body is finished (`ok`) or its producer failed.
    case streamEnd(connection: UInt64, ok: Bool)
    case stopAccepting(CheckedContinuation<Void, Never>)
    case drain
    case closeAll
    case stop(CheckedContinuation<Void, Never>)
}
