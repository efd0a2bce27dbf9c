import ClinicDomain

/// The outreach pages' words in Tibetan, Chinese and English.
enum OutreachWords {
    static let round = Words("དེ་རིང་གི་ཁྱིམ་བསྐོར།", "今日走访", "Today's round")
    static let roundHint = Words(
        "ཁྱེད་ཀྱི་དྲ་མིག་ནང་ཉིན་ ༩༠ རིང་མ་ཐུག་པའི་རྒན་པ། འགྲོ་ལམ་གྱི་གོ་རིམ་ལྟར།",
        "您网格内 90 天未见的老人，按走访路线排序。",
        "The elderly of your grids not seen for 90 days, in walking order.")
    static let nobody = Words("དེ་རིང་ཐུག་དགོས་པ་མེད། ཡག་པོ།", "今天没有需要走访的老人。", "Nobody left to visit today.")
    static let lastSeen = Words("མཐའ་མའི་ཐུག་ཚེས།", "最近见到", "Last seen")
    static let never = Words("ནམ་ཡང་མ་ཐུག", "从未", "Never")
    static let household = Words("ཁྱིམ་ཚང་།", "户", "Household")
    static let more = Words("ཁྲག་ཤེད་དང་ཟིན་བྲིས།", "血压和备注", "Blood pressure and note")
    static let systolic = Words("ཁྲག་ཤེད་མཐོ་ཤོས།", "收缩压", "Systolic")
    static let diastolic = Words("ཁྲག་ཤེད་དམའ་ཤོས།", "舒张压", "Diastolic")
    static let note = Words("ཟིན་བྲིས།", "备注", "Note")
    static let recorded = Words("ཉར་ཟིན།", "已记录。", "Recorded.")
    static let visits = Words("ཁྱིམ་བསྐོར་ཐོ།", "走访记录", "Outreach visits")
    static let inactive = Words("འདིར་མི་བདག་སྐྱོང་།", "已不在本社区照护", "No longer cared for here")
    static let reactivated = Words("སྡོད་དམངས་ཡང་བསྐྱར་སྤྱོད་ཟིན།", "居民已重新启用。", "The resident is cared for here again.")
    static let outcomeHeading = Words("འབྲས་བུ།", "结果", "Outcome")
    static let pressure = Words("ཁྲག་ཤེད།", "血压", "Blood pressure")
    static let reactivate = Words("ཡང་བསྐྱར་སྤྱོད་པ།", "重新启用", "Reactivate")
    static let requests = Words("སྨན་པ་དགོས་པའི་རེ་ཞུ།", "请医生上门", "Doctor requests")
    static let requestsHint = Words(
        "ཁྱིམ་བསྐོར་སྐབས་སྨན་པ་དགོས་པའི་སྡོད་དམངས། ལམ་ཁ་ལྗང་ཁུ་བརྒྱུད་མཇལ་ཁ་འགོད།",
        "走访中发现需要医生的居民；通过绿色通道预约。",
        "Residents an outreach visit found in need of a doctor; book them through the green channel.")
    static let book = Words("ལམ་ཁ་ལྗང་ཁུས་མཇལ་ཁ་འགོད།", "绿色通道预约", "Book (green channel)")
    static let actions = Words("བྱ་བ།", "操作", "Actions")
    static let close = Words("མཇུག་སྒྲིལ།", "关闭", "Close")
    static let closeReason = Words("རྒྱུ་མཚན།", "原因", "Reason")
    static let visitedAt = Words("བསྐོར་ཚེས།", "走访时间", "Visited")
    static let noRequests = Words("རེ་ཞུ་མེད།", "没有待处理的请求。", "No open requests.")
    static let closed = Words("རེ་ཞུ་མཇུག་སྒྲིལ་ཟིན།", "请求已关闭。", "Request closed.")
    static let conflict = Words(
        "རེ་ཞུ་འདི་མཇལ་ཁ་འགོད་པའམ་མཇུག་སྒྲིལ་ཟིན།", "该请求已预约或已关闭。", "The request was booked or closed already.")

    static let outcomes: [String: Words] = [
        "seenWell": Words("ཐུག་སོང་། བདེ་ཐང་།", "已见，状况良好", "Seen, well"),
        "notHome": Words("ཁྱིམ་ན་མེད།", "不在家", "Not home"),
        "needsDoctor": Words("སྨན་པ་དགོས།", "需要医生", "Needs a doctor"),
        "hospitalised": Words("སྨན་ཁང་དུ་ཞུགས།", "已住院", "In hospital"),
        "movedAway": Words("གནས་སྤོས།", "已搬走", "Moved away"),
        "deceased": Words("འདས་གྲོངས།", "已去世", "Deceased"),
    ]

    static func outcome(_ value: String, _ language: Language) -> String {
        outcomes[value].map { $0(language) } ?? value
    }
}
