/// Field messages (`errors[].message`): what domain validation (ClinicDomain), the schema check (SchemaCheck), the
/// JSON decoder and the routes say about one field. Patterns are tried in order, so a specific one
/// (`must be at most {1} characters`) stands before a general one (`must be at most {1}`).
enum FieldMessageTexts {
    static let book = Phrasebook(fixed + specific + general)

    static let fixed: [Words] = [
        Words("ངེས་པར་དུ་དགོས།", "必填", "is required"),
        Words(
            "ཟླ་བ་ YYYY-MM ཡིན་དགོས། (༢༠༠༠ ནས་ ༢༠༩༩ བར།)", "必须是 YYYY-MM 格式的月份（2000 至 2099 年）",
            "must be a month as YYYY-MM (2000 to 2099)"),
        Words("ཟླ་བ་འདི་ད་དུང་སླེབས་མེད།", "该月份尚未到来", "is still to come"),
        Words("སྟོང་པ་ཡིན་མི་རུང་།", "不能为空", "must not be empty"),
        Words("སྟོང་ཆ་ཁོ་ན་ཡིན་མི་རུང་།", "不能只有空格", "must not be only spaces"),
        Words("ཚོད་འཛིན་ཡིག་རྟགས་འདུས་མི་རུང་།", "不能包含控制字符", "must not contain control characters"),
        Words(
            "སྟོང་ཆ་ཁོ་ན་ཡིན་མི་རུང་། ཚོད་འཛིན་ཡིག་རྟགས་ཀྱང་འདུས་མི་རུང་།", "不能只有空格，也不能包含控制字符",
            "must not be only spaces nor contain control characters"),
        Words(
            "སྟོང་ཆ་ཁོ་ན་ཡིན་མི་རུང་། ཐིག་བརྗེ་དང་རེའུ་རྟགས་མ་གཏོགས་ཚོད་འཛིན་ཡིག་རྟགས་ཀྱང་འདུས་མི་རུང་།",
            "不能只有空格，除换行和制表符外也不能包含控制字符",
            "must not be only spaces nor contain control characters other than line breaks and tabs"),
        Words(
            "མགོ་མཇུག་གཉིས་སུ་བར་སྟོང་མི་རུང་། ཚོད་འཛིན་ཡིག་རྟགས་ཀྱང་འདུས་མི་རུང་།", "首尾不能有空格，也不能包含控制字符",
            "must not start or end with a space nor contain control characters"),
        Words("དུས་ཚོད་ HH:MM ཡིན་དགོས།", "必须是 HH:MM 格式的时间", "must be a time of day HH:MM"),
        Words(
            "ཐིག་བརྗེ་དང་རེའུ་རྟགས་མ་གཏོགས་ཚོད་འཛིན་ཡིག་རྟགས་འདུས་མི་རུང་།", "除换行和制表符外不能包含控制字符",
            "must not contain control characters other than line breaks and tabs"),
        Words(
            "ཡི་གེ། ཨང་ཀི། '.'། '_' ཡང་ན་ '-' 3 ནས་ 64 བར་ཡིན་དགོས། ཐོག་མ་ཡི་གེ་འམ་ཨང་ཀི་ཡིན་དགོས།",
            "必须为 3 到 64 个字母、数字、“.”、“_”或“-”，并以字母或数字开头",
            "must be 3 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"),
        Words("སྨན་པའི་སྤྱོད་མཁན་ལ་ངེས་པར་དུ་དགོས།", "医生用户必须填写", "is required for a doctor user"),
        Words("སྨན་པའི་སྤྱོད་མཁན་ཁོ་ན་ལ་ཆོག", "仅医生用户可以填写", "is only allowed for a doctor user"),
        Words(
            "དོ་དམ་པ་དང་ལས་བྱེད་པའི་སྤྱོད་མཁན་ཁོ་ན་ལ་ཆོག", "仅管理员和工作人员用户可以填写",
            "is only allowed for an admin or staff user"),
        Words("རྫོང་གི་དོ་དམ་པ་ལ་ངེས་པར་དུ་དགོས།", "县级管理员必须填写", "is required for a county admin"),
        Words(
            "འཕྲོད་བསྟེན་ཁང་མང་པོར་ཞབས་ཞུ་བྱེད་པའི་སྨན་པ་ལ་ངེས་པར་དུ་དགོས།", "在多个卫生室出诊的医生必须填写",
            "is required for a doctor who serves several clinics"),
        Words("འཕྲོད་བསྟེན་ཁང་དེ་མི་འདུག", "没有此卫生室", "no such clinic"),
        Words(
            "ཡི་གེ། ཨང་ཀི། '.'། '_' ཡང་ན་ '-' 1 ནས་ 32 བར་ཡིན་དགོས། ཐོག་མ་ཡི་གེ་འམ་ཨང་ཀི་ཡིན་དགོས།",
            "必须为 1 到 32 个字母、数字、“.”、“_”或“-”，并以字母或数字开头",
            "must be 1 to 32 letters, digits, '.', '_' or '-', starting with a letter or digit"),
        Words("དེས་མཚོན་པ་དེ་མི་འདུག", "指向的对象不存在", "names nothing that exists"),
        Words("དུས་ཚོད་འདིའི་བྱ་ཐབས་དང་མི་མཐུན།", "与该时段的方式不符", "is not the slot's mode"),
        Words("ཚད་ལྡན་གྱི་ལྡེ་མིག་མིན།", "不是有效的键", "is not a valid key"),
        Words("རེ་ཞུ་མི་འདྲ་བ་ཞིག་ལ་བེད་སྤྱོད་ཟིན།", "已用于另一个不同的请求", "was used with a different request"),
        Words("དང་ལེན་བྱེད་ཐུབ་པའི་གྲངས་ཐང་མིན།", "不是可接受的值", "is not an acceptable value"),
        Words("ཐད་ཀར་ཡོང་མཁན་ནི་སྨན་ཁང་དུ་ངོ་ཐོག་ཡིན་དགོས།", "现场挂号仅限到诊", "walk-ins are onsite"),
        Words("སྔོན་འཛིན་རྟགས་མིན།", "不是优先标记", "is not a priority flag"),
        Words("ཚད་ལྡན་གྱི་ JSON མིན།", "不是有效的 JSON", "is not valid JSON"),
        Words("ཀློག་མ་ཐུབ།", "无法读取", "could not be read"),
        Words("ཧྲིལ་གྲངས་ཡིན་དགོས།", "必须是整数", "must be a whole number"),
        Words("གྲངས་ཀ་ཡིན་དགོས།", "必须是数字", "must be a number"),
        Words("true ཡང་ན་ false ཡིན་དགོས།", "必须是 true 或 false", "must be true or false"),
        Words("YYYY-MM-DD རྣམ་པའི་ཚེས་གྲངས་ཡིན་དགོས།", "必须是 YYYY-MM-DD 格式的日期", "must be a date YYYY-MM-DD"),
        Words(
            "དུས་ཁུལ་ཁྱད་པར་ཡོད་པའི་ RFC 3339 དུས་ཚོད་ཡིན་དགོས།", "必须是带时区偏移的 RFC 3339 时间",
            "must be an RFC 3339 instant with offset"),
        Words("UUID ཡིན་དགོས།", "必须是 UUID", "must be a UUID"),
        Words("UUID མིན།", "不是 UUID", "is not a UUID"),
        Words("རྣམ་གྲངས་བསྐྱར་ཟློས་བྱེད་མི་རུང་།", "不能有重复项", "must not repeat an item"),
        Words("ངོ་ཤེས་པའི་ཁོངས་མི་མིན།", "不是已知的成员", "is not a known member"),
        Words("ཐེངས་གཉིས་བཀོད་འདུག", "重复列出", "is listed twice"),
        Words("མ་འོངས་པའི་དུས་ཚོད་ཡིན་མི་རུང་།", "不能是将来的时间", "must not be in the future"),
        Words(
            "དྲ་མིག་ལས་མི་ལ་ངེས་པར་དུ་དགོས། (ཉུང་མཐར་དྲ་མིག་གཅིག)", "网格员必须填写（至少一个网格）",
            "is required for a grid worker (at least one grid)"),
        Words("དྲ་མིག་ལས་མི་ཁོ་ན་ལ་ཆོག", "仅网格员可以填写", "is only allowed for a grid worker"),
        Words(
            "མི་འདྲ་བའི་དྲ་མིག་ ༥༠ ལས་མི་མང་བ། རེ་རེར་ཡིག་འབྲུ་ ༡༠༠ ལས་མི་མང་བ་དགོས།", "最多 50 个不同的网格，每个最多 100 个字符",
            "must be at most 50 distinct grids of at most 100 characters"),
        Words("ཁྲག་ཤེད་མཐོ་དམའ་གཉིས་མཉམ་དུ་འབྲི་དགོས།", "收缩压和舒张压须同时填写", "systolic and diastolic go together"),
        Words(
            "true ཁོ་ན། (ཡང་བསྐྱར་སྤྱོད་པ།) གནས་སྤོས་པའམ་འདས་གྲོངས་ཀྱི་ཁྱིམ་བསྐོར་ཐོ་འགོད་གནང་།",
            "只能为 true（重新启用）；请改为记录“已搬走”或“已去世”的走访",
            "only true (reactivate); record a movedAway or deceased outreach visit instead"),
        Words("སྡོད་དམངས་གཞན་ཞིག་གི་རེ་ཞུ་ཡིན།", "这是另一位居民的请求", "is a request for another resident"),
        Words(
            "དབྱིན་ཡིག་ཆུང་བ་ 2 ནས་ 8 བར་གྱི་སྐད་ཡིག་ཨང་རྟགས་ཡིན་དགོས།", "必须是 2 到 8 个小写字母的语言代码",
            "must be a lower-case language code of 2 to 8 letters"),
        Words(
            "ཨང་ཀི། སྟོང་ཆ། '-' དང་ཐོག་མའི་ '+' ཁོ་ན་འདུས་ཆོག", "只能包含数字、空格、“-”和开头的“+”",
            "may only contain digits, spaces, '-' and a leading '+'"),
        Words("IANA དུས་ཁུལ་གྱི་ཨང་རྟགས་ཡིན་དགོས།", "必须是 IANA 时区标识", "must be an IANA time zone id"),
        Words("རྒྱང་རིང་ནད་བརྟག་ལ་ངེས་པར་དུ་དགོས།", "远程诊疗必须填写", "is required for a remote consultation"),
        Words("རྒྱང་རིང་ནད་བརྟག་ཁོ་ན་ལ་སྤྲོད།", "仅远程诊疗填写", "is only given for a remote consultation"),
        Words(
            "ICD-10 ཨང་རྟགས་ཡིན་དགོས། དཔེར་ན། I10 ཡང་ན་ E11.9", "必须是 ICD-10 编码，如 I10 或 E11.9",
            "must be an ICD-10 code such as I10 or E11.9"),
        Words("systolic ལས་དམའ་དགོས།", "必须低于收缩压（systolic）", "must be lower than systolic"),
        Words(
            "ཞབས་ཞུ་འཕྲུལ་ཆས་འདིས་སྤྲོད་པའི་ cursor མིན།", "不是本服务器给出的游标", "is not a cursor this server gave"),
        Words(
            "ཞབས་ཞུ་འཕྲུལ་ཆས་འདིས་སྤྲོད་པའི་ cursor མིན།", "不是本服务器给出的游标", "is not a cursor this server issued"),
        Words("ཐོ་འདིའི་ cursor མིན།", "不是此列表的游标", "is not a cursor of this list"),
        Words("སྨན་པ་དེ་མི་འདུག", "没有此医生", "no such doctor"),
        Words("འགོ་འཛུགས་དུས་ཚོད་ཀྱི་རྗེས་ཡིན་དགོས།", "必须晚于开始时间", "must be after start"),
        Words("འགོ་དང་མཇུག་ཏུ་སྟོང་ཆ་ཡོད་མི་རུང་།", "开头和结尾不能有空格", "must not begin or end with spaces"),
        Words("དུས་ཚིགས་གཞན་ཞིག་གིས་བེད་སྤྱོད་ཟིན།", "已被另一个时段使用", "is used by another session"),
        Words("གཟའ་ཉིན་ཉུང་མཐར་གཅིག་འདེམས་དགོས།", "至少指定一个星期几", "must name at least one weekday"),
        Words(
            "ISO གཟའ་ཉིན་ 1 (གཟའ་ཟླ་བ) ནས་ 7 བར་ཡིན་དགོས།", "必须是 ISO 星期几：1（星期一）到 7",
            "must be an ISO weekday 1 (Monday) to 7"),
        Words("དུས་ཚིགས་ཉུང་མཐར་གཅིག་དགོས།", "至少指定一个时段", "must name at least one session"),
        Words("ཚད་འཇལ་ཉུང་མཐར་གཅིག་དགོས།", "至少填写一项测量", "must hold at least one measure"),
        Words("སྐར་གྲངས་ཧྲིལ་པོ་ཡིན་དགོས།", "必须是整数分", "must be a whole number of points"),
        Words(
            "དུས་འཁེལ་འདི་སྡོད་དམངས་གཞན་ཞིག་གི་ཡིན།", "该预约属于另一位居民",
            "the appointment belongs to another resident"),
        Words("དུས་འཁེལ་འདི་སྨན་པ་གཞན་ཞིག་གི་ཡིན།", "该预约属于另一位医生", "the appointment is with another doctor"),
    ]

    /// Patterns that a general pattern below would also match: they come first.
    static let specific: [Words] = [
        Words("ཡིག་འབྲུ་མང་མཐར་ {1} ཡིན་དགོས།", "最多 {1} 个字符", "must be at most {1} characters long"),
        Words("ཡིག་འབྲུ་ཉུང་མཐར་ {1} ཡིན་དགོས།", "至少 {1} 个字符", "must be at least {1} characters long"),
        Words("ཡིག་འབྲུ་མང་མཐར་ {1} ཡིན་དགོས།", "最多 {1} 个字符", "must be at most {1} characters"),
        Words("ཡིག་འབྲུ་ཉུང་མཐར་ {1} ཡིན་དགོས།", "至少 {1} 个字符", "must be at least {1} characters"),
        Words("UTF-8 ཡིག་ཚིགས་མང་མཐར་ {1} ཡིན་དགོས།", "UTF-8 编码最多 {1} 字节", "must be at most {1} bytes of UTF-8"),
        Words("UTF-8 ཡིག་ཚིགས་ 1 ནས་ {1} བར་ཡིན་དགོས།", "UTF-8 编码须为 1 到 {1} 字节", "must be 1 to {1} bytes of UTF-8"),
        Words("ཡིག་ཚིགས་ {1} ནས་ {2} བར་ཡིན་དགོས།", "须为 {1} 到 {2} 字节", "must be {1} to {2} bytes"),
        Words(
            "ཡི་གེ། ཨང་ཀི། ཡང་ན་ '-' {1} ནས་ {2} བར་ཡིན་དགོས།", "必须为 {1} 到 {2} 个字母、数字或“-”",
            "must be {1} to {2} letters, digits or '-'"),
        Words("ཨང་ཀི་ {1} ནས་ {2} བར་དགོས།", "必须有 {1} 到 {2} 位数字", "must have {1} to {2} digits"),
        Words(
            "ཨང་ཀི་ {1} ནས་ {2} བར་དགོས། བར་སྟོང་དང་ '-'། མགོར་ '+' ཆོག", "必须是 {1} 到 {2} 位数字，可含空格、“-”和开头的“+”",
            "must be {1} to {2} digits, with spaces, '-' and a leading '+' allowed"),
        Words(
            "ASCII མཐོང་ཐུབ་པའི་ཡིག་རྟགས་ {1} ནས་ {2} བར་ཡིན་དགོས།", "必须是 {1} 到 {2} 个可见 ASCII 字符",
            "must be {1} to {2} visible ASCII characters"),
        Words(
            "{1} ནས་ {2} བར་གྱི་ 5 ཡི་ལྡབ་གྲངས་ཡིན་དགོས།", "必须是 {1} 到 {2} 之间 5 的倍数",
            "must be a multiple of 5 between {1} and {2}"),
        Words("ཉུང་མཐར་རྣམ་གྲངས་ {1} དགོས།", "至少 {1} 项", "must have at least {1} items"),
        Words("རྣམ་གྲངས་མང་མཐར་ {1} ཡིན་དགོས།", "最多 {1} 项", "must have at most {1} items"),
        Words("from རྗེས་ཉིན་མ་ {1} ལས་མང་བ་མི་རུང་།", "最多比 from 晚 {1} 天", "must be at most {1} days after from"),
        Words(
            "startedAt རྗེས་ཆུ་ཚོད་ {1} ལས་མང་བ་མི་རུང་།", "最多比 startedAt 晚 {1} 小时",
            "must be at most {1} hours after startedAt"),
        Words("{1} ནང་ནས་ཉུང་མཐར་གཅིག་འདེམས་དགོས།", "至少指定以下之一：{1}", "must name at least one of {1}"),
        Words("དུས་ཚིགས་མང་མཐར་ {1} ཡིན་དགོས།", "最多 {1} 个时段", "must name at most {1} sessions"),
        Words("སྐད་ཡིག་མང་མཐར་ {1} བཀོད་ཆོག", "最多列出 {1} 种语言", "must list at most {1} languages"),
        Words("ཚན་པ་མང་མཐར་ {1} ཡིན་དགོས།", "最多 {1} 条", "must hold at most {1} entries"),
        Words(
            "དུས་ཚིགས་ཐུང་ཤོས་ ({1} སྐར་མ) ནང་ཚུད་དགོས།", "不能超过最短的时段（{1} 分钟）",
            "must fit in the shortest session ({1} min)"),
        Words("null ཡིན་མི་རུང་། ({1} དགོས།)", "不能为 null（应为 {1}）", "must not be null (expected {1})"),
    ]

    /// General patterns, tried last.
    static let general: [Words] = [
        Words("{1} ནང་གི་གཅིག་ཡིན་དགོས།", "必须是以下之一：{1}", "must be one of {1}"),
        Words("{1} ནས་ {2} བར་ཡིན་དགོས།", "必须在 {1} 到 {2} 之间", "must be between {1} and {2}"),
        Words("{1} ནས་ {2} བར་ཡིན་དགོས།", "必须为 {1} 到 {2}", "must be {1} to {2}"),
        Words("{1} ལས་སྔ་མི་རུང་།", "不能早于 {1}", "must not be before {1}"),
        Words("{1} ཡི་ལྡབ་གྲངས་ཡིན་དགོས།", "必须是 {1} 的倍数", "must be a multiple of {1}"),
        Words("{1} ལས་ཆུང་བ་མི་རུང་།", "不能小于 {1}", "must be at least {1}"),
        Words("{1} ལས་ཆེ་བ་མི་རུང་།", "不能大于 {1}", "must be at most {1}"),
        Words("{1} ནང་ནས་ཉུང་མཐར་གཅིག་དགོས།", "至少需要以下之一：{1}", "needs at least one of {1}"),
        Words("ཉུང་མཐར་ཁོངས་མི་ {1} དགོས།", "至少需要 {1} 个成员", "needs at least {1} members"),
        Words("རྣམ་པ་ {1} དང་མཐུན་དགོས།", "必须符合格式 {1}", "must match {1}"),
        Words("{1} རེའུ་མིག་གི་རྣམ་གྲངས་མིན།", "不是 {1} 量表的条目", "is not an item of the {1} form"),
        Words("དུས་ཚིགས་ {1} དང་བསྣོལ་འདུག", "与时段 {1} 重叠", "overlaps session {1}"),
        Words("{1} ཡིས་མཚོན་པ་དེ་མི་འདུག", "{1} 指向的对象不存在", "{1} names nothing that exists"),
        Words(
            "ཡོད་ཟིན་པའི་ནད་བརྟག་ཐོ་འགོད་སྟེང་ {1} བསྒྱུར་མི་ཆོག", "已有的诊疗记录不能更改 {1}",
            "{1} cannot change on an existing consultation"),
        Words("{1} དགོས།", "应为 {1}", "expected {1}"),
        Words("{1} ཡིན་དགོས།", "必须为 {1}", "must be {1}"),
    ]
}
