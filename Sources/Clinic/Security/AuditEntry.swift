import ClinicDomain
import Foundation

/// What was done: a short lowerCamel word. Known actions are constants; the database checks only the shape,
/// so a new action needs no migration.
struct AuditAction: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral {
    var rawValue: String
    init(rawValue: String) { self.rawValue = rawValue }
    init(stringLiteral value: String) { self.rawValue = value }

    init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    static let read: AuditAction = "read"
    /// A list or search that returned residents' data (detail: filter, count).
    static let search: AuditAction = "search"
    static let create: AuditAction = "create"
    static let update: AuditAction = "update"
    static let delete: AuditAction = "delete"
    /// A summary or CSV export (detail: format, filter), written before the data leaves.
    static let export: AuditAction = "export"
    /// How a streamed export ended (detail: format, count of rows sent, completed).
    static let exportEnded: AuditAction = "exportEnded"
    static let sign: AuditAction = "sign"
    static let login: AuditAction = "login"
    static let loginFailed: AuditAction = "loginFailed"
    static let logout: AuditAction = "logout"
}

/// A small JSON value for an audit row's `detail` (an export's filter, a row count).
enum AuditValue: Codable, Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case strings([String])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else {
            self = .strings(try container.decode([String].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .strings(let value): try container.encode(value)
        }
    }
}

/// One access to record. Built by the handler and written by `AuditStore.record` in the transaction of the access.
struct AuditEvent: Sendable, Equatable {
    /// Nil only for events without a signed-in user (a failed login of an unknown name).
    var userId: UUID?
    var role: Role?
    var action: AuditAction
    var residentId: UUID?
    /// lowerCamel resource kind: `resident`, `consultation`, `healthFile`, `export`, `session`...
    var resourceType: String
    var resourceId: String?
    /// The request's id as echoed in `X-Request-Id`: the client's own when acceptable, else `serverRequestId`.
    var requestId: String?
    /// The id the server gave the request, which no client can choose (issue 16.11).
    var serverRequestId: String?
    var remoteAddress: String?
    /// Never a password, a token or clinical content.
    var detail: [String: AuditValue]
    /// The clinic the row belongs to when it names no resident (a resident's rows belong to the resident's clinic):
    /// the caller's own; nil for county-wide events.
    var clinicId: UUID?

    init(
        userId: UUID?, role: Role?, action: AuditAction, residentId: UUID? = nil, resourceType: String,
        resourceId: String? = nil, requestId: String? = nil, serverRequestId: String? = nil,
        remoteAddress: String? = nil, detail: [String: AuditValue] = [:], clinicId: UUID? = nil
    ) {
        self.clinicId = clinicId
        self.userId = userId
        self.role = role
        self.action = action
        self.residentId = residentId
        self.resourceType = resourceType
        self.resourceId = resourceId
        self.requestId = requestId
        self.serverRequestId = serverRequestId
        self.remoteAddress = remoteAddress
        self.detail = detail
    }

    /// The usual case: `principal` did `action` on a resource.
    init(
        _ principal: Principal, _ action: AuditAction, residentId: UUID? = nil, resourceType: String,
        resourceId: String? = nil, requestId: String? = nil, serverRequestId: String? = nil,
        remoteAddress: String? = nil, detail: [String: AuditValue] = [:]
    ) {
        self.init(
            userId: principal.userId, role: principal.role, action: action, residentId: residentId,
            resourceType: resourceType, resourceId: resourceId, requestId: requestId, serverRequestId: serverRequestId,
            remoteAddress: remoteAddress, detail: detail, clinicId: principal.clinicId)
    }
}

/// A row of the audit log as `GET /v1/audit` returns it.
struct AuditEntry: Codable, Sendable, Equatable {
    var id: UUID
    var at: Date
    var userId: UUID?
    /// The user's name now (joined, not copied), for reading the log without a second lookup.
    var username: String?
    var role: Role?
    var action: AuditAction
    var residentId: UUID?
    /// The resident's names now (joined, not copied; nil when the reader may no longer see them, e.g. moved to
    /// another clinic), so that a reader of the log knows whose file was read.
    var residentNames: ResidentNames?
    var resourceType: String
    var resourceId: String?
    var requestId: String?
    /// Nil on rows written before the server recorded its own id (migration 0013).
    var serverRequestId: String?
    var remoteAddress: String?
    var detail: [String: AuditValue]
}

/// The query of `GET /v1/audit`: every given condition must hold; `to` is exclusive.
struct AuditFilter: Sendable, Equatable {
    static let defaultLimit = 50
    static let maximumLimit = 500

    var residentId: UUID?
    var userId: UUID?
    var from: Date?
    var to: Date?
    /// Clamped to 1...`maximumLimit`.
    var limit: Int
    /// The `nextCursor` of the previous page; one that does not decode is the caller's 400.
    var cursor: String?
    /// Only this clinic's rows (a county admin's filter; the database shows others only their own clinic's).
    var clinicId: UUID?

    init(
        residentId: UUID? = nil, userId: UUID? = nil, from: Date? = nil, to: Date? = nil,
        limit: Int = AuditFilter.defaultLimit, cursor: String? = nil, clinicId: UUID? = nil
    ) {
        self.clinicId = clinicId
        self.residentId = residentId
        self.userId = userId
        self.from = from
        self.to = to
        self.limit = limit
        self.cursor = cursor
    }
}

/// One page of the audit log, newest first.
struct AuditPage: Codable, Sendable, Equatable {
    var items: [AuditEntry]
    var nextCursor: String?
}
