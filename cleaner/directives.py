"""Extract cited directives and legal documents ("Chỉ thị số 20-CT/TW", "27/QĐ-TTg") from article text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from cleaner import directive_patterns as P
from cleaner.dates import parse_vn_datetime
from core.article import DirectiveRef, Regime
from core.config import load_directives
from core.registry import DirectiveInfo, DirectiveRegistry
from core.textfold import fold, nfc


@dataclass(frozen=True)
class _Tables:
    reg: DirectiveRegistry
    by_key: dict[str, DirectiveInfo]
    canon: dict[str, str]  # upper-cased abbreviation -> table spelling ("TTG" -> "TTg")
    aliases: dict[str, str]  # folded loose citation -> key


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    reg = load_directives()
    canon = {abbr.upper(): abbr for abbr in [*reg.doc_types, *reg.issuers]}
    aliases = {fold(a): d.key for d in reg.directives for a in d.aliases}
    return _Tables(reg, reg.by_key(), canon, aliases)


def _canon_group(group: str) -> str:
    group = group.strip()
    if ":" in group:
        return ":".join(_canon_group(g) for g in group.split(":"))
    known = _tables().canon
    if group in known.values():
        return group
    base = re.sub(r"\d+$", "", group)
    digits = group[len(base):]
    return known.get(base.upper(), base) + digits


def _split_symbol(sym: str) -> list[str]:
    """Symbol groups in canonical spelling; "LN:" keeps its colon ("KH-LN:STTTT" -> ["KH", "LN:STTTT"])."""
    sym = re.sub(r"\s?:\s?", ":", sym)
    return [_canon_group(g) for g in re.split(r"\s?[-/]\s?", sym) if g]


def _issuer_name(issuer: str | None) -> str | None:
    if not issuer:
        return None
    issuers = _tables().reg.issuers
    first = issuer.split("-")[0]
    if first in issuers:
        return issuers[first]
    base = re.sub(r"\d+$", "", first)
    term = first[len(base):]
    name = issuers.get(base)
    return f"{name} khóa {_roman(int(term))}" if name and term else name


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


def normalise_number(num: str) -> str:
    """Number part without zero padding: "05" -> "5"."""
    return num.lstrip("0") or "0"


def _make(regime: Regime, num: str, groups: list[str], doc_type: str | None, year: int | None) -> DirectiveRef | None:
    t = _tables()
    number = normalise_number(num)
    if regime == "party":
        key = f"{number}-{doc_type}/{'-'.join(groups)}"
        issuer: str | None = groups[0]
    elif regime == "legal":
        key = f"{number}/{year}/{'-'.join(groups)}"
        if P.LAW_ISSUER.match(groups[0]) and len(groups) == 1:
            doc_type, issuer = None, groups[0]
        else:
            doc_type, rest = groups[0], groups[1:]
            issuer = "-".join(rest) if doc_type == "TTLT" else (rest[0] if rest else None)
    else:
        key = f"{number}/{'-'.join(groups)}"
        if groups[0] in t.reg.doc_types and len(groups) > 1:
            regime, doc_type, issuer = "admin", groups[0], groups[1]
        elif groups[0] in t.reg.issuers or re.sub(r"\d+$", "", groups[0]) in t.reg.issuers:
            regime, doc_type, issuer = ("letter" if len(groups) > 1 else "admin"), None, groups[0]
        elif len(groups) == 1 and len(groups[0]) >= 2 and groups[0] in t.reg.doc_types:
            doc_type, issuer = groups[0], None  # "Sắc lệnh số 64/SL"
        elif len(groups) > 1 and all(len(g) >= 2 for g in groups):
            regime, doc_type, issuer = "letter", None, groups[0]
        else:
            return None
    info = t.by_key.get(key)
    if year is None and info is not None and info.issued is not None:
        year = info.issued.year
    if doc_type is None and info is not None:
        doc_type = info.doc_type
    type_name = t.reg.doc_types.get(doc_type or "")
    if regime == "party" and doc_type in P.PARTY_TYPE_NAMES:
        type_name = P.PARTY_TYPE_NAMES[doc_type]
    if regime == "party" and type_name is None:
        return None
    issuer_name = (info.issuer_name if info else None) or _issuer_name(issuer)
    return DirectiveRef(
        key=key, regime=regime, doc_type=doc_type, doc_type_name=type_name, issuer=issuer,
        issuer_name=issuer_name, number=number, year=year,
        issued=info.issued if info else None, title=info.title if info else None,
    )


def _issued_after(text: str, end: int) -> date | None:
    m = P.ISSUED_AFTER.match(text[end: end + 60])
    if not m:
        return None
    parsed = parse_vn_datetime(m["date"])
    return parsed.date() if parsed else None


def _with_issued(ref: DirectiveRef, issued: date | None) -> DirectiveRef:
    if issued is None:
        return ref
    info = _tables().by_key.get(ref.key)
    same_doc = info is not None and info.issued in (None, issued)
    return ref.model_copy(update={
        "issued": issued, "year": ref.year or issued.year,
        "title": ref.title if same_doc else None,
    })


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", P.DASHES.sub("-", nfc(text)))


def _full_refs(text: str) -> list[tuple[int, int, DirectiveRef]]:
    found: list[tuple[int, int, DirectiveRef]] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for pattern, regime in ((P.LEGAL, "legal"), (P.PARTY, "party"), (P.ADMIN, "admin")):
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            groups = _split_symbol(m["sym"])
            if regime == "party":
                ref = _make("party", m["num"], groups, _canon_group(m["type"]), None)
            elif regime == "legal":
                ref = _make("legal", m["num"], groups, None, int(m["year"]))
            else:
                ref = _make("admin", m["num"], groups, None, None)
            if ref is None:
                continue
            taken.append((m.start(), m.end()))
            ref = _with_issued(ref, _issued_after(text, m.end()))
            if ref.regime == "party" and ref.title is not None:
                term = P.TERM_AFTER.match(text[m.end(): m.end() + 120])
                info = _tables().by_key[ref.key]
                if term and info.term and term["term"].upper() != info.term:
                    ref = ref.model_copy(update={"title": None, "issued": ref.issued if ref.issued != info.issued
                                                 else None})
            found.append((m.start(), m.end(), ref))
    return found


def _loose_refs(text: str, full: list[tuple[int, int, DirectiveRef]]) -> list[tuple[int, int, DirectiveRef]]:
    spans = [(s, e) for s, e, _ in full]
    out: list[tuple[int, int, DirectiveRef]] = []
    t = _tables()
    for m in P.LOOSE.finditer(text):
        if any(s <= m.end() - 1 < e or s <= m.start("num") < e for s, e in spans):
            continue
        word = fold(m["word"])
        number = normalise_number(m["num"])
        ref: DirectiveRef | None = None
        for _, _, cand in full:  # the same article names the full number elsewhere
            if cand.number == number and fold(cand.doc_type_name or "") == word:
                ref = cand
                break
        if ref is None:
            key = t.aliases.get(fold(f"{m['word']} {m['num']}")) or t.aliases.get(f"{word} so {m['num']}")
            if key is not None and _issuer_agrees(t.by_key[key], text[m.end(): m.end() + 80]):
                ref = _registry_ref(t.by_key[key])
        if ref is not None:
            out.append((m.start(), m.end(), ref))
    return out


def _issuer_agrees(info: DirectiveInfo, after: str) -> bool:
    """False when the text names another issuer right after a loose citation ("Chỉ thị 20 của Huyện ủy")."""
    m = P.ISSUER_AFTER.match(after)
    if not m:
        return True
    who = fold(m["who"])
    names = [info.issuer_name, _tables().reg.issuers.get(info.issuer), *P.ISSUER_SYNONYMS.get(info.issuer, ())]
    return any(who.startswith(fold(n)) for n in names if n)


def _registry_ref(info: DirectiveInfo) -> DirectiveRef:
    t = _tables()
    regime: Regime = "party" if re.match(r"^\d+-", info.key) else ("legal" if info.key.count("/") == 2 else "admin")
    number = re.split(r"[-/]", info.key)[0]
    year = int(info.key.split("/")[1]) if regime == "legal" else (info.issued.year if info.issued else None)
    return DirectiveRef(
        key=info.key, regime=regime, doc_type=info.doc_type, doc_type_name=t.reg.doc_types.get(info.doc_type),
        issuer=info.issuer, issuer_name=info.issuer_name or _issuer_name(info.issuer), number=number, year=year,
        issued=info.issued, title=info.title,
    )


def extract_directives(text: str) -> list[DirectiveRef]:
    """Documents cited in `text`, one per key, in order of first mention (loose "Chỉ thị 20" resolved when known)."""
    text = _normalise(text)
    full = _full_refs(text)
    hits = sorted([*full, *_loose_refs(text, full)], key=lambda h: h[0])
    seen: dict[str, DirectiveRef] = {}
    for _, _, ref in hits:
        prev = seen.get(ref.key)
        if prev is None:
            seen[ref.key] = ref
        elif prev.issued is None and ref.issued is not None:
            seen[ref.key] = prev.model_copy(update={"issued": ref.issued, "year": prev.year or ref.issued.year,
                                                    "title": prev.title or ref.title})
    return list(seen.values())
