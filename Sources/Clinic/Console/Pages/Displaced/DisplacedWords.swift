/// The words of the displaced-appointments work list, the rebooking pages and the preview of a closure or an
/// unavailability.
enum DisplacedWords {
    static let title = Words(
        "བསྐྱར་དུ་དུས་འཁེལ་དགོས་པའི་མཇལ་ཁ།", "需重新预约的就诊", "Displaced appointments")
    static let hint = Words(
        "མཇལ་ཁ་འདི་དག་གི་ལས་དུས་མི་འཚོགས། (སྒོ་རྒྱག་པའམ་སྨན་པ་ཁོམ་མེད།) སྡོད་དམངས་རེ་རེར་བསྐྱར་དུ་དུས་འཁེལ་བཟོས་ནས་ཁ་པར་གཏོང་རོགས།",
        "这些预约所在的门诊不再开诊（停诊或医生不能出诊）。请为每位居民重新预约，并打电话告知。",
        "Their sessions will not run (the clinic is closed or the doctor cannot come). Rebook each resident and "
            + "call them.")
    static let resident = Words("སྡོད་དམངས།", "居民", "Resident")
    static let wasAt = Words("སྔར་གྱི་དུས་ཚོད།", "原定时间", "Was at")
    static let why = Words("རྒྱུ་མཚན།", "原因", "Why")
    static let reasons: [String: Words] = [
        "closure": Words("སྨན་ཁང་སྒོ་བརྒྱབ།", "停诊", "Clinic closed"),
        "unavailable": Words("སྨན་པ་ཁོམ་མེད།", "医生不能出诊", "Doctor away"),
    ]
    static let noPhone = Words("ཁ་པར་མེད།", "无电话", "No phone")
    static let rebook = Words("ཉེ་ཤོས་སུ་བསྐྱར་འཁེལ།", "改到最近号源", "Rebook earliest")
    static let pick = Words("དུས་ཚོད་འདེམས།", "选择号源", "Pick a slot")
    static let rebookAll = Words("ཚང་མ་བསྐྱར་དུ་དུས་འཁེལ།", "全部重新预约", "Rebook all")
    static let rebookAllHint = Words(
        "སྡོད་དམངས་རེ་རེ་ཆུ་ཚོད་ ༢ རྗེས་ནས་ཉིན་ ༡༤ ནང་གི་རྣམ་པ་གཅིག་པའི་དུས་ཚོད་སྟོང་པ་ཉེ་ཤོས་སུ་འཇུག སྐད་ཡིག་མཐུན་པའི་སྨན་པ་སྔོན་ལ། ལམ་ལྗང་ཁུ་སྔོན་ལ།",
        "每位居民改到 2 小时后至 14 天内最早的同类号源，优先选会说其语言的医生；绿色通道居民优先。",
        "Each resident goes to the earliest free slot of the same mode starting 2 hours to 14 days from now, a doctor "
            + "who speaks their language first; priority residents first.")
    static let none = Words(
        "བསྐྱར་དུ་དུས་འཁེལ་དགོས་པའི་མཇལ་ཁ་མེད།", "没有需要重新预约的就诊。", "No displaced appointments.")
    static let results = Words("བསྐྱར་འཁེལ་གྱི་འབྲས་བུ།", "重新预约结果", "Rebooking results")
    static let rebookedTo = Words("བསྐྱར་འཁེལ་ཟིན།", "已改到", "Rebooked to")
    static let noSlot = Words(
        "ཉིན་ ༡༤ ནང་དུས་ཚོད་སྟོང་པ་མེད།", "14 天内没有空号", "No free slot within 14 days")
    static let noSlotPick = Words(
        "ཉིན་ ༡༤ ནང་དུས་ཚོད་སྟོང་པ་མེད། གཤམ་དུ་དུས་ཚོད་གཞན་ཞིག་འདེམས་རོགས།",
        "14 天内没有合适的空号，请在下面的一周中选择号源。",
        "No suitable free slot within 14 days: pick one from the weeks below.")
    static let gone = Words(
        "མཇལ་ཁ་འདི་བསྐྱར་འཁེལ་ཟིན་པའམ་མེད་པར་བཟོས་ཟིན།", "该预约已重新预约或已取消。",
        "That appointment was rebooked or cancelled meanwhile.")
    static let nothingDone = Words(
        "བསྐྱར་འཁེལ་བྱ་རྒྱུ་མེད།", "没有可重新预约的。", "There was nothing to rebook.")
    static let rebookHere = Words("འདིར་འཁེལ།", "改约到此", "Rebook here")
    static let pickTitle = Words("བསྐྱར་འཁེལ་གྱི་དུས་ཚོད་འདེམས།", "选择新的号源", "Pick a new slot")
    static let back = Words("ཐོ་ལ་ཕྱིར་ལོག", "返回清单", "Back to the list")
    static let waiting = Words("བསྐྱར་འཁེལ་སྒུག་བཞིན།", "待重新预约", "Displaced")

    // The preview of a closure or an unavailability.
    static let previewTitle = Words("འགྱུར་བ་མ་བཟོ་གོང་ལྟ་བ།", "确认前预览", "Check before it is made")
    static let wouldDisplace = Words(
        "འདི་བཟོས་ན་ཐོ་འགོད་བྱས་པའི་མཇལ་ཁ་འདི་དག་བསྐྱར་དུ་དུས་འཁེལ་དགོས།", "这样做之后，下列预约需要重新预约",
        "This would displace these bookings")
    static let displacesNone = Words(
        "ཐོ་འགོད་བྱས་པའི་མཇལ་ཁ་གང་ལ་ཡང་ཤུགས་རྐྱེན་མེད།", "不会影响任何已有预约。", "No booking would be displaced.")
    static let count = Words("གྲངས།", "数量", "Count")
    static let moreNotListed = Words("ད་དུང་མ་བཀོད་པ།", "另有未列出的", "More not listed")
    static let confirm = Words("གཏན་འཁེལ་བྱེད།", "确认", "Confirm")
    static let change = Words("བཟོ་བཅོས།", "修改", "Change it")
    static let changed = Words(
        "ཐོ་འགོད་ཟིན། གཤམ་གྱི་མཇལ་ཁ་རྣམས་བསྐྱར་དུ་དུས་འཁེལ་རོགས།", "已记录。请为下列预约重新预约。",
        "Recorded. Rebook the bookings below.")
    static let displacedForDesk = Words(
        "ཐོ་འགོད་ཟིན། མཇལ་ཁ་འདི་དག་སྒོ་སྲུང་གིས་བསྐྱར་དུ་དུས་འཁེལ་བྱེད།", "已记录。受影响的预约将由前台重新预约",
        "Recorded. The front desk will rebook the displaced bookings")
}
