"""Text repair: entities, NFC, stray marks, mojibake, legacy 8-bit Vietnamese, hard line breaks, duplicates."""

from __future__ import annotations

import html
import re
import unicodedata

from cleaner.legacy import repair_legacy

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE_CHARS = "[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
# Runs of two or more, or any other space character; a lone " " is left alone (most of a text: no work).
_SPACES = re.compile(f"(?: {_SPACE_CHARS}|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]){_SPACE_CHARS}*")
_ENTITY = re.compile(r"&(?:#\d{2,7}|#x[0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# UTF-8 read as cp1252/latin-1: lead bytes C3/C4/C5/C6/E1/E2 shown as "Ã Ä Å Æ á â" + a continuation char.
# _CP1252_HIGH: the characters cp1252 puts on bytes 0x80-0x9F, which mojibake contains next to Latin-1 ones.
_CP1252_HIGH = "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022" \
    "\u2026\u2030\u2039\u203a\u20ac\u2122"
_MOJIBAKE_HINT = re.compile("(?:[ÃÄÅÆ][\u0080-\u00bf" + _CP1252_HIGH + "]|á»|áº|â€)")
_HIGH = "[\u0080-\u00ff" + _CP1252_HIGH + "]"
_LATIN_RUN = re.compile(_HIGH + "+")
# Entities whose "&" a CMS stripped: "ph&ograve;ng" saved as "phograve;ng", "TT&amp;TT" as "TTamp;TT" (seen in
# ~10 % of sotttt.hanoi articles). Only names that never end a Vietnamese or English word are restored.
# Matched at the end of the text before each ";" (_restore_lost_amps): scanning a whole article with the
# lookbehind at every position was the slowest step of repair_text.
_LOST_AMP = re.compile(
    r"(?<=[^\W_]|[\s(\"'])((?:[aeiouyAEIOUY](?:acute|grave|tilde|circ|uml))|[lr]dquo|[lr]squo|[nm]dash|hellip|amp|"
    r"quot|nbsp|#\d{3,5})\Z"
)
_LOST_AMP_WINDOW = 10  # the longest name ("#12345", "hellip", "oacute") and the character before it
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_COMBINING = re.compile("[" + _MARKS + "]")
_STRAY = re.compile(r"(^|[\W\d_])[" + _MARKS + "]+")
_MARKERS_SPACE = " \x01\x02"
_TERMINAL = tuple(".!?…:;\"”»)]")


def _to_cp1252_bytes(text: str) -> bytes | None:
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))
            else:
                return None
    return bytes(out)


def _undo_run(m: re.Match[str]) -> str:
    raw = _to_cp1252_bytes(m.group(0))
    if raw is None:
        return m.group(0)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return m.group(0)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as cp1252/latin-1 ("Tá»‰nh á»§y" -> "Tỉnh ủy"); other text is unchanged."""
    if not _MOJIBAKE_HINT.search(text):
        return text
    return _LATIN_RUN.sub(_undo_run, text)


def strip_stray_marks(text: str) -> str:
    """NFC-compose, then drop combining marks left with no letter to sit on (after a space, digit or the start)."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not _COMBINING.search(text):
        return text
    return _STRAY.sub(r"\1", text)


def _restore_lost_amps(text: str) -> str:
    """Entities whose "&" was stripped ("phograve;ng"), restored: each ";" is checked against the text before it."""
    if ";" not in text:
        return text
    parts = text.split(";")
    out: list[str] = []
    for part in parts[:-1]:
        m = _LOST_AMP.search(part[-_LOST_AMP_WINDOW:])
        if m:
            out.append(part[: len(part) - len(m.group(1))] + html.unescape("&" + m.group(1) + ";"))
        else:
            out.append(part + ";")
    out.append(parts[-1])
    return "".join(out)


def repair_text(text: str) -> str:
    """Full inline repair of one string: BOM/zero-width, entities (also double-escaped), mojibake, legacy
    encodings, NFC and stray combining marks, whitespace runs collapsed (newlines kept)."""
    for _ in range(2):  # twice: "&amp;#7871;" escaped once more on its way into the page
        if "&" not in text or not _ENTITY.search(text):
            break
        text = html.unescape(text)
    text = _restore_lost_amps(text)
    text = repair_mojibake(text)
    text = repair_legacy(text)  # before zero-width removal: TCVN3 puts "ư" on the soft-hyphen byte
    text = _ZERO_WIDTH.sub("", text)
    text = strip_stray_marks(text)
    return _SPACES.sub(" ", text)


def join_hard_breaks(lines: list[str]) -> list[str]:
    """Join lines of one block that were hard-wrapped mid-sentence.

    A line break is kept when the line ends a sentence (terminal punctuation), or when the block's first line
    is followed by a capitalised line (a heading over its text); otherwise the lines are joined with a space.
    """
    lines = [ln.strip() for ln in lines if ln.strip(_MARKERS_SPACE)]
    if not lines:
        return []
    out = [lines[0]]
    for i, line in enumerate(lines[1:], start=1):
        prev = out[-1].rstrip(_MARKERS_SPACE)  # link markers from cleaner.dom do not hide punctuation
        bare = line.lstrip(_MARKERS_SPACE)
        ends_sentence = prev.endswith(_TERMINAL)
        heading_break = i == 1 and len(out) == 1 and bare[:1].isupper()
        bullet = bare[:1] in "-–•+*" or bool(re.match(r"^(?:\d{1,2}|[a-zđ]|[IVX]{1,4})[.)/]\s", bare))
        if ends_sentence or heading_break or bullet:
            out.append(line)
        else:
            out[-1] = out[-1] + " " + line
    return out


def dedupe_paragraphs(paragraphs: list[str]) -> list[str]:
    """Collapse a paragraph repeated right after itself (photo captions shown twice, alt + figcaption)."""
    out: list[str] = []
    last_key = None
    for para in paragraphs:
        key = " ".join(para.lower().split())
        if key and key == last_key:
            continue
        out.append(para)
        last_key = key
    return out


def remove_noise(text: str, noise: tuple[str, ...]) -> str:
    """Delete inline garbage strings (e.g. a .NET exception message pasted into a page)."""
    for item in noise:
        if item in text:
            text = text.replace(item, " ")
    return text


# Characters XML 1.0 cannot carry (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/U+FFFF). Page text may hold
# them; a title keeping one breaks every RSS feed that lists it. Body blocks use \x01/\x02 as link markers until
# cleaner.dom resolves them, so only finished strings (titles) are cleaned with this.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_xml_illegal(text: str) -> str:
    """`text` without the characters XML cannot carry."""
    return XML_ILLEGAL.sub("", text)


def repair_title(text: str) -> str:
    """repair_text for a title: also without control characters, stripped."""
    return strip_xml_illegal(repair_text(text)).strip()
