import ClinicDomain

extension RequestContext {
    /// The language of a printable page: `Accept-Language`, else Chinese (API.md, Languages). Problem texts use
    /// `language`, whose default is English.
    var pageLanguage: Language { AcceptLanguage.preferred(request.headers["Accept-Language"]) ?? .zh }
}
