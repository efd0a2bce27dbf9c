import ClinicDomain

/// A slot as the API writes it: the same bytes as its `Codable` encoding, in key order.
extension Slot: JSONObjectWriting {
    func writeFields(to object: inout JSONObjectWriter) {
        object.field("booked", booked)
        object.field("capacity", capacity)
        object.field("clinicId", clinicId)
        object.field("closed", closed)
        object.field("date", date)
        object.field("doctorId", doctorId)
        object.field("end", end)
        object.field("id", id)
        object.field("mode", mode)
        object.field("priorityOnly", priorityOnly)
        object.field("session", session)
        object.field("start", start)
    }
}
