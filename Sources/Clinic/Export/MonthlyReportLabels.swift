import ClinicDomain

/// The monthly report's words in the three languages: each figure's label, the sections' headings and the page's
/// own words. Tibetan and Chinese should be reviewed by a native speaker (README, Languages and fonts).
enum MonthlyReportLabels {
    static let figures: [String: Words] = [
        "sessions.rostered": Words("ལས་རེས་ལྟར་གྱི་ལས་ཚན།", "排班诊次", "sessions rostered"),
        "sessions.held": Words("ལག་ལེན་བྱས་པའི་ལས་ཚན།", "实际开诊诊次", "sessions held"),
        "sessions.uncovered": Words("མི་འཚོག་པའི་ལས་ཚན།", "停诊诊次", "sessions not run"),
        "consultations.total": Words("ནད་བརྟག་ཁྱོན།", "诊疗人次", "consultations"),
        "consultations.residents": Words("ནད་བརྟག་བྱས་པའི་སྡོད་དམངས།", "就诊居民数", "residents seen"),
        "consultations.byMode.onsite": Words("ས་གནས་སུ།", "现场", "on site"),
        "consultations.byMode.remote": Words("རྒྱང་རིང་།", "远程", "remote"),
        "consultations.byMode.home": Words("ཁྱིམ་དུ་ཕེབས་པ།", "上门", "home visit"),
        "consultations.byChannel.video": Words("བརྙན་འཕྲིན།", "视频", "by video"),
        "consultations.byChannel.phone": Words("ཁ་པར།", "电话", "by phone"),
        "appointments.booked": Words("དུས་འཁེལ་ཁྱོན།", "预约总数", "appointments"),
        "appointments.completed": Words("ལེགས་གྲུབ།", "已完成", "completed"),
        "appointments.noShow": Words("མ་ཡོང་བ།", "爽约", "no-show"),
        "appointments.cancelled": Words("ཕྱིར་འཐེན།", "已取消", "cancelled"),
        "appointments.displaced": Words("སྤོ་དགོས་བྱུང་བ།", "因停诊受影响", "displaced"),
        "appointments.rebooked": Words("བསྐྱར་དུ་དུས་འཁེལ།", "已改约", "rebooked"),
        "appointments.open": Words("མཇུག་མ་བསྡུས།", "未结束", "still open"),
        "appointments.priority": Words("སྔོན་འཛིན་སྡོད་དམངས།", "优先居民预约", "of priority residents"),
        "elderly.total": Words("ལོ་ ༦༥ ཡན་གྱི་རྒན་པོ།", "65岁及以上老人", "elderly (65 and over)"),
        "elderly.seenLast90Days": Words("ཉིན་ ༩༠ ནང་ཐུག་པ།", "近90天内见过", "seen in the last 90 days"),
        "elderly.seenLast90DaysClinical": Words(
            "ཉིན་ ༩༠ ནང་ནད་བརྟག་བྱས་པ།", "近90天内就诊", "consulted in the last 90 days"),
        "elderly.assessed": Words("ཚད་འཇལ་བྱས་པ།", "已做能力评估", "assessed (last 12 months)"),
        // The bands of two scales that run in opposite directions (AssessmentBand): each line names its scale and
        // range, so that "slight" (Barthel) and "mild" (self-care) are not read as one scale's steps.
        "elderly.byBand.independent": Words(
            "རང་འགུལ། (Barthel ༡༠༠ / རང་འཚོ་ ༠–༣)", "自理（Barthel 100 / 自理评估 0–3）",
            "independent (Barthel 100 / self-care 0–3)"),
        "elderly.byBand.slightDependency": Words(
            "ཅུང་ཙམ་བརྟེན་དགོས། (Barthel ༩༡–༩༩)", "轻微依赖（Barthel 91–99）", "slight dependency (Barthel 91–99)"),
        "elderly.byBand.mildDependency": Words(
            "ཆུང་ངུ་བརྟེན་དགོས། (རང་འཚོ་ ༤–༨)", "轻度依赖（自理评估 4–8）", "mild dependency (self-care 4–8)"),
        "elderly.byBand.moderateDependency": Words(
            "འབྲིང་བརྟེན་དགོས། (Barthel ༦༡–༩༠ / རང་འཚོ་ ༩–༡༨)", "中度依赖（Barthel 61–90 / 自理评估 9–18）",
            "moderate dependency (Barthel 61–90 / self-care 9–18)"),
        "elderly.byBand.severeDependency": Words(
            "ཚབས་ཆེན་བརྟེན་དགོས། (Barthel ༢༡–༦༠)", "重度依赖（Barthel 21–60）", "severe dependency (Barthel 21–60)"),
        "elderly.byBand.totalDependency": Words(
            "ཡོངས་རྫོགས་བརྟེན་དགོས། (Barthel ༠–༢༠)", "完全依赖（Barthel 0–20）", "total dependency (Barthel 0–20)"),
        "elderly.byBand.dependent": Words(
            "བརྟེན་དགོས། (རང་འཚོ་ ≥ ༡༩)", "不能自理（自理评估 ≥ 19）", "dependent (self-care ≥ 19)"),
        "chronic.hypertension.total": Words("ཁྲག་ཤེད་མཐོ་བ།", "高血压患者", "hypertension"),
        "chronic.hypertension.reviewedThisQuarter": Words(
            "ཁྲག་ཤེད་མཐོ་བ། དུས་ཚིགས་འདིར་བརྟག་ཞིབ།", "高血压本季度随访", "hypertension reviewed this quarter"),
        "chronic.diabetes.total": Words("གཉིས་པའི་གཅིན་སྙི།", "2型糖尿病患者", "type 2 diabetes"),
        "chronic.diabetes.reviewedThisQuarter": Words(
            "གཅིན་སྙི། དུས་ཚིགས་འདིར་བརྟག་ཞིབ།", "糖尿病本季度随访", "diabetes reviewed this quarter"),
        "outreach.visits": Words("ཁྱིམ་འཚམས་ཁྱོན།", "入户走访", "outreach visits"),
        "outreach.byOutcome.seenWell": Words("བདེ་ཐང་།", "情况良好", "seen well"),
        "outreach.byOutcome.notHome": Words("ཁྱིམ་ན་མེད།", "不在家", "not at home"),
        "outreach.byOutcome.needsDoctor": Words("སྨན་པ་དགོས།", "需要医生", "needs a doctor"),
        "outreach.byOutcome.hospitalised": Words("སྨན་ཁང་དུ་ཞུགས།", "住院", "in hospital"),
        "outreach.byOutcome.movedAway": Words("གནས་སྤོས།", "已迁出", "moved away"),
        "outreach.byOutcome.deceased": Words("འདས་གྲོངས།", "已故", "deceased"),
        "outreach.byGrid": Words("དྲ་མིག", "网格", "grid"),
        "doctors.sessions": Words("ལས་ཚན།", "诊次", "sessions held"),
        "doctors.consultations": Words("ནད་བརྟག", "诊疗人次", "consultations"),
    ]

    static let sectionTitles: [String: Words] = [
        "sessions": Words("ལས་ཚན།", "诊次", "Sessions"),
        "doctors": Words("སྨན་པ།", "医生", "Doctors"),
        "consultations": Words("ནད་བརྟག", "诊疗", "Consultations"),
        "appointments": Words("དུས་འཁེལ།", "预约", "Appointments"),
        "elderly": Words("རྒན་པོ།", "老年人", "The elderly"),
        "chronic": Words("ནད་ཡུན་རིང་།", "慢病随访", "Chronic disease reviews"),
        "outreach": Words("ཁྱིམ་འཚམས།", "入户走访", "Outreach"),
    ]

    static let title = Words("ཟླ་རེའི་སྙན་ཐོ།", "月度报表", "Monthly report")
    static let month = Words("ཟླ་བ།", "月份", "Month")
    static let figure = Words("གྲངས་ཐོ།", "指标", "Figure")
    static let total = Words("ཁྱོན་བསྡོམས།", "合计", "Total")
    static let submitted = Words("ཕུལ་ཟིན།", "已上报", "Submitted")
    static let notSubmitted = Words("ད་དུང་མ་ཕུལ།", "未上报", "Not submitted")
    static let by = Words("ཕུལ་མཁན།", "上报人", "by")
    static let liveDiffers = Words(
        "ཕུལ་རྗེས་གཞི་གྲངས་བཟོ་བཅོས་བྱས་འདུག ཤོག་ངོས་འདིར་ཕུལ་བའི་གྲངས་ཐོ་ཡིན།",
        "上报后数据已有更正；此处为上报时的数字", "The data changed after submission; these are the submitted figures")
    static let generated = Words("བཟོས་པའི་དུས།", "生成时间", "Generated")
    static let noGrid = Words("དྲ་མིག་མེད།", "无网格", "no grid")

    static func figure(_ path: [String], _ language: Language) -> String {
        figures[path.joined(separator: ".")]?(language) ?? path.joined(separator: ".")
    }
}
