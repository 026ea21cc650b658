"""Province metadata: names mentioned in text, portal domains, and the 2025 merger (old unit -> current unit)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit

from cleaner.trie import trie_pattern
from core.registry import MERGER_DATE, ProvinceRegistry
from core.textfold import ascii_fold, fold, nfc, unify_tones

# Names that are also common words, person names or ward names: counted only after a province prefix.
# "Hồ Chí Minh" alone is usually the President (Đoàn TNCS Hồ Chí Minh, tư tưởng Hồ Chí Minh), not the city.
NEEDS_PREFIX: frozenset[str] = frozenset(
    {"hue", "long an", "hoa binh", "thai binh", "ha nam", "kien giang", "ho chi minh"}
)
# Endings of the (tone-unified, lower-cased) text before a name that make it a province: "tỉnh X", "TP. X".
_PROVINCE_PREFIX = re.compile(
    r"(?:\btỉnh|\bthành phố|\btp\.?|\btỉnh ủy|\bthành ủy|\bthủ đô|\bubnd|\bhđnd|\btinh|\bthanh pho)$"
)
# Endings that make the name a lower-level unit, a street, river or place inside a province: "xã Hòa Bình",
# "phố Huế". Compared with diacritics: folded, "chợ" (market) would also match "cho" (for).
_SUB_PREFIX = re.compile(
    r"\b(?:xã|phường|huyện|quận|thị xã|thị trấn|sông|đường|phố|ấp|thôn|cầu|chợ|bến|hồ|đảo|làng|tổ|khu phố)$"
)
# Aliases that carry their own prefix ("TP.HCM", "Thành phố Huế", "Thủ đô Hà Nội").
_SELF_PREFIXED = ("tp", "thanh pho", "thu do")
# Phrases containing a province name that are not places: the Pacific Ocean contains "Thái Bình" and "Bình Dương";
# "Điện Biên Phủ" is mostly a street name or the 1954 battle.
STOP_PHRASES: tuple[str, ...] = ("Thái Bình Dương", "Thai Binh Duong", "Điện Biên Phủ", "Dien Bien Phu")
# Hosts whose labels may name a province without being in provinces.yaml: "tinhuybacgiang.dcs.vn".
_VN_PUBLIC_HOST = re.compile(r"\.(?:gov|dcs|org|com)\.vn$")
# "Thủ đô" (capitalised) alone is Hà Nội, but not when a proper name follows it.
BARE_NAMES: frozenset[str] = frozenset({"Thủ đô"})
_NAMED_NEXT = re.compile(r"\s(?=\w)")  # followed by a word that starts with a capital (checked in code)
# An ASCII-folded alias ("Thanh Hoa") counts only in ASCII text; next to Vietnamese letters it is a person's name.
_NON_ASCII_WINDOW = 30


@dataclass(frozen=True)
class _Index:
    pattern: re.Pattern[str]
    alias_to_current: dict[str, str]
    alias_to_code: dict[str, str]  # the unit's own code, current or former ("Đắk Nông" -> "dak-nong")
    folded_aliases: frozenset[str]  # ASCII spellings of names that have diacritics
    domains: tuple[tuple[str, str], ...]  # (domain, unit code), longest first
    compact: tuple[tuple[str, str], ...]  # ("bacgiang", unit code), longest first


def _to_current(reg: ProvinceRegistry, code: str) -> str:
    former = reg.former_by_code().get(code)
    if code in reg.current_by_code():
        return code
    return former.merged_into if former and former.merged_into else code


def _build_index(reg: ProvinceRegistry) -> _Index:
    alias_to_current: dict[str, str] = {}
    alias_to_code: dict[str, str] = {}
    domains: list[tuple[str, str]] = []
    compact: list[tuple[str, str]] = []
    for unit in [*reg.current, *reg.former]:
        target = _to_current(reg, unit.code)
        for alias in [unit.name, *unit.aliases]:
            alias_to_current.setdefault(unify_tones(nfc(alias)), target)
            alias_to_code.setdefault(unify_tones(nfc(alias)), unit.code)
        if unit.portal:
            domains.append((unit.portal.lower(), unit.code))
        compact.append((unit.code.replace("-", ""), unit.code))
    folded = frozenset(ascii_fold(a) for a in alias_to_current if ascii_fold(a) != a)
    for alias, code in list(alias_to_current.items()):  # old-style tones ("Khánh Hoà") match without rewriting
        alias_to_current.setdefault(_old_tones(alias), code)  # the whole text first
        alias_to_code.setdefault(_old_tones(alias), alias_to_code[alias])
    # One trie-shaped pattern for every name (cleaner.trie); not inside a word, a domain or an e-mail address,
    # but "TP.Huế" (glued prefix) is fine.
    start = r"(?<!\w)(?:(?<=TP\.)|(?<=Tp\.)|(?<!\.))"
    pattern = re.compile(start + r"(?:" + trie_pattern(alias_to_current) + r")(?!\w)")
    return _Index(
        pattern,
        alias_to_current,
        alias_to_code,
        folded,
        tuple(sorted(domains, key=lambda d: len(d[0]), reverse=True)),
        tuple(sorted(compact, key=lambda c: len(c[0]), reverse=True)),
    )


_NEW_TO_OLD = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè", "óe": "oé", "ỏe": "oẻ",
               "õe": "oẽ", "ọe": "oẹ", "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ"}
_NEW_TONE = re.compile("(" + "|".join(_NEW_TO_OLD) + r")(?![^\W\d_])")


def _old_tones(name: str) -> str:
    """The old tone placement of a name ("Khánh Hòa" -> "Khánh Hoà"), the inverse of core.textfold.unify_tones."""
    return _NEW_TONE.sub(lambda m: _NEW_TO_OLD[m.group(1)], name)


def _normalise(text: str) -> str:
    text = " ".join(nfc(text).split())
    for phrase in STOP_PHRASES:
        text = text.replace(phrase, " " * len(phrase))
    return text


def _ascii_context(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - _NON_ASCII_WINDOW): end + _NON_ASCII_WINDOW]
    return not any(ch.isalpha() and not ch.isascii() for ch in window)


class Places:
    """Province lookups over one provinces registry (config/provinces.yaml as the caller loaded it)."""

    def __init__(self, registry: ProvinceRegistry) -> None:
        self.registry = registry
        self._idx = _build_index(registry)
        self._host = lru_cache(maxsize=4096)(self._province_of_host)

    def mentioned(self, text: str) -> list[str]:
        """Current (2025) unit codes of every province or centrally-run city named in `text`, in order of mention."""
        return self._mentioned(text, own=False)

    def unit_named(self, text: str) -> str | None:
        """The unit's own code (current or former: "Đắk Nông" -> "dak-nong") of the first province named with a
        province prefix ("tỉnh Lào Cai", "UBND thành phố Hà Nội"), else None."""
        found = self._mentioned(text, own=True, prefixed_only=True)
        return found[0] if found else None

    def _mentioned(self, text: str, *, own: bool, prefixed_only: bool = False) -> list[str]:
        idx = self._idx
        text = _normalise(text)
        found: list[str] = []
        for m in idx.pattern.finditer(text):
            before = text[max(0, m.start() - 24): m.start()].lower().rstrip()
            name = fold(m.group(0))
            prefixed = name.startswith(_SELF_PREFIXED) or bool(_PROVINCE_PREFIX.search(before))
            if not prefixed and (prefixed_only or name in NEEDS_PREFIX or _SUB_PREFIX.search(before)):
                continue
            if m.group(0) in idx.folded_aliases and not _ascii_context(text, m.start(), m.end()):
                continue
            if (m.group(0) in BARE_NAMES and _NAMED_NEXT.match(text, m.end())
                    and text[m.end() + 1: m.end() + 2].isupper()):
                continue  # "Thủ đô Viêng Chăn": another country's capital
            code = (idx.alias_to_code if own else idx.alias_to_current)[m.group(0)]
            if code not in found:
                found.append(code)
        return found

    def resolve(self, code: str | None, published: datetime | None) -> tuple[str | None, str | None]:
        """(current code, code at publication when it differs) for a current or pre-2025 unit code."""
        if not code:
            return None, None
        reg = self.registry
        current_units = reg.current_by_code()
        former_units = reg.former_by_code()
        if code not in current_units and code not in former_units:
            return None, None
        current = _to_current(reg, code)
        if published is None:
            return current, None
        day = published.date()
        at_pub: str | None = None
        if code in former_units and code != current:
            valid_to = former_units[code].valid_to
            at_pub = code if valid_to is None or day <= valid_to else None
        elif code in current_units:
            unit = current_units[code]
            start = unit.valid_from or MERGER_DATE
            others = [f for f in unit.formed_from if f != code]
            if unit.valid_from and day < start and code not in unit.formed_from and len(others) == 1:
                at_pub = others[0]  # e.g. "hue" before 1/1/2025 was Thừa Thiên Huế
        return current, at_pub

    def from_url(self, url: str) -> str | None:
        """Unit code (current or pre-2025, as the portal belongs to) of a provincial portal URL, else None."""
        return self._host((urlsplit(url if "//" in url else "//" + url).hostname or "").lower())

    def _province_of_host(self, host: str) -> str | None:
        host = host.removeprefix("www.")
        if not host:
            return None
        idx = self._idx
        for domain, code in idx.domains:
            if host == domain or host.endswith("." + domain):
                return code
        if not _VN_PUBLIC_HOST.search(host):
            return None
        for label in host.split(".")[:-2]:
            flat = ascii_fold(label).replace("-", "")
            for name, code in idx.compact:
                if flat.startswith(name) or flat.endswith(name):  # "tinhuybacgiang", "hochiminhcity", "baobacgiang"
                    return code
        return None
