import ClinicDomain

/// The console's menu: the pages each role uses, in the order of their day. Every entry is a page the role may
/// open; the pages check the role again (and the API behind them checks it a third time).
enum ConsoleNavigation {
    struct Entry: Sendable {
        var path: String
        var words: Words
    }

    static let today = Entry(path: "/console/", words: Words("དེ་རིང་།", "今天", "Today"))
    static let residents = Entry(path: "/console/residents", words: Words("སྡོད་དམངས།", "居民", "Residents"))
    static let book = Entry(path: "/console/book", words: Words("མཇལ་ཁ་འགོད་པ།", "预约", "Book"))
    static let rota = Entry(path: "/console/rota", words: Words("ལས་ཐོ།", "排班", "Rota"))
    static let drafts = Entry(path: "/console/drafts", words: Words("མིང་རྟགས་སྒུག་བཞིན་པ།", "待签名", "To sign"))
    static let worklists = Entry(path: "/console/worklists", words: Words("ལས་ཀའི་ཐོ།", "工作清单", "Work lists"))
    static let notifications = Entry(
        path: "/console/notifications", words: Words("བརྡ་ཐོ།", "通知", "Notices"))
    static let exports = Entry(path: "/console/exports", words: Words("ཕྱིར་འདོན།", "导出", "Export"))
    static let admin = Entry(path: "/console/admin", words: Words("དོ་དམ།", "管理", "Admin"))
    static let reports = Entry(path: "/console/reports", words: Words("ཟླ་རེའི་སྙན་ཐོ།", "月度报表", "Monthly report"))
    static let doctorRequests = Entry(path: "/console/doctor-requests", words: OutreachWords.requests)
    static let outreach = Entry(path: "/console/outreach", words: OutreachWords.round)

    /// The menu for `role`.
    static func entries(for role: Role) -> [Entry] {
        switch role {
        case .staff: [today, residents, book, worklists, doctorRequests, notifications, exports]
        case .doctor: [today, rota, drafts, residents, worklists]
        case .admin, .countyAdmin:
            [today, residents, book, rota, worklists, doctorRequests, notifications, exports, reports, admin]
        case .countyViewer: [reports]
        case .gridWorker: [outreach]
        }
    }
}
