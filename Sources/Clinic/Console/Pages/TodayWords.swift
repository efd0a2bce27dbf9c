/// The labels of the front desk's day: the today page, its row buttons and their notices.
enum TodayWords {
    static let title = Words("སྨན་ཁང་གི་ཉིན་མོ།", "门诊日", "The clinic's day")
    static let date = Words("ཚེས་གྲངས།", "日期", "Date")
    static let show = Words("ལྟ་བ།", "查看", "Show")
    static let previousDay = Words("ཉིན་སྔ་མ།", "前一天", "Previous day")
    static let nextDay = Words("ཉིན་རྗེས་མ།", "后一天", "Next day")
    static let today = Words("དེ་རིང་།", "今天", "Today")
    static let noDoctor = Words(
        "ཉིན་འདིར་ཞབས་ཞུ་བའི་སྨན་པ་མེད།", "这一天没有医生值班。", "No doctor is on duty this day.")
    static let noAppointments = Words("མཇལ་ཁ་མེད།", "没有预约。", "No appointments.")
    static let printDayList = Words("ཉིན་ཐོ་པར་དུ་བསྐྲུན།", "打印日程表", "Print day list")
    static let time = Words("དུས་ཚོད།", "时间", "Time")
    static let resident = Words("སྡོད་དམངས།", "居民", "Resident")
    static let mode = Words("ཐབས་ལམ།", "方式", "Mode")
    static let status = Words("གནས་སྟངས།", "状态", "Status")
    static let actions = Words("བྱ་བ།", "操作", "Actions")
    static let reason = Words("རྒྱུ་མཚན།", "原因", "Reason")
    static let priority = Words("ལམ་ལྗང་ཁུ།", "绿色通道", "Priority")
    static let walkIn = Words("ཐད་བྱོན།", "随到", "Walk-in")
    static let interpreter = Words("ལོ་ཙཱ་བ།", "翻译", "Interpreter")

    static let checkIn = Words("འབྱོར་ཐོ་འགོད།", "签到", "Check in")
    static let noShow = Words("མ་འབྱོར།", "未到", "No-show")
    static let complete = Words("མཇུག་སྒྲིལ།", "完成", "Complete")
    static let cancel = Words("མཇལ་ཁ་ཕྱིར་འཐེན།", "取消预约", "Cancel appointment")
    static let cancelReason = Words("ཕྱིར་འཐེན་གྱི་རྒྱུ་མཚན།", "取消原因", "Reason for cancelling")
    static let back = Words("ཕྱིར་ལོག", "返回", "Back")
    static let confirmNoShow = Words(
        "སྡོད་དམངས་འདི་མ་འབྱོར་བར་འགོད་དམ།", "确定标记为未到吗？", "Mark this resident as not come?")
    static let confirmCancel = Words("མཇལ་ཁ་འདི་ཕྱིར་འཐེན་བྱེད་དམ།", "确定取消这个预约吗？", "Cancel this appointment?")

    static let walkInQueue = Words("ཐད་བྱོན་སྒུག་ཐོ།", "随到候诊队列", "Walk-in queue")
    static let nobodyWaiting = Words("སྒུག་མཁན་མེད།", "没有人在等候。", "Nobody is waiting.")
    static let position = Words("གོ་རིམ།", "顺序", "Number")
    static let arrived = Words("འབྱོར་དུས།", "到达时间", "Arrived")
    static let wentHome = Words("ཁྱིམ་ལ་ལོག་སོང་།", "已离开", "Went home")
    static let newWalkIn = Words("ཐད་བྱོན་ཐོ་འགོད།", "登记随到患者", "Walk-in at the door")

    static let checkedInDone = Words("འབྱོར་ཐོ་བཀོད་ཟིན།", "已签到。", "Checked in.")
    static let noShowDone = Words("མ་འབྱོར་བར་བཀོད་ཟིན།", "已标记为未到。", "Marked as not come.")
    static let completedDone = Words("ལེགས་གྲུབ་ཏུ་བཀོད་ཟིན།", "已标记为完成。", "Marked as completed.")
    static let cancelledDone = Words("མཇལ་ཁ་ཕྱིར་འཐེན་བྱས་ཟིན།", "预约已取消。", "The appointment is cancelled.")
    static let leftDone = Words("སྒུག་ཐོ་ནས་ཕྱིར་བཏོན་ཟིན།", "已移出队列。", "Taken off the queue.")
    static let conflict = Words(
        "མཇལ་ཁའི་ད་ལྟའི་གནས་སྟངས་ལ་བརྟེན་ནས་བཟོ་བཅོས་དེ་བྱེད་མི་ཐུབ། གཤམ་དུ་ད་ལྟའི་གནས་སྟངས་སྟོན་ཡོད།",
        "该预约当前的状态不允许这个操作。下面显示的是最新状态。",
        "That change is not possible from the appointment's current status. The list shows it as it is now.")
    static let walkInBooked = Words("ཐད་བྱོན་མཇལ་ཁ་བཀོད་ཟིན།", "随到患者已挂号：", "Walk-in booked:")
    static let walkInQueued = Words(
        "དེ་རིང་ས་གནས་སུ་སྟོང་པའི་དུས་ཚོད་མེད་པས་སྒུག་ཐོར་བཀོད་ཟིན། གོ་རིམ།",
        "今天没有空余的到诊号，已排队。顺序号：", "No free on-site slot today: queued as number")

}
