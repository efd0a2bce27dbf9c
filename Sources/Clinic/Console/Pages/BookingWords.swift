import ClinicDomain

/// The labels of the booking, appointment and reschedule pages, in the console's three languages.
enum BookingWords {
    static let book = Words("མཇལ་ཁ་འགོད་པ།", "预约", "Book")
    static let bookButton = Words("འགོད།", "预约", "Book")
    static let chooseResident = Words("སྡོད་དམངས་གདམ་པ།", "选择居民", "Choose a resident")
    static let searchHint = Words(
        "མིང་(ཡི་གེ་གང་རུང་)དང་། ཁ་པར། ཡང་ན་ཐོབ་ཐང་ལག་ཁྱེར་གྱི་ཨང་གྲངས་མཇུག་མ།",
        "姓名（任何文字）、电话或身份证号后几位", "A name in any script, a phone number or the end of an ID number")
    static let findResident = Words("སྡོད་དམངས་འཚོལ་བ།", "查找居民", "Find a resident")
    static let noResidentFound = Words("སྡོད་དམངས་རྙེད་མ་སོང་།", "没有找到居民。", "No resident found.")
    static let otherResident = Words("སྡོད་དམངས་གཞན་ཞིག་གདམ།", "换一位居民", "Choose another resident")
    static let resident = Words("སྡོད་དམངས།", "居民", "Resident")
    static let languages = Words("སྐད་ཡིག", "语言", "Languages")
    static let birthDate = Words("སྐྱེས་ཚེས།", "出生日期", "Born")
    static let priorityResident = Words(
        "ལམ་ཁ་ལྗང་ཁུའི་སྡོད་དམངས།", "绿色通道居民", "Green-channel resident")

    static let week = Words("གཟའ་འཁོར།", "周", "Week")
    static let weekHint = Words(
        "ཚེས་གྲངས་གང་རུང་ཞིག་འདེམས། དེའི་གཟའ་འཁོར་སྟོན་གྱི་རེད།", "选择任意一天，显示它所在的那一周。",
        "Pick any date: its week is shown.")
    static let weekInvalid = Words(
        "ཚེས་གྲངས་ YYYY-MM-DD ལྟར་འབྲི་རོགས།", "请按 YYYY-MM-DD 格式填写日期。", "Write the date as YYYY-MM-DD.")
    static let previousWeek = Words("གཟའ་འཁོར་སྔ་མ།", "上一周", "Previous week")
    static let nextWeek = Words("གཟའ་འཁོར་རྗེས་མ།", "下一周", "Next week")
    static let thisWeek = Words("གཟའ་འཁོར་འདི།", "本周", "This week")
    static let mode = Words("ཐབས་ལམ།", "方式", "Mode")
    static let doctor = Words("སྨན་པ།", "医生", "Doctor")
    static let language = Words("སྨན་པའི་སྐད་ཡིག", "医生的语言", "Doctor's language")
    static let all = Words("ཚང་མ།", "全部", "All")
    static let availableOnly = Words(
        "སྟོང་ཆ་ཡོད་པ་ཁོ་ན་སྟོན།", "只显示有空位的时段", "Only slots with a free seat")
    static let show = Words("སྟོན།", "显示", "Show")
    static let slots = Words("དུས་ཚོད།", "时段", "Slots")
    static let daySession = Words("ཉིན་དང་ཐུན།", "日期和班次", "Day and session")
    static let time = Words("དུས་ཚོད།", "时间", "Time")
    static let freeSeats = Words("སྟོང་ཆ།", "空位", "Free seats")
    static let noSlotsThisDay = Words("ཉིན་འདིར་དུས་ཚོད་མེད།", "这一天没有时段。", "No slots on this day.")
    static let noSlots = Words(
        "གཟའ་འཁོར་འདིར་འདེམས་ཀ་འདི་དང་མཐུན་པའི་དུས་ཚོད་མེད།", "这一周没有符合条件的时段。",
        "No slots in this week match these filters.")
    static let greenChannel = Words("ལམ་ཁ་ལྗང་ཁུ།", "绿色通道", "Green channel")
    static let full = Words("གང་ཟིན།", "已满", "Full")
    static let past = Words("འདས་ཟིན།", "已过", "Past")
    /// A slot whose session will not run (a closure, or its doctor unavailable).
    static let closed = Words("སྨན་ཁང་སྒོ་བརྒྱབ།", "停诊", "No clinic")
    static let current = Words("ད་ལྟའི་དུས་ཚོད།", "当前时段", "Current slot")
    static let reason = Words("རྒྱུ་མཚན།", "事由", "Reason")
    static let interpreter = Words("ལོ་ཙཱ་བ་དགོས་པའི་སྐད།", "需要翻译的语言", "Interpreter for")
    static let none = Words("མི་དགོས།", "不需要", "None")

    /// What the green-channel badge means, with the clinic's hold.
    static func greenChannelExplained(_ hours: Int) -> Words {
        Words(
            "ལམ་ཁ་ལྗང་ཁུ་ནི་དམིགས་བསལ་གཟིགས་སྐྱོང་གི་སྡོད་དམངས་(རྐྱང་བསྡད། རྒན་པ་གཅིག་པུ། དབང་པོ་སྐྱོན་ཅན། "
                + "འབབ་ཆུང་། དཀའ་ངལ་ཆེ་བ།)ཆེད་དུ་ཉར་བའི་དུས་ཚོད་ཡིན། "
                + "འགོ་མ་ཚུགས་གོང་ཆུ་ཚོད་ \(hours) ལ་མི་ཚང་མར་ཁ་ཕྱེ་གི་རེད།",
            "绿色通道时段留给优先照顾的居民（独居、空巢、残疾、低收入、特殊困难），开始前 \(hours) 小时起向所有人开放。",
            "Green-channel slots are held for priority residents (living alone, empty nest, disabled, low income, "
                + "special hardship); \(hours) hours before the start they open to everyone.")
    }

    /// A language tag's own name (as the language switch writes it); other tags as they are.
    static func languageName(_ tag: String) -> String {
        Language(rawValue: tag).map(ConsoleLanguage.name(of:)) ?? tag
    }

    // The appointment page.
    static let appointment = Words("མཇལ་ཁ།", "预约详情", "Appointment")
    static let date = Words("ཚེས་གྲངས།", "日期", "Date")
    static let status = Words("གནས་སྟངས།", "状态", "Status")
    static let cancelReason = Words("ཕྱིར་འཐེན་གྱི་རྒྱུ་མཚན།", "取消原因", "Why it was cancelled")
    static let walkIn = Words("སྔོན་འགོད་མེད་པར་བྱོན་པ།", "现场挂号", "Walk-in")
    static let actions = Words("བྱ་བ།", "操作", "Actions")
    static let reschedule = Words("དུས་ཚོད་བསྒྱུར་བ།", "改约", "Reschedule")
    static let cancelAppointment = Words("མཇལ་ཁ་ཕྱིར་འཐེན།", "取消预约", "Cancel the appointment")
    static let cancelConfirm = Words(
        "མཇལ་ཁ་འདི་ཕྱིར་འཐེན་བྱེད་དམ།", "确定取消这个预约吗？", "Cancel this appointment?")
    static let checkIn = Words("འབྱོར་ཐོ་འགོད།", "签到", "Check in")
    static let noShow = Words("མ་བྱོན།", "未到", "No-show")
    static let noShowConfirm = Words(
        "སྡོད་དམངས་འདི་མ་བྱོན་པར་འགོད་དམ།", "确定记为未到吗？", "Mark this resident as not come?")
    static let complete = Words("མཇུག་སྒྲིལ།", "完成", "Complete")
    static let noActions = Words(
        "གནས་སྟངས་འདི་ལ་བྱ་བ་གཞན་མེད།", "这个状态下没有可做的操作。", "Nothing more can be done in this status.")

    /// Notices after a change (`?done=`), by the change.
    static let done: [String: Words] = [
        "booked": Words("མཇལ་ཁ་བཀོད་ཟིན།", "预约成功。", "The appointment is booked."),
        "rescheduled": Words("དུས་ཚོད་བསྒྱུར་ཟིན།", "已改约到新的时段。", "The appointment is moved to the new slot."),
        "cancelled": Words("མཇལ་ཁ་ཕྱིར་འཐེན་བྱས་ཟིན།", "预约已取消。", "The appointment is cancelled."),
        "checkedIn": Words("འབྱོར་ཐོ་བཀོད་ཟིན།", "已签到。", "Checked in."),
        "noShow": Words("མ་བྱོན་པར་བཀོད་ཟིན།", "已记为未到。", "Marked as a no-show."),
        "completed": Words("མཇུག་སྒྲིལ་ཟིན།", "已完成。", "Completed."),
    ]

    // The reschedule page.
    static let rescheduleTitle = Words("མཇལ་ཁའི་དུས་ཚོད་བསྒྱུར་བ།", "改约", "Reschedule the appointment")
    static let moveHere = Words("འདིར་སྤོ།", "改到这里", "Move here")
    static let nowAt = Words("ད་ལྟའི་དུས་ཚོད།", "现在的时间", "Now at")
    static let backToAppointment = Words("མཇལ་ཁར་ཕྱིར་ལོག", "返回预约", "Back to the appointment")
    static let cannotReschedule = Words(
        "མཇལ་ཁ་བཀོད་ཟིན་པ་ཁོ་ན་དུས་ཚོད་བསྒྱུར་ཆོག", "只有已预约的预约可以改约。", "Only a booked appointment can be moved.")

    /// Why a booking or a move was refused, by the problem's type (`urn:clinic:problem:<code>`).
    static let conflicts: [String: Words] = [
        "slot-full": Words(
            "དུས་ཚོད་འདི་གང་ཟིན། དུས་ཚོད་གཞན་ཞིག་འདེམས་རོགས།", "这个时段已经约满，请选择其他时段。",
            "This slot is full. Please choose another one."),
        "slot-in-past": Words(
            "དུས་ཚོད་འདི་འགོ་ཚུགས་ཟིན་པའམ་འདས་ཟིན། དུས་ཚོད་གཞན་ཞིག་འདེམས་རོགས།", "这个时段已经开始或已过去，请选择其他时段。",
            "This slot has already started or is over. Please choose another one."),
        "slot-priority-only": Words(
            "དུས་ཚོད་འདི་ལམ་ཁ་ལྗང་ཁུའི་ཆེད་དུ་ཉར་ཡོད། སྡོད་དམངས་འདི་དམིགས་བསལ་གཟིགས་སྐྱོང་གི་ཁོངས་སུ་མི་གཏོགས།",
            "这个时段为绿色通道保留，这位居民不属于优先照顾对象。",
            "This slot is held for the green channel, and this resident is not a priority resident."),
        "overlapping-appointment": Words(
            "སྡོད་དམངས་འདི་ལ་དུས་ཚོད་དེར་མཇལ་ཁ་གཞན་ཞིག་ཡོད་ཟིན།", "这位居民在这个时间已经有别的预约。",
            "This resident already has another appointment at that time."),
        "same-slot": Words(
            "མཇལ་ཁ་འདི་དུས་ཚོད་དེ་ཉིད་ལ་ཡོད་ཟིན།", "预约已经在这个时段。", "The appointment is already in this slot."),
        "resident-inactive": Words(
            "སྡོད་དམངས་འདི་ད་ནི་འདིར་བདག་སྐྱོང་མི་བྱེད། (གནས་སྤོས་པའམ་འདས་གྲོངས།) དོ་དམ་པས་ཡང་བསྐྱར་སྤྱོད་ཆོག",
            "这位居民已不在本社区照护（已搬走或已去世）；管理员可以重新启用。",
            "This resident is no longer cared for here (moved away or deceased); an admin can reactivate them."),
        "request-not-open": Words(
            "སྨན་པའི་རེ་ཞུ་འདི་མཇལ་ཁ་འགོད་པའམ་མཇུག་སྒྲིལ་ཟིན།", "这个医生请求已经预约或已关闭。",
            "This doctor request was booked or closed already."),
        "invalid-transition": Words(
            "མཇལ་ཁ་འདིའི་གནས་སྟངས་ཀྱིས་བཟོ་བཅོས་མི་ཆོག", "这个预约的状态不允许这样修改。",
            "The appointment's status does not allow this change."),
        "idempotency-in-progress": Words(
            "མཇལ་ཁ་འདི་འགོད་བཞིན་ཡོད། ཅུང་ཙམ་སྒུག་ནས་ཤོག་ངོས་གསར་བཅོས་གནང་།", "正在预约，请稍候刷新页面。",
            "This booking is still being made. Wait a moment and reload the page."),
    ]

    /// The conflict message for a problem, or nil for a type without one.
    static func conflict(_ problem: ConsoleAPI.Problem) -> Words? {
        let code = problem.type.split(separator: ":").last.map(String.init) ?? problem.type
        return conflicts[code]
    }
}
