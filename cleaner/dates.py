"""Parse Vietnamese portal date strings and pick an article's publication date."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone

from core.clock import VN_TZ, VN_TZ_NAME
from core.textfold import ascii_fold, fold, nfc

EARLIEST = date(1995, 1, 1)

# Time of day: "15:15", "4:04 PM", "15:42:27", "9:0'" (unpadded minutes), "9h30", "8 giờ 30".
_TIME = (
    r"(?P<H>\d{1,2})\s*(?:[:hH]|giờ)\s*(?P<M>\d{1,2})(?!\d)(?:\s?phút)?(?::(?P<S>\d{1,2}))?'?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?|SA|CH)?"
)
_TIME2 = _TIME.replace("?P<", "?P<t")  # second copy for patterns with the time after the date
_DMY = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})(?!\d)"
_PATTERNS: tuple[re.Pattern[str], ...] = (
    # ISO 8601 from meta/itemprop: 2022-07-27T16:04:00+07:00, 2022-07-27; also 2024/03/12.
    re.compile(
        r"(?<![\d/])(?P<y>(?:19|20)\d{2})(?P<sep>[-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
        r"(?:[T ](?P<tH>\d{1,2}):(?P<tM>\d{2})(?::(?P<tS>\d{2})(?:\.\d+)?)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
    ),
    # Time first: "04:35 15/03/2016", "13:50 - 17/09/2025".
    re.compile(r"(?<![\d/])" + _TIME + r"\s*(?:[-|,]\s*)?(?:ngày\s+)?(?<!\d)" + _DMY),
    # Date first, optional time: "27/07/2022 | 4:04 PM", "22/09/2022 15:15", "25/8/2022 9:0'(GMT+7)".
    re.compile(r"(?<![\d/])" + _DMY + r"(?:\s*(?:[|,-]|lúc)?\s*(?<![\d/])" + _TIME2 + r")?"),
    # Legal prose: "ngày 17 tháng 10 năm 2012", optionally "lúc 14:00".
    re.compile(
        r"(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*(?:năm|,)\s*(?P<y>(?:19|20)\d{2})"
        r"(?:\s*(?:,|lúc|-)?\s*" + _TIME2 + r")?",
        re.IGNORECASE,
    ),
)

# Space-separated day month year, as some Lạc Việt/EasyWebHub builds print it: "thứ năm, 08 08 2019 08:52". Only
# followed by a clock time or by nothing, and not right after another number: a visitor counter prints digits
# with spaces too.
_SPACED = (r"(?P<d>\d{1,2}) (?P<m>\d{1,2}) (?P<y>(?:19|20)\d{2})(?!\d)")
_PATTERNS = (*_PATTERNS, re.compile(
    r"(?<![\d/])(?<!\d )" + _SPACED + r"(?:(?=\s*$)|\s*(?:[|,-]\s*)?" + _TIME2 + r")",
    re.IGNORECASE,
))

# A date with a time of day (either order), used only as the last resort in page text.
_STAMP = re.compile(
    _PATTERNS[1].pattern + "|" + _DMY.replace("?P<", "?P<s")
    + r"\s?[|,-]?\s?\d{1,2}[:hH]\d{1,2}(?::\d{1,2})?(?:\s?[AaPp]\.?[Mm]\b\.?)?"
)

# Labels that introduce the publication date in page text, most specific first (matched case-insensitively, also
# without diacritics): a "Ngày đăng" anywhere beats an earlier "Cập nhật".
PUBLISHED_LABELS: tuple[str, ...] = (
    "ngày đăng", "đăng ngày", "ngày xuất bản", "xuất bản", "ngày cập nhật", "cập nhật", "gửi lúc", "thời gian đăng",
    "đăng lúc", "published",
)
_LABELLED = re.compile(
    r"(?<!\w)(?P<label>" + "|".join(sorted({re.escape(v) for lab in PUBLISHED_LABELS for v in (lab, ascii_fold(lab))},
                                     key=len, reverse=True))
    + r")(?!\w)\D{0,12}(?=\d)",  # the date must follow the label closely
    re.IGNORECASE,
)
_LABEL_RANK = {fold(label): rank for rank, label in enumerate(PUBLISHED_LABELS)}
_WEEKDAY = re.compile(r"^\s*(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|cn)\b", re.IGNORECASE)


def _hour(raw: str, ampm: str | None) -> int:
    hour = int(raw)
    if ampm:
        pm = ampm[0].lower() == "p" or ampm.upper() == "CH"
        hour = hour % 12 + (12 if pm else 0)
    return hour


def _build(m: re.Match[str]) -> datetime | None:
    g = m.groupdict()
    day, month, year = int(g["d"]), int(g["m"]), int(g["y"])
    if month > 12 and day <= 12:  # US order ("11/30/2021 …") is the only valid reading
        day, month = month, day
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    hh = g.get("H") or g.get("tH")
    t = time(0, 0)
    if hh is not None:
        ampm = g.get("ampm") or g.get("tampm")
        try:
            t = time(_hour(hh, ampm), int(g.get("M") or g.get("tM") or 0), int(g.get("S") or g.get("tS") or 0))
        except ValueError:
            t = time(0, 0)
    tz = g.get("tz")
    if tz:
        sign = -1 if tz.startswith("-") else 1
        digits = tz.replace(":", "")[1:] if tz != "Z" else "0000"
        offset = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))
        return datetime.combine(d, t, offset).astimezone(VN_TZ)
    return datetime.combine(d, t, VN_TZ)


def _regex_parse(text: str) -> datetime | None:
    best: tuple[int, datetime] | None = None
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if best is not None and m.start() >= best[0]:
                break
            parsed = _build(m)
            if parsed is not None:
                best = (m.start(), parsed)
                break
    return best[1] if best else None


def _dateparser_parse(text: str) -> datetime | None:
    import dateparser  # slow import and slow parse: last resort only

    parsed = dateparser.parse(
        text,
        languages=["vi", "en"],
        settings={"DATE_ORDER": "DMY", "TIMEZONE": VN_TZ_NAME, "RETURN_AS_TIMEZONE_AWARE": True,
                  "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.astimezone(VN_TZ) if parsed else None


def parse_vn_datetime(text: str) -> datetime | None:
    """First date (and time, when given) in `text`, aware in Asia/Ho_Chi_Minh; None when there is none."""
    text = re.sub(r"\s+", " ", nfc(text)).strip()
    if not text or not re.search(r"\d", text):
        return None
    found = _regex_parse(text)
    # Numeric formats are all covered by the regexes; dateparser only sees month names ("March 31, 2025").
    if found is None and len(text) <= 80 and re.search(r"(?:19|20)\d{2}", text) and re.search(r"[A-Za-z]{3}", text):
        found = _dateparser_parse(text)
    return found


_URL_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"/(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?=/)"),  # Tân Dân /Pages/2023-3-9/
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?=/)"),  # /YYYY/MM/DD/
)


def url_date(url: str) -> date | None:
    """Publication day encoded in a URL path; None when the path has no full date (e.g. uploads/news/2023_05/)."""
    for pattern in _URL_PATTERNS:
        m = pattern.search(url)
        if m:
            try:
                return date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
    return None


def _is_header_today(raw: str, parsed: datetime, now: datetime, page_text: Callable[[], str]) -> bool:
    """The page header's "today" (weekday + today's date, no time) is never the publication date."""
    if parsed.date() != now.astimezone(VN_TZ).date() or parsed.timetz().replace(tzinfo=None) != time(0, 0):
        return False
    top = fold(page_text()[:400])
    return bool(_WEEKDAY.search(raw)) or fold(raw.strip()) in top


def _labelled_dates(page_text: str) -> list[str]:
    """Snippets that follow a publication label ("Ngày đăng: 12/01/2021") in page text."""
    text = re.sub(r"\s+", " ", nfc(page_text))
    found = [(_LABEL_RANK[fold(m["label"])], m.start(), text[m.end(): m.end() + 40]) for m in _LABELLED.finditer(text)]
    return [snippet for _, _, snippet in sorted(found)]


def pick_published(
    candidates: list[str], *, url: str, page_text: str | Callable[[], str], now: datetime,
    not_before: date | None = None,
) -> datetime | None:
    """First plausible date from the platform's date elements, then labelled page dates, then the URL date.

    Last resort: the first date+time stamp in the page text. Never the header's "today", a future date or one
    before `not_before` / 1995. `page_text` may be a function, called only when the page's text is needed.
    """
    cache: list[str] = []

    def text() -> str:
        if not cache:
            cache.append(page_text() if callable(page_text) else page_text)
        return cache[0]

    latest = (now.astimezone(VN_TZ) + timedelta(days=1)).date()
    earliest = max(not_before or EARLIEST, EARLIEST)

    def plausible(d: date) -> bool:
        return earliest <= d <= latest

    def first(raws: list[str], parse: Callable[[str], datetime | None]) -> datetime | None:
        for raw in raws:
            parsed = parse(raw)
            if parsed and plausible(parsed.date()) and not _is_header_today(raw, parsed, now, text):
                return parsed
        return None

    found = first(_join_split_time(candidates), parse_vn_datetime) or first(
        _labelled_dates(text()), _regex_parse_clean
    )
    if found:
        return found
    from_url = url_date(url)
    if from_url and plausible(from_url):
        return datetime.combine(from_url, time(0, 0), VN_TZ)
    return first(_timestamps(text()), _regex_parse_clean)


_TIME_ONLY = re.compile(r"^\s*" + _TIME + r"\s*$")


def _join_split_time(candidates: list[str]) -> list[str]:
    """A date element followed by a separate time element ("27/07/2022", "04:04 PM") is one timestamp."""
    out: list[str] = []
    for raw in candidates:
        if out and _TIME_ONLY.match(raw) and not _TIME_ONLY.match(out[-1]):
            out[-1] = f"{out[-1]} {raw.strip()}"
        else:
            out.append(raw)
    return out


def _timestamps(page_text: str) -> list[str]:
    """Last resort: date+time stamps ("14/07/2022 | 03:46 PM") in page order; plain dates in prose are ignored."""
    text = re.sub(r"\s+", " ", nfc(page_text))
    return [m.group(0) for m in _STAMP.finditer(text)][:5]


def _regex_parse_clean(text: str) -> datetime | None:
    return _regex_parse(re.sub(r"\s+", " ", nfc(text)))
