import ClinicDomain

extension DayListPage {
    /// The day list's labels in the three languages.
    enum Labels {
        static let title = Words("ཉིན་རེའི་ཐོ།", "日程单", "Day list")
        static let appointments = Words("དུས་འཁེལ།", "预约", "Appointments")
        static let noAppointments = Words("དུས་འཁེལ་མེད།", "没有预约。", "No appointments.")
        static let grid = Words("དྲ་མིག", "网格", "Grid")
        static let walkIn = Words("ཐད་ཀར་ཡོང་བ།", "现场挂号", "walk-in")
        static let columns = [
            Words("དུས་ཚོད།", "时间", "Time"), Words("སྡོད་དམངས།", "居民", "Resident"),
            Words("ཕོ་མོ། ལོ།", "性别、年龄", "Sex, age"), Words("བྱ་ཐབས།", "方式", "Mode"),
            Words("སྔོན་འཛིན།", "优先", "Priority"), Words("ལོ་ཙཱ་བ།", "翻译", "Interpreter"),
            Words("ཁ་པར། / སྡོད་གནས།", "电话 / 地址", "Phone / address"), Words("རྒྱུ་མཚན།", "原因", "Reason"),
            Words("གནས་སྟངས།", "状态", "Status"),
        ]

        static func status(_ status: AppointmentStatus) -> Words {
            switch status {
            case .booked: Words("དུས་འཁེལ་བྱས་ཟིན།", "已预约", "booked")
            case .checkedIn: Words("ཐོ་འགོད་བྱས་ཟིན།", "已签到", "checked in")
            case .completed: Words("ལེགས་གྲུབ།", "已完成", "completed")
            case .cancelled: Words("མེད་པར་བཟོས།", "已取消", "cancelled")
            case .noShow: Words("མ་ཡོང་།", "未到", "no-show")
            case .displaced: Words("དུས་འཁེལ་བསྐྱར་དགོས།", "待改约", "displaced")
            case .rebooked: Words("དུས་འཁེལ་བསྐྱར་བཟོས།", "已改约", "rebooked")
            }
        }

        static func mode(_ mode: ConsultationMode) -> Words {
            switch mode {
            case .onsite: Words("སྨན་ཁང་དུ།", "到诊", "onsite")
            case .remote: Words("རྒྱང་རིང་།", "远程", "remote")
            case .home: Words("ཁྱིམ་དུ།", "上门", "home")
            }
        }

        static func sex(_ sex: Sex) -> Words {
            switch sex {
            case .female: Words("མོ།", "女", "female")
            case .male: Words("ཕོ།", "男", "male")
            case .other: Words("གཞན།", "其他", "other")
            case .unknown: Words("མི་ཤེས།", "未知", "unknown")
            }
        }
    }
}
