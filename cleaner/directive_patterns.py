"""Regular expressions and small tables for Vietnamese document numbers ("số, ký hiệu văn bản")."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# A symbol group: upper-case start, then letters (lower case allowed: "TTg", "QĐi", "CTr") and a term ("QH15").
# Vietnamese capitals occur too: "TƯ" for "TW".
GROUP = r"[A-ZĐƯ][A-Za-zĐđƯƠÂĂÊÔ&]*\d{0,2}"
# Spellings of one abbreviation that the key normalises: "20-CT/TƯ" is "20-CT/TW".
GROUP_ALIASES: dict[str, str] = {"TƯ": "TW"}
# A number may carry one lower-case letter: "36a/NQ-CP" (a document inserted after number 36).
_NUM = r"(?P<num>\d{1,5}[a-z]?)"
# Not inside a longer number, date, phone number or word; "No.1269/UBND-KT" and "số.12/…" are allowed. Checked in
# code (starts_clean) rather than as a lookbehind: a pattern that starts with a digit lets the regex engine skip
# straight to digits, which makes scanning a long article several times faster.
_NOT_BEFORE = frozenset("/.,:+-")
_ALLOWED_PREFIXES = ("No.", "số.")
_END = r"(?![\w/])"
# Groups are joined by "-"; inter-agency ("liên ngành") symbols use a colon after "LN": "KH-LN:STTTT-SGDĐT".
_SEP = r"(?:\s?-\s?|(?<=LN):\s?)"
_GROUPS = GROUP + r"(?:" + _SEP + GROUP + r")*"
# Legal symbols are sometimes written with a slash after the type: "12/2007/TTLT/BXD-BTTTT".
_LEGAL_GROUPS = GROUP + r"(?:(?:" + _SEP + r"|\s?/\s?)" + GROUP + r")*"

# Legal (VBQPPL): "20/2021/NĐ-CP", "80/2015/QH13", "55/2005/TTLT-BNV-VPCP"; also the typo "33/2008QĐ-BTC".
LEGAL = re.compile(
    _NUM + r"\s?/\s?(?P<year>(?:19|20)\d{2})(?:\s?/\s?|(?=[A-ZĐ]))(?P<sym>" + _LEGAL_GROUPS + r")" + _END
)
# Party: "20-CT/TW", "20 - CT/TW", "20 NQ/TW", "36-HD/VPTW".
PARTY = re.compile(_NUM + r"\s?(?:-\s?|\s)(?P<type>" + GROUP + r")\s?/\s?(?P<sym>" + _GROUPS + r")" + _END)
# Administrative documents and official letters: "27/QĐ-TTg", "1656/NQ-UBTVQH15", "1971/LĐTBXH-BVCSTE", "101/CP".
ADMIN = re.compile(_NUM + r"\s?/\s?(?P<sym>" + _GROUPS + r")" + _END)



def starts_clean(text: str, start: int) -> bool:
    """A document number may start here: not inside a longer number, date, phone number or word."""
    if start == 0:
        return True
    before = text[start - 1]
    if not (before.isalnum() or before == "_" or before in _NOT_BEFORE):
        return True
    return text.endswith(_ALLOWED_PREFIXES, 0, start)


def clean_matches(pattern: re.Pattern[str], text: str,
                  ok: Callable[[str, int], bool] = starts_clean) -> Iterator[re.Match[str]]:
    """pattern.finditer(text), keeping only matches whose start is `ok` (a rejected start is retried one on)."""
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return
        if ok(text, m.start()):
            yield m
            pos = m.end() if m.end() > m.start() else m.start() + 1
        else:
            pos = m.start() + 1


# Loose citation: a type word, optional "số", a number, no symbol: "Chỉ thị 20", "Nghị quyết số 01".
TYPE_WORDS: dict[str, str] = {
    "chỉ thị": "Chỉ thị",
    "nghị quyết": "Nghị quyết",
    "quyết định": "Quyết định",
    "nghị định": "Nghị định",
    "kế hoạch": "Kế hoạch",
    "thông tư": "Thông tư",
    "kết luận": "Kết luận",
    "hướng dẫn": "Hướng dẫn",
    "quy định": "Quy định",
    "công văn": "Công văn",
    "chương trình": "Chương trình",
    "thông báo": "Thông báo",
    "luật": "Luật",
}
LOOSE = re.compile(  # reference form; loose_matches() finds the same citations faster
    r"(?<!\w)(?P<word>" + "|".join(TYPE_WORDS) + r")\s(?:số\s?)?(?P<num>\d{1,5})(?![\w/.,-]\d|[\w/-])",
    re.IGNORECASE,
)
# A loose citation is found from its number (few per text) back to the type word before it: scanning a whole
# article for 13 case-insensitive words at every position was the slowest step of directive extraction.
_LOOSE_NUM = re.compile(r"(?<!\d)\d{1,5}(?![\w/.,-]\d|[\w/-])")
_LOOSE_WORD = re.compile(r"(?<!\w)(?P<word>" + "|".join(TYPE_WORDS) + r")\s(?:số\s?)?\Z", re.IGNORECASE)
_LOOSE_BACK = max(len(w) for w in TYPE_WORDS) + 6


@dataclass(frozen=True)
class Loose:
    """One loose citation: where it starts and ends, where its number starts, the type word and the number."""

    start: int
    end: int
    num_start: int
    word: str
    num: str


def loose_matches(text: str) -> Iterator[Loose]:
    """The matches of LOOSE in `text`, in order."""
    for m in _LOOSE_NUM.finditer(text):
        w = _LOOSE_WORD.search(text, max(0, m.start() - _LOOSE_BACK), m.start())
        if w is not None:
            yield Loose(w.start(), m.end(), m.start(), w["word"], m.group(0))


# Issue date right after a citation: "ngày 05/11/2012", "ngày 5 tháng 11 năm 2012", ", ban hành ngày 21/7/2025".
ISSUED_AFTER = re.compile(
    r"^\s?[,(]?\s?(?:(?:được\s)?(?:ban hành|ký)\s)?ngày\s(?P<date>\d{1,2}\s?(?:[/.-]\s?\d{1,2}\s?[/.-]\s?\d{4}"
    r"|tháng\s\d{1,2}\snăm\s\d{4}))",
    re.IGNORECASE,
)
# Symbols without a type abbreviation (laws "80/2015/QH13", ordinances, letters) take the type from the nearest
# type word before the number, within one clause: "Luật Trẻ em số 102/2016/QH13" -> Luật.
# Capitalised as in citations ("pháp luật" is not a law); the nearest one wins.
TYPE_BEFORE = re.compile(r"(?<!\w)(?P<word>Luật|Nghị quyết|nghị quyết|Pháp lệnh|Lệnh|Công văn|công văn)(?!\w)")
TYPE_WORD_ABBR: dict[str, str] = {"luật": "Luật", "nghị quyết": "NQ", "pháp lệnh": "PL", "lệnh": "L", "công văn": "CV"}
# Party issuers: "18/NQ-TW" (admin shape, a common slip) is the Party document "18-NQ/TW".
PARTY_ISSUERS: frozenset[str] = frozenset({"TW", "TU", "HU", "ĐU", "ĐĐ", "BCSĐ", "VPTW", "BTGTW", "BTCTW", "KU"})
# Joint documents: every group after the type is an issuer ("TTLT-BNV-VPCP", "NQLT-UBTVQH15-CP-…").
JOINT_TYPES: frozenset[str] = frozenset({"TTLT", "NQLT", "CTLT"})
# Official letters carry no type in their symbol; they are "Công văn".
LETTER_TYPE = "CV"
# Words before a number that make it a form, annex or template code, not a document: "Mẫu số 01/TK-SDDPNN".
NOT_A_DOCUMENT_BEFORE = re.compile(
    r"(?:\bmẫu|\bbiểu|\bbiểu mẫu|\bphụ lục|\btờ khai|\bform)\s?(?:số\s?)?:?\s?$", re.IGNORECASE
)
# Party term named near a citation: "(khóa XI)".
TERM_AFTER = re.compile(r"^.{0,80}?\(\s?kh[óo]a\s(?P<term>[IVXL]+)\s?\)", re.IGNORECASE)

# "… của <issuer>" right after a loose citation: the alias resolves only when the issuer agrees.
ISSUER_AFTER = re.compile(r"^\s?(?:ngày\s\S+\s)?của\s(?P<who>[^,.;:()“”\"]{3,60})", re.IGNORECASE)
# Other names of an issuer code, as prose writes them (folded comparison).
ISSUER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "TW": ("Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành Trung ương", "Trung ương", "BCH Trung ương"),
    "CP": ("Chính phủ",),
    "TTg": ("Thủ tướng", "Thủ tướng Chính phủ"),
}

# Party type names that differ from the state tables (HD 36-HD/VPTW): "TT" is Thông tri in Party documents.
PARTY_TYPE_NAMES: dict[str, str] = {"TT": "Thông tri", "QĐ": "Quyết định", "QĐi": "Quy định"}
# Type abbreviation of a law number ("80/2015/QH13"): the symbol is only the National Assembly and its term.
LAW_ISSUER = re.compile(r"^QH\d{1,2}$")

# Issuers whose numbers are scoped to one province (numbering restarts per issuing unit): People's Committees and
# Councils, provincial/district Party committees, provincial departments (Sở). "377/KH-UBND" of Lào Cai and of
# Hà Nội are two documents; central issuers (TW, TTg, CP, ministries, QH…) keep a national key.
LOCAL_ISSUERS: frozenset[str] = frozenset({
    "UBND", "HĐND", "TU", "HU", "ĐU", "TX", "TP", "BCĐ", "UBMTTQ",
    "STTTT", "SYT", "SNV", "SGDĐT", "STC", "STNMT", "SNNPTNT", "SXD", "SGTVT", "SKHĐT", "SKHCN", "SVHTTDL",
    "SLĐTBXH", "STP", "SCT", "SNgV", "BQL",
})
# Where a unit named right after a citation is looked for ("377/KH-UBND ngày … của UBND tỉnh Lào Cai").
SCOPE_WINDOW = 80
SCOPE_STOP = re.compile(r"[.;]\s|\d{1,5}[a-z]?\s?[/-]\s?[A-ZĐ]")  # the clause ends, or the next citation starts

# Dashes and spaces to fold before matching.
DASHES = re.compile(r"[\u2010-\u2015\u2212]")
