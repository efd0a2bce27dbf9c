/// What outreach and doctor-request changes refuse.
package enum OutreachError: Error, Sendable, Equatable {
    /// Booking (or queueing) a resident who moved away or died, until an admin reactivates them.
    case residentInactive
    /// No such doctor request (also another clinic's).
    case noSuchRequest
    /// The request was booked or closed already.
    case requestNotOpen(DoctorRequestStatus)
    /// `requestId` names another resident's request.
    case requestForAnotherResident
}
