import ClinicDomain

extension HealthSummaryPage {
    /// The summary's labels in the three languages.
    enum Labels {
        static let title = Words("འཕྲོད་བསྟེན་ཡིག་ཚགས་ཀྱི་གནད་བསྡུས།", "健康档案摘要", "Health summary")
        static let exportDate = Words("ཕྱིར་འདྲེན་ཚེས་གྲངས།", "导出日期", "Export date")
        static let names = Words("མིང་།", "姓名", "Names")
        static let tibetan = Words("བོད་ཡིག", "藏文", "Tibetan")
        static let chinese = Words("རྒྱ་ཡིག", "中文", "Chinese")
        static let latin = Words("ལ་ཏིན་ཡིག", "拼写", "Latin")
        static let sex = Words("ཕོ་མོ།", "性别", "Sex")
        static let birthDate = Words("སྐྱེས་ཚེས།", "出生日期", "Date of birth")
        static let age = Words("ལོ།", "年龄", "Age")
        static let idNumber = Words("ངོ་སྤྲོད་ལག་ཁྱེར་ཨང་།", "身份证号", "ID number")
        static let phone = Words("ཁ་པར།", "电话", "Phone")
        static let address = Words("སྡོད་གནས།", "地址", "Address")
        static let grid = Words("དྲ་མིག", "网格", "Grid")
        static let household = Words("ཁྱིམ་ཨང་།", "户号", "Household")
        static let ethnicity = Words("མི་རིགས།", "民族", "Ethnicity")
        static let languages = Words("སྐད་ཡིག", "语言", "Languages")
        static let priority = Words("སྔོན་འཛིན།", "优先", "Priority")
        static let emergencyContact = Words("ཛ་དྲག་འབྲེལ་གཏུག་མི།", "紧急联系人", "Emergency contact")
        static let demographics = Words("གཞི་རྩའི་ཆ་འཕྲིན།", "基本信息", "Demographics")
        static let noneRecorded = Words("ཐོ་འགོད་མེད།", "无记录", "None recorded")
        static let none = Words("མེད།", "无", "None")
        static let activeProblems = Words("ད་ལྟའི་ནད་གཞི།", "当前问题", "Active problems")
        static let problem = Words("ནད་གཞི།", "问题", "Problem")
        static let onset = Words("ནད་འགོ་ཚུགས་ཚེས།", "起病", "Onset")
        static let medications = Words("སྨན་སྤྱོད།", "用药", "Medications")
        static let medication = Words("སྨན།", "药品", "Medication")
        static let dose = Words("ཚད།", "剂量", "Dose")
        static let since = Words("འགོ་ཚུགས།", "开始", "Since")
        static let until = Words("བར།", "至", "Until")
        static let allergies = Words("ཕོག་ཚོར།", "过敏", "Allergies")
        static let substance = Words("ཕོག་ཚོར་རྒྱུ་རྐྱེན།", "过敏原", "Substance")
        static let reaction = Words("ཡ་ལན།", "反应", "Reaction")
        static let severity = Words("ཚབས་ཆེ་ཆུང་།", "严重程度", "Severity")
        static let vitalSigns = Words("འཚོ་བའི་རྟགས་མཚན།", "生命体征", "Vital signs")
        static let measure = Words("རྣམ་གྲངས།", "项目", "Measure")
        static let latest = Words("ཉེ་ཤོས།", "最近", "Latest")
        static let taken = Words("ཚད་འཇལ་དུས་ཚོད།", "测量时间", "Taken")
        static let trend = Words("འགྱུར་ཕྱོགས།", "趋势", "Trend")
        static let earlier = Words("སྔོན་མ།", "之前", "Earlier")
        static let assessments = Words("ནུས་པའི་དཔྱད་ཞིབ།", "能力评估", "Assessments")
        static let assessment = Words("དཔྱད་ཞིབ།", "评估", "Assessment")
        static let score = Words("སྐར་གྲངས།", "得分", "Score")
        static let band = Words("རིམ་པ།", "等级", "Band")
        static let assessedAt = Words("དཔྱད་ཞིབ་དུས་ཚོད།", "评估时间", "Taken")
        static let barthel = Words("Barthel ཚད་གཞི།", "巴氏指数", "Barthel index")
        static let selfCare = Words("རང་འཚོ་ནུས་པ།", "生活自理能力", "Self-care")
        static let followUpsDue = Words("རྗེས་འདེད་བྱ་དགོས་པ།", "待随访", "Follow-ups due")
        static let due = Words("དུས་ཚོད།", "到期", "Due")
        static let mode = Words("བྱ་ཐབས།", "方式", "Mode")
        static let note = Words("མཆན།", "备注", "Note")
        static let recentConsultations = Words("ཉེ་ཆར་གྱི་ནད་བརྟག", "最近就诊", "Recent consultations")
        static let date = Words("ཚེས་གྲངས།", "日期", "Date")
        static let doctor = Words("སྨན་པ།", "医生", "Doctor")
        static let notes = Words("ཟིན་ཐོ།", "记录", "Notes")
        static let diagnosis = Words("ནད་ངོས་འཛིན།", "诊断", "Dx")
        static let generated = Words("བཟོས་དུས།", "生成", "Generated")
        static let keepSafe = Words(
            "མི་སྒེར་གྱི་འཕྲོད་བསྟེན་ཆ་འཕྲིན་ཡོད་པས་ཉར་ཚགས་ཡག་པོ་བྱེད་རོགས།", "含个人健康信息，请妥善保管",
            "Contains personal health information: keep it safe.")
        static let up = Words("↑ མཐོར་འགྲོ།", "↑ 升", "↑ up")
        static let down = Words("↓ དམའ་རུ་འགྲོ།", "↓ 降", "↓ down")
        static let steady = Words("→ བརྟན་པོ།", "→ 稳定", "→ steady")

        static func sex(_ sex: Sex) -> Words { DayListPage.Labels.sex(sex) }

        static let measures: [String: Words] = [
            "systolic": Words("ཁྲག་ཤེད་མཐོ་ཤོས།", "收缩压", "Systolic"),
            "diastolic": Words("ཁྲག་ཤེད་དམའ་ཤོས།", "舒张压", "Diastolic"),
            "heartRate": Words("སྙིང་འཕར།", "心率", "Heart rate"), "spo2": Words("ཁྲག་གི་འཚོ་རླུང་།", "血氧", "SpO₂"),
            "temperature": Words("ལུས་དྲོད།", "体温", "Temperature"), "glucose": Words("ཁྲག་གི་ཞོ་ཐིག", "血糖", "Glucose"),
            "weightKg": Words("ལུས་ཚད།", "体重", "Weight"), "heightCm": Words("བོང་ཚད།", "身高", "Height"),
        ]
    }
}
