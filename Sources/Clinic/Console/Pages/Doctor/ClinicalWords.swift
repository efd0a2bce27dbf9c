import ClinicDomain
import ClinicHTTP
import ClinicSupport

/// Labels of clinical values (treatment kinds, assessment kinds and bands, vitals) that several doctor pages
/// show. The API's values stay the keys; only what a person reads is translated.
enum ClinicalWords {
    /// In the order the form offers them; the Tibetan medicine kinds are the API's own values.
    static let treatmentKinds: [(String, Words)] = [
        ("medication", Words("སྨན།", "药物", "Medication")),
        ("injection", Words("ཁབ་རྒྱག་པ།", "注射", "Injection")),
        ("infusion", Words("ཁབ་ཆུ།", "输液", "Infusion")),
        ("woundCare", Words("རྨ་ཁ་བདག་སྐྱོང་།", "伤口护理", "Wound care")),
        ("physiotherapy", Words("ལུས་སྦྱོང་བཅོས་ཐབས།", "理疗", "Physiotherapy")),
        ("education", Words("འཕྲོད་བསྟེན་སློབ་གསོ།", "健康教育", "Health education")),
        ("referral", Words("སྨན་ཁང་གཞན་དུ་སྐྱེལ་བ།", "转诊", "Referral")),
        ("tibetanMedicine", Words("བོད་སྨན།", "藏药", "Tibetan medicine")),
        ("tibetanPlaster", Words("བོད་སྨན་སྦྱར་བཅོས།", "藏药贴敷", "Tibetan medicine plaster")),
        (
            "externalTherapy",
            Words(
                "ཕྱི་བཅོས། (མེ་བཙའ། ཁབ་བཅོས་སོགས།)", "外治（艾灸、拔罐、针刺等）",
                "External therapy (moxibustion, cupping, acupuncture)")
        ),
        ("other", Words("གཞན།", "其他", "Other")),
    ]
    static let bands: [String: Words] = [
        "independent": Words("རང་ཚུགས་ཐུབ།", "独立 / 可自理", "Independent"),
        "slightDependency": Words("ཏོག་ཙམ་བརྟེན་དགོས།", "轻微依赖", "Slight dependency"),
        "mildDependency": Words("ཅུང་ཟད་བརྟེན་དགོས།", "轻度依赖", "Mild dependency"),
        "moderateDependency": Words("འབྲིང་རིམ་བརྟེན་དགོས།", "中度依赖", "Moderate dependency"),
        "severeDependency": Words("ཚབས་ཆེན་བརྟེན་དགོས།", "重度依赖", "Severe dependency"),
        "totalDependency": Words("ཡོངས་སུ་བརྟེན་དགོས།", "完全依赖", "Total dependency"),
        "dependent": Words("རང་འཚོ་མི་ཐུབ།", "不能自理", "Dependent"),
    ]
    static let assessmentKinds: [(String, Words)] = [
        (
            "barthel",
            Words(
                "བར་ཐེལ་ཚད་གཞི། (ཉིན་རེའི་འཚོ་བའི་ནུས་པ།)", "Barthel 指数（日常生活能力）",
                "Barthel index (activities of daily living)")
        ),
        ("selfCare", Words("རྒན་པའི་རང་འཚོ་ནུས་པའི་ཚོད་དཔག", "老年人生活自理能力评估", "Elderly self-care assessment")),
    ]
    /// Vitals in the form's order, with the unit shown beside the label.
    static let vitals: [(String, Words)] = [
        ("systolic", Words("ཁྲག་ཤེད་མཐོ་ཤོས། (mmHg)", "收缩压 (mmHg)", "Systolic (mmHg)")),
        ("diastolic", Words("ཁྲག་ཤེད་དམའ་ཤོས། (mmHg)", "舒张压 (mmHg)", "Diastolic (mmHg)")),
        ("heartRate", Words("སྙིང་འཕར། (/min)", "心率 (次/分)", "Heart rate (/min)")),
        ("spo2", Words("ཁྲག་གི་དབུགས་རླུང་། SpO₂ (%)", "血氧 SpO₂ (%)", "SpO₂ (%)")),
        ("temperature", Words("ལུས་དྲོད། (°C)", "体温 (°C)", "Temperature (°C)")),
        ("glucose", Words("ཁྲག་གི་མངར་རྫས། (mmol/L)", "血糖 (mmol/L)", "Glucose (mmol/L)")),
        ("weightKg", Words("ལྗིད་ཚད། (kg)", "体重 (kg)", "Weight (kg)")),
        ("heightCm", Words("བོང་ཚད། (cm)", "身高 (cm)", "Height (cm)")),
    ]
    static let notes: [(String, Words)] = [
        ("subjective", Words("ནད་པའི་གླེང་བརྗོད། (S)", "主诉 (S)", "Subjective (S)")),
        ("objective", Words("ཞིབ་བཤེར་མཐོང་རྒྱུ། (O)", "检查所见 (O)", "Objective (O)")),
        ("assessment", Words("དཔྱད་འབྱེད། (A)", "评估 (A)", "Assessment (A)")),
        ("plan", Words("ལས་འཆར། (P)", "计划 (P)", "Plan (P)")),
    ]

    static let mode = Words("རྣམ་པ།", "方式", "Mode")
    static let status = Words("གནས་སྟངས།", "状态", "Status")
    static let channel = Words("བརྒྱུད་ལམ།", "渠道", "Channel")
    static let time = Words("དུས་ཚོད།", "时间", "Time")
    static let date = Words("ཚེས་གྲངས།", "日期", "Date")
    static let resident = Words("སྡོད་དམངས།", "居民", "Resident")
    static let doctor = Words("སྨན་པ།", "医生", "Doctor")
    static let reason = Words("རྒྱུ་མཚན།", "原因", "Reason")
    static let none = Words("མེད།", "无", "None")
    static let previous = Words("སྔོན་མ།", "上一页", "Previous")
    static let next = Words("རྗེས་མ།", "下一页", "Next")
    static let draft = Words("ཟིན་བྲིས། (མིང་རྟགས་མ་བཀོད།)", "草稿（未签名）", "Draft (not signed)")
    static let signed = Words("མིང་རྟགས་བཀོད་ཟིན།", "已签名", "Signed")
    static let healthFile = Words("འཕྲོད་བསྟེན་ཡིག་ཚགས།", "健康档案", "Health file")
    static let newConsultation = Words("བརྟག་དཔྱད་ཐོ་འགོད།", "记录诊疗", "Record consultation")
    static let newAssessment = Words("ཚོད་དཔག་ཐོ་འགོད།", "记录评估", "Record assessment")
    static let score = Words("སྐར་གྲངས།", "得分", "Score")
    static let band = Words("རིམ་པ།", "等级", "Band")

    static func word(_ table: [String: Words], _ value: String, _ context: RequestContext) -> String {
        table[value].map { context.t($0) } ?? value
    }

    static func word(_ table: [(String, Words)], _ value: String, _ context: RequestContext) -> String {
        table.first { $0.0 == value }.map { context.t($0.1) } ?? value
    }
}
