/// Labels several admin pages share (each page keeps its own beside it).
enum AdminWords {
    static let users = Words("སྤྱོད་མཁན།", "用户", "Users")
    static let doctors = Words("སྨན་པ།", "医生", "Doctors")
    static let clinic = Words("འཕྲོད་བསྟེན་ཁང་གི་སྒྲིག་འགོད།", "卫生室设置", "Clinic settings")
    static let rota = Words("ལས་ཐོ།", "排班", "Rota")
    static let audit = Words("ཞིབ་བཤེར་ཟིན་ཐོ།", "审计日志", "Audit log")
    static let name = Words("མིང་།", "名称", "Name")
    static let role = Words("ལས་འགན།", "角色", "Role")
    static let doctor = Words("སྨན་པ།", "医生", "Doctor")
    static let active = Words("ལས་ཀ་བྱེད་བཞིན།", "在岗", "Active")
    static let inactive = Words("ལས་ཀ་མི་བྱེད།", "停用", "Inactive")
    static let languages = Words("སྐད་རིགས།", "语言", "Languages")
    static let modes = Words("བརྟག་དཔྱད་ཀྱི་རྣམ་པ།", "就诊方式", "Modes")
    static let from = Words("འགོ་ཚུགས་ཚེས་གྲངས།", "开始日期", "From")
    static let to = Words("མཇུག་སྡོམ་ཚེས་གྲངས།", "结束日期", "To")
    static let reason = Words("རྒྱུ་མཚན།", "原因", "Reason")
    static let date = Words("ཚེས་གྲངས།", "日期", "Date")
    static let session = Words("དུས་ཚིགས།", "时段", "Session")
    static let none = Words("མེད།", "无", "None")
    static let add = Words("སྣོན་པ།", "添加", "Add")
    static let delete = Words("སུབ་པ།", "删除", "Delete")
    static let edit = Words("བཅོས་སྒྲིག", "编辑", "Edit")
    static let show = Words("སྟོན་པ།", "显示", "Show")
    static let nothingYet = Words("ད་ལྟ་གང་ཡང་མེད།", "暂无记录。", "Nothing yet.")

    /// A role's name.
    static func role(_ role: String) -> Words {
        switch role {
        case "admin": Words("དོ་དམ་པ།", "管理员", "Admin")
        case "staff": Words("སྒོ་འགྲམ་ལས་བྱེད།", "前台", "Front desk")
        case "doctor": Words("སྨན་པ།", "医生", "Doctor")
        case "gridWorker": Words("དྲ་མིག་ལས་མི།", "网格员", "Grid worker")
        default: Words(role, role, role)
        }
    }

    static let modeValues = ["onsite", "remote", "home"]
    static let languageValues = ["bo", "zh", "en"]

    /// A language tag's name, in that language (as the language switch writes it).
    static func languageName(_ tag: String) -> String {
        switch tag {
        case "bo": "བོད་ཡིག"
        case "zh": "中文"
        case "en": "English"
        default: tag
        }
    }
}
