/// Problem titles: one per HTTP status, as RFC 9457 suggests for `about:blank`, and the same for every typed problem
/// of that status. English is the status's reason phrase, exactly as the API wrote it before it spoke other languages.
enum ProblemTitles {
    static let byStatus: [Int: Words] = [
        400: Words("རེ་ཞུ་ནོར་འདུག", "请求有误", "Bad Request"),
        401: Words("ར་སྤྲོད་མ་ཐུབ།", "未通过身份验证", "Unauthorized"),
        403: Words("ཆོག་མཆན་མེད།", "无权访问", "Forbidden"),
        404: Words("རྙེད་མ་སོང་།", "未找到", "Not Found"),
        405: Words("བྱ་ཐབས་འདི་མི་ཆོག", "不允许的请求方法", "Method Not Allowed"),
        406: Words("རེ་བའི་རྣམ་པ་སྤྲོད་མི་ཐུབ།", "无法提供所要求的格式", "Not Acceptable"),
        409: Words("འགལ་ཟླ་བྱུང་འདུག", "冲突", "Conflict"),
        413: Words("ནང་དོན་ཆེ་དྲགས་འདུག", "内容过大", "Content Too Large"),
        415: Words("ནང་དོན་གྱི་རིགས་འདི་མི་ཆོག", "不支持的内容类型", "Unsupported Media Type"),
        422: Words("ནང་འཇུག་ཚད་ལྡན་མིན།", "内容无法处理", "Unprocessable Content"),
        429: Words("རེ་ཞུ་མང་དྲགས་འདུག", "请求过多", "Too Many Requests"),
        500: Words("ཞབས་ཞུ་འཕྲུལ་ཆས་ནང་ནོར་འཁྲུལ་བྱུང་།", "服务器内部错误", "Internal Server Error"),
        503: Words("ཞབས་ཞུ་གནས་སྐབས་སྤྱོད་མི་ཐུབ།", "服务暂不可用", "Service Unavailable"),
    ]
}
