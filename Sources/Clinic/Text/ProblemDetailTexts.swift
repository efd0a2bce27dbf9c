/// Problem details: those of a typed problem under its `type` (its English comes from the domain error's
/// description, SchedulingErrorMapping and ClinicalErrorMapping), then the fixed details every problem may carry.
/// `{1}`, `{2}` are the values the English text was built with (dates, codes, names); they are kept as they are.
enum ProblemDetailTexts {
    static let byType: [String: Phrasebook] = [
        "conflict": [
            Words(
                "བཟོ་བཅོས་འདི་ཡོད་བཞིན་པའི་གཞི་གྲངས་དང་འགལ་འདུག", "此更改与现有数据冲突",
                "the change conflicts with existing data")
        ],
        "validation": [
            Words("ནང་འཇུག་བྱས་པའི་གྲངས་ཐང་ཁ་ཤས་ཚད་ལྡན་མིན།", "部分填写的值无效", "some values are not valid"),
            Words("{1} ཡིས་མཚོན་པ་དེ་མི་འདུག", "{1} 指向的对象不存在", "{1} names nothing that exists"),
            Words(
                "དུས་འཁེལ་འདི་སྡོད་དམངས་གཞན་ཞིག་གི་ཡིན།", "该预约属于另一位居民",
                "the appointment belongs to another resident"),
            Words(
                "དུས་འཁེལ་འདི་སྨན་པ་གཞན་ཞིག་གི་ཡིན།", "该预约属于另一位医生", "the appointment is with another doctor"),
            Words(
                "ཡོད་ཟིན་པའི་ནད་བརྟག་ཐོ་འགོད་སྟེང་ {1} བསྒྱུར་མི་ཆོག", "已有的诊疗记录不能更改 {1}",
                "{1} cannot change on an existing consultation"),
        ],
        "idempotency-in-progress": [
            Words(
                "Idempotency-Key འདི་བེད་སྤྱོད་པའི་རེ་ཞུ་ད་དུང་ལག་བསྟར་བྱེད་བཞིན་འདུག",
                "使用此 Idempotency-Key 的请求仍在处理中", "a request with this Idempotency-Key is still running"),
            Words(
                "Idempotency-Key འདི་བེད་སྤྱོད་པའི་རེ་ཞུ་མཇུག་རྫོགས་ཟིན་ཀྱང་ལན་ཡང་བསྐྱར་སྤྲོད་མི་ཐུབ།",
                "使用此 Idempotency-Key 的请求已结束，但无法再次答复",
                "the request with this Idempotency-Key is over but cannot be answered again"),
        ],
        "idempotency-mismatch": [
            Words(
                "Idempotency-Key འདི་རེ་ཞུ་མི་འདྲ་བ་གཞན་ཞིག་ལ་བེད་སྤྱོད་ཟིན།", "此 Idempotency-Key 已用于另一个不同的请求",
                "this Idempotency-Key was used with a different request")
        ],
        "username-taken": [
            Words(
                "སྤྱོད་མཁན་གྱི་མིང་འདི་ཅན་གྱི་སྤྱོད་མཁན་ཡོད་ཟིན།", "已有使用此用户名的用户", "a user with this user name exists")
        ],
        "consultation-signed": [
            Words(
                "ནད་བརྟག་ཐོ་འགོད་འདི་ལ་མིང་རྟགས་བཀོད་ཟིན་པས་བསྒྱུར་མི་ཐུབ། ཁ་སྣོན་ཞིག་བཀོད་རོགས།",
                "该诊疗记录已签名，不能再修改；请添加补充记录",
                "the consultation is signed and can no longer change; add an addendum")
        ],
        "appointment-not-open": [
            Words("དུས་འཁེལ་འདིའི་གནས་སྟངས་ནི་ {1} ཡིན།", "该预约的状态为 {1}", "the appointment is {1}")
        ],
        "appointment-has-consultation": [
            Words(
                "དུས་འཁེལ་འདི་ལ་ནད་བརྟག་ཐོ་འགོད་ཡོད་ཟིན།", "该预约已有诊疗记录",
                "the appointment already has a consultation")
        ],
        "slot-full": [Words("དུས་ཚོད་འདིའི་གོ་ས་ཁ་ཚང་ཟིན།", "该时段已约满", "the slot is full")],
        "slot-in-past": [Words("དུས་ཚོད་འདི་འགོ་ཚུགས་ཟིན།", "该时段已经开始", "the slot has already started")],
        "slot-priority-only": [
            Words(
                "དུས་ཚོད་འདི་སྔོན་འཛིན་སྡོད་དམངས་ཆེད་དུ་ཉར་འདུག", "该时段为优先居民保留",
                "the slot is held for priority residents")
        ],
        "overlapping-appointment": [
            Words(
                "སྡོད་དམངས་འདི་ལ་དུས་ཚོད་དེར་དུས་འཁེལ་ཡོད་ཟིན།", "该居民在此时间已有预约",
                "the resident already has an appointment at that time")
        ],
        "invalid-transition": [
            Words(
                "གནས་སྟངས་ {2} ཡིན་པའི་དུས་འཁེལ་ལ་ {1} བྱེད་མི་ཐུབ།", "状态为 {2} 的预约不能执行 {1}",
                "cannot {1} an appointment that is {2}")
        ],
        "same-slot": [
            Words("དུས་འཁེལ་འདི་དུས་ཚོད་དེའི་ནང་ཡོད་ཟིན།", "该预约已在此时段", "the appointment already holds that slot")
        ],
        "rota-already-generated": [
            Words("{1} ནས་ {2} བར་ལ་ལས་རེས་རེའུ་མིག་ཡོད་ཟིན།", "{1} 至 {2} 之间已有排班", "a rota exists between {1} and {2}")
        ],
        "doctor-cannot-serve": [
            Words(
                "སྨན་པ་འདིས་དུས་ཚིགས་འདིར་ཞབས་ཞུ་བྱེད་མི་ཐུབ། {1}", "该医生不能出诊此时段：{1}",
                "the doctor cannot serve this session: {1}")
        ],
        "doctor-lacks-booked-mode": [
            Words(
                "སྨན་པ་འདིས་དུས་འཁེལ་ཡོད་པའི་ {1} བྱ་ཐབས་མི་སྤྲོད།", "该医生不提供已有预约的 {1} 方式",
                "the doctor does not offer {1}, which has bookings")
        ],
        "duplicate-clinic-code": [
            Words("འཕྲོད་བསྟེན་ཁང་གཞན་ཞིག་ལ་ཨང་རྟགས་འདི་ཡོད་ཟིན།", "其他卫生室已使用此代码", "another clinic has this code")
        ],
        "notification-sent": [
            Words("བརྡ་ཐོ་འདི་བཏང་ཟིན།", "该通知已经发出", "the notification has already been sent")
        ],
        "notification-no-recipient": [
            Words(
                "སྡོད་དམངས་འདི་ལ་ཁ་པར་ཨང་གྲངས་མེད། ཛ་དྲག་འབྲེལ་གཏུག་མི་ལའང་ཁ་པར་མེད། ཁ་པར་ཨང་གྲངས་ཁ་སྣོན་བྱས་རྗེས་ཡང་བསྐྱར་བཏང་རོགས།",
                "该居民没有电话，紧急联系人也没有电话：请先添加，再重试",
                "the resident has no phone, nor an emergency contact with one: add one, then retry")
        ],
        "notification-not-notified": [
            Words(
                "སྡོད་དམངས་འདི་ལ་བརྡ་ཐོ་གཏོང་མི་ཆོག (བརྡ་ཐོ་མི་དགོས་ཞེས་བཤད་ཟིན་པའམ་འདས་གྲོངས་སོང་།)",
                "不应向该居民发送通知（本人已选择不接收，或已去世）",
                "the resident is not to be sent notices (opted out or deceased)")
        ],
        "resident-has-bookings": [
            Words(
                "སྡོད་དམངས་འདི་ལ་རང་གི་འཕྲོད་བསྟེན་ཁང་དུ་མ་འོངས་པའི་དུས་འཁེལ་ལམ་སྒུག་གྲལ་ཡོད། སྔོན་ལ་དེ་དག་ཕྱིར་འཐེན་གནང་།",
                "该居民在所属卫生室仍有未来的预约或正在候诊，请先取消",
                "the resident has appointments ahead or waits in a queue in their clinic; cancel them first")
        ],
        "slot-closed": [
            Words(
                "སྐབས་འདིའི་དུས་ཚིགས་མི་འཚོགས། (སྒོ་བརྒྱབ་པའམ་སྨན་པ་ཡོང་མི་ཐུབ།)", "该号源所在时段停诊（停诊日或医生无法出诊）",
                "the slot's session will not run (a closure or the doctor's unavailability)")
        ],
        "no-suitable-slot": [
            Words(
                "ཉིན་ ༡༤ ནང་བྱ་ཐབས་གཅིག་པའི་དུས་ཚོད་སྟོང་པ་མི་འདུག", "未来14天内没有同一方式的空闲号源",
                "no free slot of the same mode in the next 14 days")
        ],
        "duplicate-closure": [Words("{1} ཉིན་སྒོ་བརྒྱབ་ཉིན་དུ་བཀོད་ཟིན།", "{1} 已设为停诊日", "a closure exists on {1}")],
        "already-queued": [
            Words(
                "སྡོད་དམངས་འདི་དེ་རིང་གི་གྲལ་རིམ་ནང་སྒུག་བཞིན་ཡོད།", "该居民已在今天的候诊队列中",
                "the resident is already waiting in today's queue")
        ],
        "report-submitted": [
            Words("ཟླ་བ་ {1} ཕུལ་ཟིན།", "{1} 月报表已上报", "the month {1} was submitted already")
        ],
        "month-not-over": [
            Words("ཟླ་བ་ {1} ད་དུང་མཇུག་མ་རྫོགས།", "{1} 月尚未结束", "the month {1} is not over yet")
        ],
        "resident-inactive": [
            Words(
                "སྡོད་དམངས་འདི་ད་ནི་འདིར་བདག་སྐྱོང་མི་བྱེད། (གནས་སྤོས་པའམ་འདས་གྲོངས།)", "该居民已不在本社区照护（已搬走或已去世）",
                "the resident is no longer cared for here (moved away or deceased)")
        ],
        "request-not-open": [
            Words("སྨན་པའི་རེ་ཞུ་འདིའི་གནས་སྟངས་ནི་ {1} ཡིན།", "该医生请求的状态为 {1}", "the doctor request is {1}")
        ],
    ].reduce(into: [:]) { book, entry in book[APIError.problemType(entry.key)] = Phrasebook(entry.value) }

    /// Details of `about:blank` problems (and any typed problem's detail its own entry does not cover).
    static let shared = Phrasebook(
        resourceNotFound + [
            Words("ཚད་ལྡན་གྱི་ bearer ངོ་རྟགས་དགོས།", "需要有效的 bearer 令牌", "a valid bearer token is required"),
            Words(
                "ངོ་རྟགས་ཚད་ལྡན་མིན། (རྣམ་པ་ནོར་བ། ངོ་མ་ཤེས་པ། དུས་ཡོལ་བ། ཡང་ན་ཕྱིར་འཐེན་བྱས་པ།)",
                "令牌无效（格式错误、未知、已过期或已撤销）",
                "the token is not valid (malformed, unknown, expired or revoked)"),
            Words("སྤྱོད་མཁན་གྱི་མིང་ངམ་གསང་ཨང་ནོར་འདུག", "用户名或密码错误", "invalid user name or password"),
            Words(
                "ཚོད་ལྟ་ཕམ་ཐེངས་མང་དྲགས་འདུག ཅུང་ཙམ་ནས་ཡང་བསྐྱར་ཚོད་ལྟ་གནང་།", "失败次数过多，请稍后再试",
                "too many failed attempts; try again later"),
            Words("ཁྱེད་ཀྱི་འགན་དབང་གིས་འདི་བྱེད་མི་ཆོག", "您的角色无权执行此操作", "your role may not do this"),
            Words("དོ་དམ་པ་ཁོ་ནས་སྡོད་དམངས་ཡང་བསྐྱར་སྤྱོད་ཆོག", "只有管理员可以重新启用居民", "only an admin reactivates a resident"),
            Words("སྤྱོད་མཁན་འདི་སྨན་པ་གང་དང་ཡང་འབྲེལ་མེད།", "此用户未关联医生", "this user is not linked to a doctor"),
            Words("སྤྱོད་མཁན་འདི་སྨན་པ་གང་དང་ཡང་འབྲེལ་མེད།", "此用户未关联医生", "this user is linked to no doctor"),
            Words("སྨན་པས་རང་ཉིད་ཀྱི་ལས་རིམ་ཁོ་ན་ལྟ་ཆོག", "医生只能查看自己的日程", "a doctor sees only their own schedule"),
            Words(
                "སྨན་པས་རང་ཉིད་ཀྱི་ལོ་ཐོའི་འབྲེལ་ཐག་ཁོ་ན་བཟོ་བཅོས་བྱེད་ཆོག", "医生只能管理自己的日历订阅",
                "a doctor may manage only their own calendar feed"),
            Words(
                "ནད་བརྟག་འདིའི་སྨན་པ་རང་ཉིད་ཁོ་ནས་འདི་བྱེད་ཆོག", "只有该诊疗的医生本人可以执行此操作",
                "only the consultation's own doctor may do this"),
            Words("ལམ་ཐིག་ {1} མི་འདུག", "路径 {1} 不存在", "no route for {1}"),
            Words("འདིར་ {1} བྱ་ཐབས་མི་ཆོག", "此处不允许 {1} 方法", "{1} is not allowed here"),
            Words("ཚེས་གྲངས་དེར་སྒོ་བརྒྱབ་ཉིན་མི་འདུག", "该日期没有停诊", "no closure on that date"),
            Words(
                "Idempotency-Key འདིས་བཟོས་པ་དེ་ད་ལྟ་མི་འདུག", "此 Idempotency-Key 创建的内容已不存在",
                "what this Idempotency-Key created no longer exists"),
            Words(
                "Idempotency-Key ནི་མཐོང་ཐུབ་པའི་ ASCII ཡིག་འབྲུ་ 1 ནས་ 255 བར་ཡིན་དགོས།",
                "Idempotency-Key 必须为 1 到 255 个可见 ASCII 字符",
                "Idempotency-Key must be 1 to 255 visible ASCII characters"),
            Words(
                "གཞུང་དེ་ application/json ཐོག་བསྐུར་རོགས།", "请以 application/json 格式发送请求体",
                "send the body as application/json"),
            Words("སྤྲོད་ཐུབ་པ། {1}", "可提供：{1}", "available: {1}"),
            Words(
                "ཕྱིར་འདྲེན་ {1} ད་ལྟ་འགྲོ་བཞིན་ཡོད། གཅིག་མཇུག་རྫོགས་རྗེས་ཡང་བསྐྱར་ཚོད་ལྟ་གནང་།",
                "已有 {1} 个导出正在进行；请等其中一个完成后再试",
                "{1} exports are already streaming; try again when one has finished"),
            Words(
                "གཞི་གྲངས་མཛོད་གནས་སྐབས་སྤྱོད་མི་ཐུབ། ཅུང་ཙམ་ནས་ཡང་བསྐྱར་ཚོད་ལྟ་གནང་།", "数据库暂不可用，请稍后再试",
                "the database is unavailable; try again shortly"),
            Words("གཞི་གྲངས་མཛོད་ལས་ཀ་མང་། ཡང་བསྐྱར་ཚོད་ལྟ་གནང་།", "数据库繁忙，请重试", "the database was busy; try again"),
            Words(
                "རེ་ཞུར་དུས་ཚོད་རིང་དྲགས་སོང་། ཡང་བསྐྱར་ཚོད་ལྟ་གནང་།", "请求耗时过长，请重试",
                "the request took too long; try again"),
            Words(
                "རེ་སྒུག་མེད་པའི་ནོར་འཁྲུལ་ཞིག་བྱུང་། ཐོ་བཀོད་ཟིན།", "发生意外错误，已记录",
                "an unexpected error; it has been logged"),
            Words("JSON གཞུང་ཀློག་མ་ཐུབ།", "无法读取 JSON 请求体", "the JSON body could not be read"),
            Words(
                "JSON གཞུང་གི་རྣམ་པ་དེ་ཁྱབ་བསྒྲགས་བྱས་པ་དང་མི་མཐུན།", "JSON 请求体不符合公布的格式",
                "the JSON body does not have the published shape"),
            Words(
                "གཞུང་ནང་སྦྱོར་རྟགས་རིམ་བཞིན་ 30 ལས་མང་བ་འདུག", "请求体中连续的组合符号超过 30 个",
                "the body has more than 30 combining marks in a row"),
            Words("འཚོལ་ཞིབ་ཚད་གཞི་ {1} ཚད་ལྡན་མིན།", "查询参数 {1} 无效", "query parameter {1} is not valid"),
            Words("འཚོལ་ཞིབ་ཚད་གཞི་ཞིག་ཚད་ལྡན་མིན།", "查询参数无效", "a query parameter is not valid"),
            Words("ཚེས་གྲངས་ཀྱི་ཁྱབ་ཁོངས་སྔ་རྗེས་ལོག་འདུག", "日期范围前后颠倒", "the date range is reversed"),
            Words("ཚེས་གྲངས་ཀྱི་ཁྱབ་ཁོངས་རིང་དྲགས་འདུག", "日期范围过长", "the date range is too long"),
            Words("doctorId ངེས་པར་དུ་དགོས།", "必须提供 doctorId", "doctorId is required"),
            Words("སྔོན་འཛིན་རྟགས་འདི་ངོ་མ་ཤེས།", "未知的优先标记", "unknown flag"),
            Words("cursor ཚད་ལྡན་མིན།", "游标无效", "the cursor is not valid"),
        ])

    /// "no such …" for each kind of resource a store or route reports missing, then any other.
    static let resourceNotFound: [Words] = [
        Words("བཙལ་བ་དེ་མི་འདུག", "没有此资源", "no such resource"),
        Words("སྡོད་དམངས་དེ་མི་འདུག", "没有此居民", "no such resident"),
        Words("སྨན་པ་དེ་མི་འདུག", "没有此医生", "no such doctor"),
        Words("སྨན་པའི་རེ་ཞུ་དེ་མི་འདུག", "没有此医生请求", "no such doctor request"),
        Words("དུས་ཚོད་དེ་མི་འདུག", "没有此时段", "no such slot"),
        Words("དུས་འཁེལ་དེ་མི་འདུག", "没有此预约", "no such appointment"),
        Words("ལས་རེས་དེ་མི་འདུག", "没有此排班", "no such assignment"),
        Words("སྒོ་བརྒྱབ་ཉིན་དེ་མི་འདུག", "没有此停诊日", "no such closure"),
        Words("སྨན་ཁང་གི་སྒྲིག་འགོད་མི་འདུག", "没有诊所设置", "no such clinicSettings"),
        Words("ཐད་ཀར་ཡོང་མཁན་དེ་མི་འདུག", "没有此现场挂号", "no such walkIn"),
        Words("འཕྲོད་བསྟེན་ཁང་དེ་མི་འདུག", "没有此卫生室", "no such clinic"),
        Words("བརྡ་ཐོ་དེ་མི་འདུག", "没有此通知", "no such notification"),
        Words("ལོ་ཐོའི་འབྲེལ་ཐག་དེ་མི་འདུག", "没有此日历订阅", "no such calendar feed"),
        Words("ནད་བརྟག་ཐོ་འགོད་དེ་མི་འདུག", "没有此诊疗记录", "no such consultation"),
        Words("སྡོད་དམངས་འདི་ལ་ནད་གཞི་དེ་མི་འདུག", "该居民没有此健康问题", "no such problem of this resident"),
        Words("{1} དེ་མི་འདུག", "没有此 {1}", "no such {1}"),
    ]
}

extension Phrasebook: ExpressibleByArrayLiteral {
    init(arrayLiteral entries: Words...) { self.init(entries) }
}
