"""Legacy 8-bit Vietnamese (TCVN3/ABC, VNI) shown as Latin-1: detect and convert via the tables in legacy.yaml."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from core.textfold import unify_tones

TABLES_PATH = Path(__file__).with_name("legacy.yaml")
# Letters only Unicode Vietnamese has (ă đ ơ ư and the U+1EA0-U+1EF9 block): a line with any is not legacy text.
_UNICODE_VI = re.compile("[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
_HIGH_LATIN = re.compile("[\u00a1-\u00ff]")
_MIN_MARKERS = 2
PAGE_SAMPLE = 20_000  # characters of a page's text read for its encoding
_MIN_MARKER_SHARE = 0.15  # legacy marks per word needed before a line is converted


@dataclass(frozen=True)
class _Codec:
    name: str
    marker_in_word: re.Pattern[str]
    sequence: re.Pattern[str]
    table: dict[str, str]

    def convert(self, text: str) -> str:
        """Map every legacy sequence, then NFC and the current tone placement ("Uỷ" -> "Ủy")."""
        return unify_tones(self.sequence.sub(lambda m: self.table[m.group(0)], text))


def _vni_table(vni: dict[str, object]) -> dict[str, str]:
    """Every VNI sequence -> its Unicode letter, composed from the mark-key tables."""
    marks = {"acute": "\u0301", "grave": "\u0300", "hook": "\u0309", "tilde": "\u0303", "dot": "\u0323", "bare": ""}
    table: dict[str, str] = {}

    def add(bases: str, keys: dict[str, list[str]], shape: str) -> None:
        for base in bases:
            for mark, (low, up) in keys.items():
                letter = unicodedata.normalize("NFC", base + shape + marks[mark])
                for key in (low, up):
                    table[base + key] = letter
    tones: dict[str, list[str]] = vni["tones"]  # type: ignore[assignment]
    add("aeiouyAEIOUY", tones, "")
    add("aeoAEO", vni["circumflex"], "\u0302")  # type: ignore[arg-type]
    add("aA", vni["breve"], "\u0306")  # type: ignore[arg-type]
    singles: dict[str, str] = vni["singles"]  # type: ignore[assignment]
    for single, letter in singles.items():
        if letter in "ơƠưƯ":  # ơ / ư take the tone keys too: "ôù" -> ớ
            for mark, (low, up) in tones.items():
                toned = unicodedata.normalize("NFC", letter + marks[mark])
                table[single + low] = table[single + up] = toned
        table[single] = letter
    return table


def _alternation(keys: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))


@lru_cache(maxsize=1)
def codecs(path: Path = TABLES_PATH) -> tuple[_Codec, ...]:
    """TCVN3 then VNI, compiled from the data file."""
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    tcvn3: dict[str, str] = data["tcvn3"]
    tc_marks = data["tcvn3_markers"]
    vni = data["vni"]
    vni_table = _vni_table(vni)
    vni_marks = re.escape(vni["markers"])
    return (
        _Codec("tcvn3", re.compile(f"(?<=[A-Za-z])[{tc_marks}]|[{tc_marks}](?=[A-Za-z])"),
               _alternation(list(tcvn3)), tcvn3),
        _Codec("vni", re.compile(f"(?<=[A-Za-z])[{vni_marks}]|[{vni_marks}](?=[A-Za-z])"),
               _alternation(list(vni_table)), vni_table),
    )


def detect_legacy(text: str) -> str | None:
    """"tcvn3" or "vni" when `text` looks like that encoding read as Latin-1, else None."""
    if _UNICODE_VI.search(text) or not _HIGH_LATIN.search(text):
        return None
    words = max(1, len(text.split()))
    for codec in codecs():
        hits = len(codec.marker_in_word.findall(text))
        # Two marks inside words, often enough, and a conversion that yields Vietnamese-only letters:
        # French "brûlée" or "naïve" has one mark and converts to nothing Vietnamese.
        if hits >= _MIN_MARKERS and hits / words >= _MIN_MARKER_SHARE and _UNICODE_VI.search(codec.convert(text)):
            return codec.name
    return None


def repair_legacy(text: str) -> str:
    """Convert TCVN3 or VNI text read as Latin-1 back to Unicode; other text is returned unchanged."""
    found = detect_legacy(text)
    if found is None:
        return text
    codec = next(c for c in codecs() if c.name == found)
    return codec.convert(text)


def repair_by_page(text: str, page_text: Callable[[], str]) -> str:
    """`text` (a short title) converted with the legacy encoding the page's own text is in, when it still looks
    like Latin-1: "Tin tøc" has one mark, too little evidence alone, but the article under it is TCVN3 too."""
    if _UNICODE_VI.search(text) or not _HIGH_LATIN.search(text):
        return text
    found = detect_legacy(page_text()[:PAGE_SAMPLE])
    codec = next((c for c in codecs() if c.name == found), None)
    return codec.convert(text) if codec is not None else text
