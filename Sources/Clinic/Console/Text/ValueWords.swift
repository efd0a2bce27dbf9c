/// The words for the values the API sends that a user reads (a consultation's mode, an appointment's status, a vital
/// sign's flag…): one table for each kind of value, so a value reads the same on every page. A value the console has
/// no words for is shown as the API sent it.
enum ValueWords {
    static let modes: [String: Words] = [
        "onsite": Words("སྨན་ཁང་དུ།", "到诊", "On site"),
        "remote": Words("རྒྱང་རིང་།", "远程", "Remote"),
        "home": Words("ཁྱིམ་དུ་བཅར་བ།", "上门", "Home visit"),
    ]
    static let appointmentStatuses: [String: Words] = [
        "booked": Words("ཐོ་བཀོད་ཟིན།", "已预约", "Booked"),
        "checkedIn": Words("འབྱོར་ཟིན།", "已签到", "Checked in"),
        "completed": Words("ལེགས་གྲུབ།", "已完成", "Completed"),
        "cancelled": Words("ཕྱིར་འཐེན་ཟིན།", "已取消", "Cancelled"),
        "noShow": Words("མ་བྱོན།", "未到", "No-show"),
        "displaced": Words("དུས་འཁེལ་བསྐྱར་དགོས།", "待改约", "Displaced"),
        "rebooked": Words("དུས་འཁེལ་བསྐྱར་བཟོས།", "已改约", "Rebooked"),
    ]
    static let channels: [String: Words] = [
        "video": Words("བརྙན་འཕྲིན།", "视频", "Video"),
        "phone": Words("ཁ་པར།", "电话", "Phone"),
    ]
    /// The flags the server raises on vital signs outside their normal range (`ClinicDomain/VitalRanges.swift`).
    static let vitalFlags: [String: Words] = [
        "hypotensive": Words("ཁྲག་ཤེད་དམའ་བ།", "低血压", "Low blood pressure"),
        "hypertensive": Words("ཁྲག་ཤེད་མཐོ་བ།", "高血压", "High blood pressure"),
        "hypertensiveCrisis": Words("ཁྲག་ཤེད་ཧ་ཅང་མཐོ་བ།", "高血压危象", "Hypertensive crisis"),
        "bradycardia": Words("སྙིང་འཕར་དལ་བ།", "心动过缓", "Slow pulse"),
        "tachycardia": Words("སྙིང་འཕར་མྱུར་བ།", "心动过速", "Fast pulse"),
        "lowSpO2": Words("ཁྲག་ནང་དབུགས་རླུང་ཉུང་བ།", "血氧偏低", "Low oxygen saturation"),
        "criticalSpO2": Words("ཁྲག་ནང་དབུགས་རླུང་ཧ་ཅང་ཉུང་བ།", "血氧危急", "Critical oxygen saturation"),
        "hypothermia": Words("ལུས་དྲོད་དམའ་བ།", "体温过低", "Low temperature"),
        "fever": Words("ཚ་བ།", "发热", "Fever"),
        "highFever": Words("ཚ་བ་ཚབས་ཆེ།", "高热", "High fever"),
        "hypoglycemia": Words("ཁྲག་ཤ་ཀར་དམའ་བ།", "低血糖", "Low blood sugar"),
        "hyperglycemia": Words("ཁྲག་ཤ་ཀར་མཐོ་བ།", "高血糖", "High blood sugar"),
        "underweight": Words("ལུས་ཚད་ཡང་བ།", "体重过轻", "Underweight"),
        "overweight": Words("ལུས་ཚད་ལྗིད་པ།", "超重", "Overweight"),
        "obese": Words("ཤ་རྒྱས་ཆེ་བ།", "肥胖", "Obese"),
    ]
    static let problemStatuses: [String: Words] = [
        "active": Words("ད་ལྟ་ཡོད།", "现患", "Active"),
        "resolved": Words("དྲག་ཟིན།", "已痊愈", "Resolved"),
    ]
    static let allergySeverities: [String: Words] = [
        "mild": Words("ཡང་བ།", "轻度", "Mild"),
        "moderate": Words("འབྲིང་བ།", "中度", "Moderate"),
        "severe": Words("ཚབས་ཆེ་བ།", "重度", "Severe"),
    ]

    static func mode(_ value: String) -> Words { look(modes, value) }
    static func appointmentStatus(_ value: String) -> Words { look(appointmentStatuses, value) }
    static func channel(_ value: String) -> Words { look(channels, value) }
    static func vitalFlag(_ value: String) -> Words { look(vitalFlags, value) }
    static func problemStatus(_ value: String) -> Words { look(problemStatuses, value) }
    static func allergySeverity(_ value: String) -> Words { look(allergySeverities, value) }

    /// The usual names of a clinic's sessions (the defaults are "morning" and "afternoon"); a session named otherwise
    /// in the clinic's settings shows as the clinic named it.
    static let sessionNames: [String: Words] = [
        "morning": Words("སྔ་དྲོ།", "上午", "Morning"), "afternoon": Words("ཕྱི་དྲོ།", "下午", "Afternoon"),
        "evening": Words("དགོང་མོ།", "晚上", "Evening"), "day": Words("ཉིན་གང་།", "全天", "All day"),
    ]
    static func session(_ name: String) -> Words { sessionNames[name.lowercased()] ?? Words(name, name, name) }

    /// `table[value]`, or the value itself in every language.
    static func look(_ table: [String: Words], _ value: String) -> Words {
        table[value] ?? Words(value, value, value)
    }
}
