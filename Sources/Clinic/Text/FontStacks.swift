/// The font stacks of every page the clinic serves (console and printable pages), so Tibetan and Chinese render on
/// the machines a clinic has: Windows has Microsoft Himalaya and Microsoft YaHei; a Linux PC needs a Tibetan font
/// package (README, Languages and fonts). One definition, used by ConsoleStyle, DayListPage and HealthSummaryPage.
enum FontStacks {
    /// Latin fonts first (they have no Tibetan or Chinese, so those fall through to the fonts that have them).
    static let text = """
        system-ui, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Microsoft Himalaya", "Noto Serif Tibetan", \
        "Noto Sans Tibetan", "Tibetan Machine Uni", Jomolhari, "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", \
        "Source Han Sans SC", "WenQuanYi Micro Hei", SimSun, sans-serif
        """
    /// For text marked `lang="bo"`: the Tibetan fonts first, so their Latin does not matter and Tibetan never falls
    /// back to a font without it.
    static let tibetan = """
        "Microsoft Himalaya", "Noto Serif Tibetan", "Noto Sans Tibetan", "Tibetan Machine Uni", Jomolhari, \
        "DDC Uchen", "Microsoft YaHei", "Noto Sans CJK SC", serif
        """
}
