import ClinicDomain

/// The labels of the resident pages (search, register, edit, the resident's page), beside the pages that show them.
enum ResidentWords {
    static let findTitle = Words("སྡོད་དམངས་འཚོལ་བ།", "查找居民", "Find a resident")
    static let query = Words(
        "མིང་(ཡིག་རིགས་གང་རུང་)། ཁ་པར། ཡང་ན་ཐོབ་ཐང་ལག་ཁྱེར་ཨང་གྲངས་ཀྱི་མཇུག",
        "姓名（任一文字）、电话或身份证号末几位", "Name in any script, phone or ID-number tail")
    static let queryHint = Words(
        "དཔེར་ན། བཀྲ་ཤིས། 扎西 ཡང་ན་ཨང་གྲངས་མཐའ་མ་བཞི།", "例如：བཀྲ་ཤིས、扎西 或身份证号后四位",
        "For example བཀྲ་ཤིས, 扎西, Tashi or the last four of the ID number")
    static let grid = Words("དྲ་མིག", "网格", "Grid")
    static let flag = Words("སྔོན་ཐོབ་རྟགས།", "优先标记", "Priority flag")
    static let anyFlag = Words("གང་རུང་།", "不限", "Any")
    static let results = Words("འཚོལ་འབྲས།", "查找结果", "Results")
    static let noResults = Words("སྡོད་དམངས་མ་རྙེད།", "没有找到居民。", "No resident found.")
    static let nextPage = Words("ཤོག་ངོས་རྗེས་མ།", "下一页", "Next page")
    static let newResident = Words("སྡོད་དམངས་གསར་འགོད།", "登记新居民", "Register a resident")
    static let name = Words("མིང་།", "姓名", "Name")
    static let birthDate = Words("སྐྱེས་ཚེས།", "出生日期", "Birth date")
    static let age = Words("ལོ་ཚད།", "年龄", "Age")
    static let phone = Words("ཁ་པར།", "电话", "Phone")
    static let flags = Words("སྔོན་ཐོབ་རྟགས།", "优先标记", "Priority flags")

    static let names = Words("མིང་།", "姓名", "Names")
    static let namesHint = Words(
        "ཉུང་མཐར་ཡིག་རིགས་གཅིག་གིས་འབྲི་དགོས།", "至少填写一种文字的姓名。", "Write the name in at least one script.")
    static let nameBo = Words("བོད་ཡིག་གི་མིང་།", "藏文姓名", "Name in Tibetan")
    static let nameZh = Words("རྒྱ་ཡིག་གི་མིང་།", "中文姓名", "Name in Chinese")
    static let nameLatin = Words("དབྱིན་ཡིག་གི་མིང་།", "拉丁字母姓名", "Name in Latin letters")
    static let sex = Words("ཕོ་མོ།", "性别", "Sex")
    static let chooseSex = Words("འདེམས་རོགས།", "请选择", "Choose")
    static let sexes: [String: Words] = [
        "female": Words("མོ།", "女", "Female"), "male": Words("ཕོ།", "男", "Male"),
        "other": Words("གཞན།", "其他", "Other"), "unknown": Words("མི་ཤེས།", "不详", "Unknown"),
    ]
    static let ethnicity = Words("མི་རིགས།", "民族", "Ethnicity")
    static let languages = Words("སྐད་རིགས།", "使用语言", "Languages")
    static let languageNames: [String: Words] = [
        "bo": Words("བོད་སྐད།", "藏语", "Tibetan"), "zh": Words("རྒྱ་སྐད།", "汉语", "Chinese"),
        "en": Words("དབྱིན་སྐད།", "英语", "English"),
    ]
    static let idNumber = Words("ཐོབ་ཐང་ལག་ཁྱེར་ཨང་གྲངས།", "身份证号", "ID number")
    static let idNumberKeep = Words(
        "སྟོང་པ་བཞག་ན་ད་ཡོད་ཨང་གྲངས་མི་འགྱུར། ད་ཡོད།", "留空则不变。现有：", "Leave blank to keep it. On file:")
    static let address = Words("ཁ་བྱང་།", "住址", "Address")
    static let household = Words("ཁྱིམ་ཚང་།", "户", "Household")
    /// A priority flag's name: the one table for the console, the printed day list and the health summary.
    static func flag(_ flag: PriorityFlag) -> Words {
        switch flag {
        case .livesAlone: Words("རྐྱང་པར་སྡོད།", "独居", "Lives alone")
        case .emptyNest: Words("ཁྱིམ་སྟོང་།", "空巢", "Empty nest")
        case .disabled: Words("དབང་པོ་སྐྱོན་ཅན།", "残疾", "Disabled")
        case .lowIncome: Words("ཡོང་འབབ་དམའ་བ།", "低收入", "Low income")
        case .specialHardship: Words("དཀའ་ངལ་ཆེད་མཁོ།", "特困", "Special hardship")
        }
    }
    static let flagNames = Dictionary(uniqueKeysWithValues: PriorityFlag.allCases.map { ($0.rawValue, flag($0)) })
    static let emergencyContact = Words("ཛ་དྲག་འབྲེལ་གཏུག་མི།", "紧急联系人", "Emergency contact")
    static let contactName = Words("འབྲེལ་གཏུག་མིའི་མིང་།", "联系人姓名", "Contact's name")
    static let contactPhone = Words("འབྲེལ་གཏུག་མིའི་ཁ་པར།", "联系人电话", "Contact's phone")
    static let contactRelationship = Words("འབྲེལ་བ།", "关系", "Relationship")
    static let register = Words("ཐོ་འགོད།", "登记", "Register")

    static let sentBefore = Words(
        "རེའུ་མིག་འདི་སྔོན་ལ་གནས་ཚུལ་མི་འདྲ་བ་ཞིག་དང་མཉམ་དུ་བསྐུར་ཟིན། སྡོད་དམངས་ཐོ་འགོད་ཟིན་མིན་འཚོལ་ཞིབ་བྱས་རྗེས་ཡང་བསྐྱར་བསྐུར་རོགས།",
        "此表单之前已用不同内容提交过。请先查找该居民是否已登记，再重新提交。",
        "This form was already sent with other values. Search for the resident first, then send it again if needed.")
    static let editTitle = Words("སྡོད་དམངས་ཀྱི་གནས་ཚུལ་བཟོ་བཅོས།", "修改居民信息", "Edit resident")
    static let edit = Words("བཟོ་བཅོས།", "修改", "Edit")
    static let registered = Words("ཐོ་འགོད་ཟིན།", "已登记。", "Registered.")
    static let saved = Words("ཉར་ཚགས་ཟིན།", "已保存。", "Saved.")
    static let details = Words("གནས་ཚུལ།", "基本信息", "Details")
    static let appointments = Words("མཇལ་ཁ།", "预约", "Appointments")
    static let noAppointments = Words("མཇལ་ཁ་མེད།", "没有预约。", "No appointments.")
    static let consultations = Words("ནད་བརྟག", "诊疗记录", "Consultations")
    static let noConsultations = Words("ནད་བརྟག་མེད།", "没有诊疗记录。", "No consultations.")
    static let when = Words("དུས་ཚོད།", "时间", "When")
    static let mode = Words("རྣམ་པ།", "方式", "Mode")
    static let status = Words("གནས་སྟངས།", "状态", "Status")
    static let doctor = Words("སྨན་པ།", "医生", "Doctor")
    static let notes = Words("ཟིན་བྲིས།", "记录", "Notes")
    static let signed = Words("མིང་རྟགས་བཀོད་ཟིན།", "已签名", "Signed")
    static let draft = Words("མིང་རྟགས་མ་བཀོད།", "草稿", "Draft")
    static let open = Words("ཁ་ཕྱེ།", "打开", "Open")
    static let book = Words("མཇལ་ཁ་འགོད་པ།", "预约", "Book")
    static let walkIn = Words("ཐད་བྱོན།", "现场就诊", "Walk-in")
    static let healthFile = Words("འཕྲོད་བསྟེན་ཡིག་ཆ།", "健康档案", "Health file")
    static let printSummary = Words("སྙིང་བསྡུས་པར་འདེབས།", "打印健康摘要", "Print summary")
    static let none = Words("མེད།", "无", "None")

    /// `words[key]` in the language, or the key itself when the API sent a value the console has no words for.
    static func label(_ table: [String: Words], _ key: String, _ language: Language) -> String {
        table[key].map { $0(language) } ?? key
    }
}
