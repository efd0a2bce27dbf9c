#!/usr/bin/env python3
"""Writes Sources/Clinic/Notifications/BuiltInNoticeTemplates.swift from templates/notices/*.txt: the defaults the
server compiles in. Run from the repository's root after editing a template file."""
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
LANGUAGES = ["bo", "zh", "en"]

out = [
    "import ClinicDomain",
    "",
    "/// The default notice templates, compiled in: the same text as `templates/notices/<language>.txt` (a test keeps",
    "/// them equal). Edit the files, then run `scripts/notice_templates.py` to write this one again.",
    "enum BuiltInNoticeTemplates {",
    "    static func source(_ language: Language) -> String {",
    "        switch language {",
]
out += [f"        case .{language}: {language}" for language in LANGUAGES]
out += ["        }", "    }"]
for language in LANGUAGES:
    text = (ROOT / "templates" / "notices" / f"{language}.txt").read_text(encoding="utf-8")
    assert '"""#' not in text and "\r" not in text
    out += ["", f'    static let {language} = #"""']
    out += [("    " + line) if line else "" for line in text.rstrip("\n").split("\n")]
    out += ['    """#']
out += ["}"]
target = ROOT / "Sources" / "Clinic" / "Notifications" / "BuiltInNoticeTemplates.swift"
target.write_text("\n".join(out) + "\n", encoding="utf-8")
