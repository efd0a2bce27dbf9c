/// Labels the layout and several pages share. A page's own labels live beside the page.
enum CommonWords {
    static let console = Words("འཕྲོད་བསྟེན་ཁང་།", "卫生室", "Health room")
    static let signIn = Words("ནང་འཛུལ།", "登录", "Sign in")
    static let signOut = Words("ཕྱིར་ཐོན།", "退出", "Sign out")
    static let username = Words("སྤྱོད་མཁན་གྱི་མིང་།", "用户名", "User name")
    static let password = Words("གསང་ཨང་།", "密码", "Password")
    static let save = Words("ཉར་ཚགས།", "保存", "Save")
    static let cancel = Words("ཕྱིར་འཐེན།", "取消", "Cancel")
    static let search = Words("འཚོལ་བ།", "查找", "Search")
    static let language = Words("སྐད་ཡིག", "语言", "Language")
    static let healthRoom = Words("འཕྲོད་བསྟེན་ཁང་།", "卫生室", "Health room")
    static let allHealthRooms = Words("འཕྲོད་བསྟེན་ཁང་ཡོངས།", "全部卫生室", "All health rooms")
    static let show = Words("སྟོན།", "显示", "Show")
    static let skipToContent = Words("ནང་དོན་ལ་མཆོང་།", "跳到正文", "Skip to content")
    static let mainMenu = Words("དཀར་ཆག་གཙོ་བོ།", "主菜单", "Main menu")
    static let signedInAs = Words("ནང་འཛུལ་བྱེད་མཁན།", "当前用户", "Signed in as")
    static let notFound = Words("རྙེད་མ་སོང་།", "未找到", "Not found")
    static let notFoundDetail = Words(
        "ཤོག་ངོས་འདི་རྙེད་མ་སོང་།", "找不到这个页面。", "There is no such page.")
    static let forbidden = Words("ཆོག་མཆན་མེད།", "无权限", "Not allowed")
    static let forbiddenDetail = Words(
        "ཁྱེད་ཀྱི་ལས་འགན་གྱིས་ཤོག་ངོས་འདི་བལྟ་མི་ཆོག", "您的角色不能使用这个页面。", "Your role cannot use this page.")
    static let formUnreadable = Words("འགེངས་ཤོག་ཀློག་མ་ཐུབ།", "无法读取表单", "The form could not be read")
    static let formUnreadableDetail = Words(
        "འགེངས་ཤོག་ནང་ཀློག་མི་ཐུབ་པའི་ཡིག་རྟགས་འདུག ཤོག་ངོས་གསར་བཅོས་བྱས་ནས་ཡང་བསྐྱར་འབྲི་རོགས།",
        "表单中有无法读取的字符，请刷新页面后重新填写。",
        "The form holds characters that cannot be read. Reload the page and fill it in again.")
    static let formExpired = Words(
        "རེའུ་མིག་འདིའི་དུས་ཚོད་ཡོལ་སོང་། ཤོག་ངོས་གསར་བཅོས་བྱས་ནས་ཡང་བསྐྱར་ཚོད་ལྟ་གནང་།",
        "表单已失效，请刷新页面后重试。", "This form has expired. Reload the page and try again.")
    static let sessionExpired = Words(
        "ནང་འཛུལ་གྱི་དུས་ཚོད་ཡོལ་སོང་། ཡང་བསྐྱར་ནང་འཛུལ་གནང་།", "登录已过期，请重新登录。",
        "Your session has ended. Please sign in again.")
    static let somethingWentWrong = Words(
        "ནོར་འཁྲུལ་བྱུང་སོང་།", "出错了", "Something went wrong")
    static let requestReference = Words("འདྲི་བའི་ཨང་རྟགས།", "请求编号", "Request reference")
    static let backToStart = Words("འགོ་མ་ལ་ཕྱིར་ལོག", "返回首页", "Back to the start")
    static let fixTheFields = Words(
        "གཤམ་གྱི་སྟོང་ཆ་ཞིབ་བཤེར་གནང་རོགས།", "请检查下面标出的内容。", "Please check the fields marked below.")

    /// An age in years, as each language writes it.
    static func age(_ years: Int) -> Words { Words("ལོ་ \(years)", "\(years)岁", "\(years) years") }
}
