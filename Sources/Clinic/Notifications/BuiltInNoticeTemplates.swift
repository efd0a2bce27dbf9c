import ClinicDomain

/// The default notice templates, compiled in: the same text as `templates/notices/<language>.txt` (a test keeps
/// them equal). Edit the files, then run `scripts/notice_templates.py` to write this one again.
enum BuiltInNoticeTemplates {
    static func source(_ language: Language) -> String {
        switch language {
        case .bo: bo
        case .zh: zh
        case .en: en
        }
    }

    static let bo = #"""
    # སྡོད་དམངས་ལ་གཏོང་བའི་བརྡ་ཐོ། (བོད་ཡིག) ཐིག་ཕྲེང་རེར་ཡི་གེ་རེ། `key = text`། # ཡིས་འགོ་འཛུགས་པའི་ཐིག་ཕྲེང་ནི་མཆན་ཡིན།
    # Notices to residents in Tibetan. One text a line: `key = text`; lines starting with # are comments.
    # CLINIC_NOTICE_TEMPLATES names a directory whose files replace these texts (read at start); a file the server
    # cannot use stops it at start with the file, the line and the problem.
    #
    # Placeholders: {resident} {clinic} {date} {time} {endTime} {doctor} {mode} {place}; in rescheduled and rebooked
    # also {previousDate} {previousTime}. {{ and }} write a brace.

    booked = {clinic}། {resident} ལགས། ཁྱེད་ཀྱི་དུས་འཁེལ་བཟོས་ཟིན། {date} ཆུ་ཚོད་ {time}། {mode}། སྨན་པ་ {doctor}། {place}
    rescheduled = {clinic}། {resident} ལགས། ཁྱེད་ཀྱི་དུས་འཁེལ་ {previousDate} ཆུ་ཚོད་ {previousTime} ནས་ {date} ཆུ་ཚོད་ {time} ལ་སྤོས་ཟིན། {mode}། སྨན་པ་ {doctor}། {place}
    cancelled = {clinic}། {resident} ལགས། ཁྱེད་ཀྱི་དུས་འཁེལ་མེད་པར་བཟོས་ཟིན། {date} ཆུ་ཚོད་ {time}། {mode}། སྨན་པ་ {doctor}།
    displaced = {clinic}། {resident} ལགས། {date} ཆུ་ཚོད་ {time} ཀྱི་{mode} བྱེད་ཐུབ་ཀྱི་མ་རེད། འཕྲོད་བསྟེན་ཁང་ནས་དུས་ཚོད་གསར་པ་གཏན་འཁེལ་ཆེད་ཁྱེད་ལ་ཁ་པར་གཏོང་གི་རེད།
    rebooked = {clinic}། {resident} ལགས། {previousDate} ཆུ་ཚོད་ {previousTime} ཀྱི་དུས་འཁེལ་ཚབ་ཏུ་དུས་འཁེལ་གསར་པ་བཟོས་ཟིན། {date} ཆུ་ཚོད་ {time}། {mode}། སྨན་པ་ {doctor}། {place}
    doctorChanged = {clinic}། {resident} ལགས། {date} ཆུ་ཚོད་ {time} ཀྱི་{mode} སྨན་པ་ {doctor} ཡིས་བྱེད་རྒྱུ་ཡིན། {place}
    reminder = {clinic}། {resident} ལགས། དྲན་སྐུལ། ཁྱེད་ཀྱི་དུས་འཁེལ་ནི་ {date} ཆུ་ཚོད་ {time} ཡིན། {mode}། སྨན་པ་ {doctor}། {place}

    mode.onsite = འཕྲོད་བསྟེན་ཁང་དུ་ནད་བརྟག
    mode.remote = རྒྱང་རིང་ནད་བརྟག
    mode.home = ཁྱིམ་དུ་ནད་བརྟག
    place.onsite = {clinic} ལ་ཕེབས་རོགས།
    place.remote = སྨན་པས་བརྙན་འཕྲིན་ནམ་ཁ་པར་བརྒྱུད་ཁྱེད་ལ་འབྲེལ་བ་བྱེད་ཀྱི་རེད།
    place.home = སྨན་པ་ཁྱེད་ཀྱི་ཁྱིམ་དུ་ཡོང་གི་རེད།

    # {weekday} {day} {month} {monthName} {year}
    date = ཕྱི་ལོ་{year} ཟླ་{month} ཚེས་{day} {weekday}
    weekday.1 = གཟའ་ཟླ་བ
    weekday.2 = གཟའ་མིག་དམར
    weekday.3 = གཟའ་ལྷག་པ
    weekday.4 = གཟའ་ཕུར་བུ
    weekday.5 = གཟའ་པ་སངས
    weekday.6 = གཟའ་སྤེན་པ
    weekday.7 = གཟའ་ཉི་མ
    digits = tibetan
    """#

    static let zh = #"""
    # 给居民的通知（中文）。每行一条：`键 = 文本`；以 # 开头的行是注释。
    # 用 CLINIC_NOTICE_TEMPLATES 指定一个目录，其中的同名文件替换这些文本（重启服务器后生效）；
    # 服务器无法使用的文件会使其在启动时停止，并指出文件、行号和问题。
    #
    # 通知中的占位符：{resident}（居民姓名）、{clinic}（卫生室）、{date}、{time}、{endTime}、{doctor}、{mode}、
    # {place}（地点，或医生的联系方式）；rescheduled 和 rebooked 中还有 {previousDate} 和 {previousTime}（原定时间）。
    # {{ 和 }} 表示花括号本身。

    booked = 【{clinic}】{resident}，您已预约{date} {time}的{mode}，医生：{doctor}。{place}
    rescheduled = 【{clinic}】{resident}，您原定{previousDate} {previousTime}的{mode}已改到{date} {time}，医生：{doctor}。{place}
    cancelled = 【{clinic}】{resident}，您{date} {time}的{mode}（医生：{doctor}）已取消。
    displaced = 【{clinic}】{resident}，您{date} {time}的{mode}无法如期进行，卫生室将与您联系另约时间。
    rebooked = 【{clinic}】{resident}，您原定{previousDate} {previousTime}的预约已重新安排：{date} {time}，{mode}，医生：{doctor}。{place}
    doctorChanged = 【{clinic}】{resident}，您{date} {time}的{mode}改由{doctor}医生接诊。{place}
    reminder = 【{clinic}】提醒{resident}：您预约了{date} {time}的{mode}，医生：{doctor}。{place}

    # 占位符所用的词。mode.* 和 place.* 中可用 {clinic}。
    mode.onsite = 门诊
    mode.remote = 远程问诊
    mode.home = 上门出诊
    place.onsite = 请到{clinic}就诊。
    place.remote = 医生将通过视频或电话与您联系。
    place.home = 医生将上门到您家中。

    # {weekday}、{day}、{month}（数字）、{monthName}、{year}。
    date = {year}年{month}月{day}日（{weekday}）
    weekday.1 = 星期一
    weekday.2 = 星期二
    weekday.3 = 星期三
    weekday.4 = 星期四
    weekday.5 = 星期五
    weekday.6 = 星期六
    weekday.7 = 星期日
    digits = western
    """#

    static let en = #"""
    # Notices to residents in English. One text a line: `key = text`; lines starting with # are comments.
    # A copy of this directory named by CLINIC_NOTICE_TEMPLATES replaces these texts (restart the server to read it);
    # a file the server cannot use stops it at start with the file, the line and the problem.
    #
    # Placeholders of the notices: {resident} (the resident's name), {clinic} (the health room), {date}, {time},
    # {endTime}, {doctor}, {mode}, {place} (where, or how the doctor calls); in rescheduled and rebooked also
    # {previousDate} and {previousTime}, the time the appointment had before. {{ and }} write a brace.

    booked = {clinic}: {resident}, your {mode} with {doctor} is booked for {date} at {time}. {place}
    rescheduled = {clinic}: {resident}, your {mode} with {doctor} has moved from {previousDate} {previousTime} to {date} at {time}. {place}
    cancelled = {clinic}: {resident}, your {mode} with {doctor} on {date} at {time} is cancelled.
    displaced = {clinic}: {resident}, your {mode} on {date} at {time} cannot take place. The health room will call you to find a new time.
    rebooked = {clinic}: {resident}, your appointment of {previousDate} {previousTime} is booked again: {mode} with {doctor} on {date} at {time}. {place}
    doctorChanged = {clinic}: {resident}, your {mode} on {date} at {time} will be with {doctor}. {place}
    reminder = {clinic}: reminder for {resident}: {mode} with {doctor} on {date} at {time}. {place}

    # The words the placeholders are made of. {clinic} may be used in mode.* and place.*.
    mode.onsite = consultation
    mode.remote = remote consultation
    mode.home = home visit
    place.onsite = Please come to {clinic}.
    place.remote = The doctor will call you by video or phone.
    place.home = The doctor will come to your home.

    # {weekday}, {day}, {month} (a number), {monthName}, {year}.
    date = {weekday} {day} {monthName} {year}
    weekday.1 = Monday
    weekday.2 = Tuesday
    weekday.3 = Wednesday
    weekday.4 = Thursday
    weekday.5 = Friday
    weekday.6 = Saturday
    weekday.7 = Sunday
    month.1 = January
    month.2 = February
    month.3 = March
    month.4 = April
    month.5 = May
    month.6 = June
    month.7 = July
    month.8 = August
    month.9 = September
    month.10 = October
    month.11 = November
    month.12 = December
    digits = western
    """#
}
