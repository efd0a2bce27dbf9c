import ClinicDomain

/// Which residents the CSV export holds (`?minAge=&grid=&problem=&flag=`); nil means no filter.
struct HealthFilesFilter: Sendable, Equatable {
    var minAge: Int?
    var grid: String?
    /// `hypertension` or `type2Diabetes` (the chronic conditions), an ICD-10 code prefix (`I10`, `E11`), or
    /// words of a problem's text; only active problems count.
    var problem: String?
    var flag: PriorityFlag?

    /// The filter as `name=value` pairs for the audit row, in a fixed order.
    var auditDescription: [String] {
        var parts: [String] = []
        if let minAge { parts.append("minAge=\(minAge)") }
        if let grid { parts.append("grid=\(grid)") }
        if let problem { parts.append("problem=\(problem)") }
        if let flag { parts.append("flag=\(flag.rawValue)") }
        return parts
    }
}
