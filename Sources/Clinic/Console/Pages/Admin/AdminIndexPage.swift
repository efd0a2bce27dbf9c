import ClinicDomain
import ClinicHTTP

/// `/console/admin`: the admin's pages, each with a line on what it is for. Every admin page is for admins only
/// (the API behind each checks the role again).
enum AdminIndexPage {
    static let title = Words("དོ་དམ།", "管理", "Administration")
    static let usersHint = Words(
        "ནང་འཛུལ་བྱེད་མཁན་དང་ཁོང་ཚོའི་ལས་འགན།", "登录账号及其角色。", "Who can sign in, and in which role.")
    static let doctorsHint = Words(
        "ཚུར་ཡོང་སྨན་པ། སྐད་རིགས། བརྟག་དཔྱད་རྣམ་པ། ཁོམ་མེད་དུས་ཚོད།", "来访医生、语言、就诊方式和不可出诊时间。",
        "Visiting doctors, their languages and modes, and when they cannot come.")
    static let clinicHint = Words(
        "ཉིན་གྲངས། དུས་ཚིགས། མཇལ་ཁའི་དུས་ཚོད། སྒོ་རྒྱག་ཉིན།", "出诊日、时段、号源时长和停诊日。",
        "Clinic days, sessions, slot lengths and closures.")
    static let rotaHint = Words(
        "ལས་ཐོ་བཟོ་བ་དང་སྨན་པ་བརྗེ་བ།", "生成排班、换班和代班。", "Generate the rota; swap or cover a session.")
    static let auditHint = Words(
        "སུས་ནམ་ཞིག་སྡོད་དམངས་ཀྱི་ཡིག་ཆ་ལ་བལྟས་པའམ་བཅོས་པ།", "谁在何时查看或修改了居民的资料。",
        "Who read or changed which resident's data, and when.")

    static let noBackupDirectory = Words(
        "རྗེས་ཉར་གྱི་ཡིག་ཁུག་(CLINIC_BACKUP_DIR)་མ་བཀོད། འཕྲོད་བསྟེན་ཡིག་ཆ་ཚང་མ་གློག་ཀླད་འདིའི་སྡེར་ཆ་གཅིག་ཁོ་ནར་ཡོད།",
        "未设置备份目录（CLINIC_BACKUP_DIR）：所有健康档案只存在这台电脑的一块硬盘上。",
        "No backup directory is set (CLINIC_BACKUP_DIR): every health file is on this computer's one disk only.")
    static let noBackupYet = Words("རྗེས་ཉར་གཅིག་ཀྱང་མེད།", "还没有备份：", "No backup yet in")
    static let lastBackup = Words("རྗེས་ཉར་མཐའ་མ།", "最近一次备份：", "Last backup:")
    static let backupsKept = Words("རྗེས་ཉར་ཉར་ཡོད་གྲངས།", "保留的备份数：", "backups kept:")
    static let backupOverdue = Words(
        "རྗེས་ཉར་རྙིང་དྲགས་འདུག", "备份已过期，请检查备份盘和服务器日志。",
        "This is older than it should be: check the backup disk and the server's log.")

    /// Where the clinic's copies stand: the newest backup and when it finished, red when there is none or it is
    /// overdue (older than two of `CLINIC_BACKUP_EVERY`, or two days).
    static func backupStatus(_ context: RequestContext, _ console: ConsoleServices) -> Markup {
        guard let backups = console.backups else {
            return "<div class=\"alert error\" role=\"status\" id=\"backup-status\">\(context.t(noBackupDirectory))</div>"
        }
        let status = backups.status(everySeconds: console.backupEverySeconds)
        guard let newest = status.newest else {
            return """
                <div class="alert error" role="status" id="backup-status">\(context.t(noBackupYet)) \
                <code>\(backups.directory.path)</code></div>
                """
        }
        let at = RFC3339.format(newest.finishedAt, timeZone: context.timeZone)
        let warning: Markup = status.overdue ? " <strong>\(context.t(backupOverdue))</strong>" : .empty
        return """
            <div class="alert \(status.overdue ? "error" : "ok")" role="status" id="backup-status">\
            \(context.t(lastBackup)) \(ConsoleDates.day(at, context.language)) \(ConsoleDates.time(at)) · \
            \(context.t(backupsKept)) \(status.count) · <code>\(backups.directory.path)</code>\(warning)</div>
            """
    }

    static let pages: [(path: String, words: Words, hint: Words)] = [
        ("/console/admin/users", AdminWords.users, usersHint),
        ("/console/admin/doctors", AdminWords.doctors, doctorsHint),
        ("/console/admin/clinic", AdminWords.clinic, clinicHint),
        ("/console/admin/rota", AdminWords.rota, rotaHint),
        ("/console/admin/audit", AdminWords.audit, auditHint),
    ]

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, "/console/admin", access: .roles([.admin])) { context in
                let items = pages.map { page -> Markup in
                    """
                    <li class="card"><a href="\(page.path)">\(context.t(page.words))</a>\
                    <p class="muted">\(context.t(page.hint))</p></li>
                    """
                }
                return ConsoleLayout.page(
                    context, title: context.t(title),
                    "\(backupStatus(context, console))<ul class=\"admin-index\">\(items)</ul>")
            }
        ]
    }
}

/// Every admin page, registered in `ConsoleRoutes` as one group.
enum AdminPages {
    static func routes(_ console: ConsoleServices) -> [Route] {
        AdminIndexPage.routes(console) + UsersPage.routes(console) + DoctorsPage.routes(console)
            + DoctorPage.routes(console) + ClinicSettingsPage.routes(console) + ClosuresPage.routes(console)
            + RotaAdminPage.routes(console) + RotaSwapPage.routes(console) + AuditLogPage.routes(console)
    }
}
