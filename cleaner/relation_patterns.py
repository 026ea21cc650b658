"""Words and patterns that state an implementing relation between documents ("Kế hoạch … thực hiện Chỉ thị …")."""

from __future__ import annotations

import re

from cleaner.directive_patterns import TYPE_WORDS
from core.article import ImplementVerb

# The verb phrases, longest first, and the relation each states (a compound is read by its first verb).
VERBS: dict[str, ImplementVerb] = {
    "quán triệt, triển khai thực hiện": "quán triệt",
    "quán triệt và triển khai thực hiện": "quán triệt",
    "triển khai thực hiện": "triển khai",
    "tổ chức thực hiện": "thực hiện",
    "hướng dẫn thực hiện": "thực hiện",
    "tổ chức triển khai": "triển khai",
    "thực hiện": "thực hiện",
    "triển khai": "triển khai",
    "quán triệt": "quán triệt",
    "cụ thể hóa": "cụ thể hóa",
    "cụ thể hoá": "cụ thể hóa",
    "căn cứ": "căn cứ",
    "căn cứ vào": "căn cứ",
    "trên cơ sở": "căn cứ",
}
# Verbs in a row read as one ("triển khai, quán triệt và tổ chức thực hiện Nghị quyết …"): what may join them.
VERB_JOIN = re.compile(r"^\s?(?:,|và|,\s?và)\s?$")
VERB = re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, VERBS), key=len, reverse=True)) + r")(?!\w)",
                  re.IGNORECASE)

# Document type words as prose writes them before a number (the cleaner's loose-citation words and a few more).
_TYPES = "|".join(sorted([*TYPE_WORDS, "văn bản", "báo cáo", "tờ trình", "đề án", "thông tri", "chỉ thị liên tịch"],
                         key=len, reverse=True))
TYPE_PHRASE = r"(?:" + _TYPES + r")"
_DATE = r"(?:\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{4}|\d{1,2}\stháng\s\d{1,2}\snăm\s\d{4})"

# Between a verb and the first document it governs: a few words ending in the document's type phrase or "số"
# ("thực hiện nghiêm túc Chỉ thị số", "Căn cứ Điều 49 Nghị định"); nothing that ends the clause.
TARGET_LEAD_MAX = 60
TARGET_LEAD = re.compile(
    r"^\s?(?:[^\s,;:.!?“”\"()]+\s){0,8}?(?:(?:" + TYPE_PHRASE + r")(?:\s[^\s,;:.!?“”\"()]+){0,5}?\s?)?(?:số\s?)?$",
    re.IGNORECASE,
)
TARGET_LEAD_BLOCK = re.compile(r"(?<!\w)(?:và|cùng|với|hoặc|của)(?!\w)", re.IGNORECASE)

# Between two documents of one list: anything short (a date, an issuer, a title) that ends with a connector and
# the next document's type phrase ("… ngày 13/8/2008 và Nghị định số", ", Kế hoạch số").
LIST_GAP_MAX = 260
LIST_MAX = 30  # documents in one list at most (a longer run is a table of documents, not a statement)
LIST_JOIN = re.compile(
    r"(?:,|;|(?<!\w)và|(?<!\w)cùng|(?<!\w)hoặc|(?<!\w)cũng như)\s?(?:các\s)?(?:" + TYPE_PHRASE
    + r"(?:\s[^\s,;:.!?“”\"()]+){0,5}?\s?)?(?:số\s?)?$",
    re.IGNORECASE,
)

# Between an implementing document and its verb: its date, issuer and the start of its title ("Kế hoạch số
# 185/KH-UBND ngày 14/10/2015 của UBND TP về việc thực hiện"); no clause break, no words that make the document the
# subject of something else ("Chỉ thị số 20-CT/TW yêu cầu các cấp ủy thực hiện").
DOC_GAP_MAX = 200
DOC_GAP_DATE = re.compile(r"^\s?,?\s?(?:\(?\s?(?:ban hành|ký)?\s?ngày\s" + _DATE + r"\s?\)?)?", re.IGNORECASE)
DOC_GAP_BLOCK = re.compile(
    r"[;:!?]|,|(?<!\w)(?:yêu cầu|đề nghị|chỉ đạo|giao|phải|cần|đã|sẽ|đang|đồng thời|hội nghị|kết quả|tình hình"
    r"|năm|quy định tại|tại|theo|trong|khi|nếu|các cấp|cấp ủy|địa phương|đơn vị|người|doanh nghiệp)(?!\w)",
    re.IGNORECASE,
)
DOC_GAP_CONNECTOR = re.compile(r"^\s?(?:và|cùng|hoặc|với)(?!\w)", re.IGNORECASE)

# Before a verb that opens its clause, the document issued follows it ("Thực hiện Chỉ thị số 20-CT/TW, Tỉnh ủy ban
# hành Kế hoạch số 48-KH/TU"): what may stand before such a verb in its clause.
LEAD_IN = re.compile(
    r"^\s?(?:(?:và|đồng thời|theo đó|trước đó|sau đó|tiếp đó|ngày\s" + _DATE + r")\s?,?\s?)?"
    r"(?:(?:để|nhằm|trên cơ sở|tiếp tục|nhằm tiếp tục|để tiếp tục|nhằm|cùng với việc)\s)?"
    r"(?:(?:" + "|".join(sorted(map(re.escape, VERBS), key=len, reverse=True)) + r")\s?(?:,|và)\s?)*$",
    re.IGNORECASE,
)
# …or a purpose clause ends right before it, however it began ("Trên cơ sở kết quả thí điểm … và để thực hiện").
PURPOSE_BEFORE = re.compile(r"(?:^|\s)(?:và\s)?(?:để|nhằm)\s(?:tiếp tục\s)?$", re.IGNORECASE)
LEAD_IN_MAX = 200  # characters before an opening verb that are looked at
CLAUSE_BREAK = re.compile(r"[;:]\s")
# Right before the document issued: an issuing verb, then its type phrase within a few words ("ký ban hành
# Chương trình số", "đã có Công văn số", "ban hành Kế hoạch thực hiện của Sở tại văn bản số").
ISSUED = re.compile(
    r"(?<!\w)(?:ban hành|ký|xây dựng|có|ra|phát hành)\s(?:[^\s,;:.!?“”\"()]+\s){0,8}?(?:" + TYPE_PHRASE
    + r")(?:\s[^\s,;:.!?“”\"()]+){0,6}?\s?(?:số\s?)?:?\s?$",
    re.IGNORECASE,
)
ISSUED_WINDOW = 90
ISSUED_AFTER_MAX = 500  # the document issued comes within this many characters after the targets' list

# Sentences end at . ! ? … followed by a capital letter (checked in code), not after an abbreviation ("TP. Huế").
SENTENCE_END = re.compile(r"(?:[.!?]+|…)[\"”)]?\s[\"“(\-]?\s?(?P<next>\w)")
ABBREVIATIONS: frozenset[str] = frozenset({"TP", "Tp", "tp", "TS", "ThS", "PGS", "GS", "BS", "Th", "Q", "P", "KS"})
SENTENCE_MAX = 600  # a longer sentence is stored cut around the relation, with "…"
