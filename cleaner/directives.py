"""Extract cited directives and legal documents ("Chỉ thị số 20-CT/TW", "27/QĐ-TTg") from article text."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from cleaner import directive_patterns as P
from cleaner.dates import parse_vn_datetime
from cleaner.places import Places
from core.article import DirectiveRef, Regime, scoped_key
from core.registry import DirectiveInfo, DirectiveRegistry
from core.textfold import fold, nfc


@dataclass(frozen=True, eq=False)
class Citations:
    """The tables citations are read with: a directives registry (config/directives.yaml as the caller loaded it)
    and the province lookups that scope local documents. Hashed by identity (citations are cached per tables)."""

    reg: DirectiveRegistry
    places: Places
    by_key: dict[str, DirectiveInfo]
    canon: dict[str, str]  # upper-cased abbreviation -> table spelling ("TTG" -> "TTg")
    folded: dict[str, str]  # ASCII-folded abbreviation -> table spelling, when unambiguous ("ND" -> "NĐ")
    aliases: dict[str, str]  # folded loose citation -> key

    @classmethod
    def build(cls, reg: DirectiveRegistry, places: Places) -> Citations:
        """Compile the registry's abbreviation and alias tables."""
        abbrs = [*reg.doc_types, *reg.issuers]
        canon = {abbr.upper(): abbr for abbr in abbrs}
        by_fold: dict[str, set[str]] = {}
        for abbr in abbrs:
            by_fold.setdefault(fold(abbr), set()).add(abbr)
        folded = {key: next(iter(v)) for key, v in by_fold.items() if len(v) == 1}  # "HD"/"HĐ" stay as written
        aliases = {fold(a): d.key for d in reg.directives for a in d.aliases}
        return cls(reg, places, reg.by_key(), canon, folded, aliases)


def _canon_group(t: Citations, group: str) -> str:
    group = group.strip()
    if ":" in group:
        return ":".join(_canon_group(t, g) for g in group.split(":"))
    group = P.GROUP_ALIASES.get(group, group)
    if group in t.canon.values():
        return group
    base = re.sub(r"\d+$", "", group)
    digits = group[len(base):]
    spelled = t.canon.get(base.upper()) or (t.folded.get(fold(base)) if base.isascii() else None) or base
    return spelled + digits


def _split_symbol(t: Citations, sym: str) -> list[str]:
    """Symbol groups in canonical spelling; "LN:" keeps its colon ("KH-LN:STTTT" -> ["KH", "LN:STTTT"])."""
    sym = re.sub(r"\s?:\s?", ":", sym)
    return [_canon_group(t, g) for g in re.split(r"\s?[-/]\s?", sym) if g]


def _issuer_name(t: Citations, issuer: str | None) -> str | None:
    """Issuer in words; joint issuers ("BTP-BCA-BYT") joined with " - " when every one is known."""
    if not issuer:
        return None
    names = [_one_issuer_name(t, group) for group in issuer.split("-")]
    known = [n for n in names if n]
    return " - ".join(known) if len(known) == len(names) else (known[0] if known else None)


def _one_issuer_name(t: Citations, group: str) -> str | None:
    issuers = t.reg.issuers
    if group in issuers:
        return issuers[group]
    base = re.sub(r"\d+$", "", group)
    term = group[len(base):]
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


def _make(
    t: Citations, regime: Regime, num: str, groups: list[str], doc_type: str | None, year: int | None
) -> DirectiveRef | None:
    """A reference from the citation alone (abbreviation tables, no registry); None when it is not a document."""
    number = normalise_number(num)
    if regime == "party":
        key = f"{number}-{doc_type}/{'-'.join(groups)}"
        issuer: str | None = groups[0]
    elif regime == "legal":
        key = f"{number}/{year}/{'-'.join(groups)}"
        if len(groups) == 1 and (P.LAW_ISSUER.match(groups[0]) or groups[0] not in t.reg.doc_types):
            doc_type, issuer = None, groups[0]  # laws "80/2015/QH13", ordinances "02/2022/UBTVQH15"
        else:
            doc_type, rest = groups[0], groups[1:]
            issuer = "-".join(rest) if doc_type in P.JOINT_TYPES else (rest[0] if rest else None)
    else:
        key = f"{number}/{'-'.join(groups)}"
        if len(groups) == 2 and groups[0] in t.reg.doc_types and groups[1] in P.PARTY_ISSUERS:
            return _make(t, "party", num, groups[1:], groups[0], None)  # "18/NQ-TW" -> "18-NQ/TW"
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
    type_name = t.reg.doc_types.get(doc_type or "")
    if regime == "party":
        type_name = P.PARTY_TYPE_NAMES.get(doc_type or "", type_name)
        if type_name is None:
            return None
    return DirectiveRef(
        key=key, regime=regime, doc_type=doc_type, doc_type_name=type_name, issuer=issuer,
        issuer_name=_issuer_name(t, issuer), number=number, year=year,
    )


def _attach(t: Citations, ref: DirectiveRef, info: DirectiveInfo) -> DirectiveRef:
    """Add what the registry knows (title, issue date, issuer's full name) to a reference of that document."""
    doc_type = ref.doc_type or info.doc_type
    return ref.model_copy(update={
        "doc_type": doc_type,
        "doc_type_name": ref.doc_type_name or t.reg.doc_types.get(doc_type),
        "issuer_name": info.issuer_name or ref.issuer_name,
        "issued": info.issued,
        "year": ref.year or (info.issued.year if info.issued else None),
        "title": info.title,
    })


def _typed_from_context(t: Citations, ref: DirectiveRef, before: str) -> DirectiveRef:
    """Type of a symbol without one, from the type word before it ("Luật … số 80/2015/QH13"); letters are Công văn."""
    clause = re.split(r"[.;:()]", before)[-1][-50:]
    words = P.TYPE_BEFORE.findall(clause)
    doc_type = P.TYPE_WORD_ABBR.get(words[-1].lower()) if words else None
    if doc_type is None and ref.regime == "letter":
        doc_type = P.LETTER_TYPE
    if doc_type is None:
        return ref
    return ref.model_copy(update={"doc_type": doc_type, "doc_type_name": t.reg.doc_types.get(doc_type)})


def _same_document(info: DirectiveInfo, issued: date | None, term: str | None) -> bool:
    """Numbers restart each year (admin) or term (party): the cited date and "(khóa …)" must not contradict."""
    if issued is not None and info.issued is not None and issued != info.issued:
        return False
    return term is None or info.term is None or term.upper() == info.term


def _issued_after(text: str, end: int) -> date | None:
    m = P.ISSUED_AFTER.match(text[end: end + 60])
    if not m:
        return None
    parsed = parse_vn_datetime(m["date"])
    return parsed.date() if parsed else None


def _normalise(text: str) -> str:
    return " ".join(P.DASHES.sub("-", nfc(text)).split())


def _full_refs(t: Citations, text: str) -> list[tuple[int, int, DirectiveRef]]:
    found: list[tuple[int, int, DirectiveRef]] = []
    taken: list[tuple[int, int]] = []  # disjoint spans, sorted: a page citing thousands of numbers stays linear

    def free(s: int, e: int) -> bool:
        i = bisect.bisect_left(taken, (s, e))
        return (i == 0 or taken[i - 1][1] <= s) and (i == len(taken) or e <= taken[i][0])

    for pattern, regime in ((P.LEGAL, "legal"), (P.PARTY, "party"), (P.ADMIN, "admin")):
        for m in P.clean_matches(pattern, text):
            if not free(m.start(), m.end()) or P.NOT_A_DOCUMENT_BEFORE.search(text[max(0, m.start() - 20): m.start()]):
                continue
            groups = _split_symbol(t, m["sym"])
            if regime == "party":
                ref = _make(t, "party", m["num"], groups, _canon_group(t, m["type"]), None)
            elif regime == "legal":
                ref = _make(t, "legal", m["num"], groups, None, int(m["year"]))
            else:
                ref = _make(t, "admin", m["num"], groups, None, None)
            if ref is None:
                continue
            if ref.doc_type is None:
                ref = _typed_from_context(t, ref, text[max(0, m.start() - 70): m.start()])
            bisect.insort(taken, (m.start(), m.end()))
            issued = _issued_after(text, m.end())
            term = P.TERM_AFTER.match(text[m.end(): m.end() + 120])
            info = t.by_key.get(ref.key)
            if info is not None and _same_document(info, issued, term["term"] if term else None):
                ref = _attach(t, ref, info)
            if issued is not None:
                ref = ref.model_copy(update={"issued": issued, "year": ref.year if regime == "legal" else issued.year})
            found.append((m.start(), m.end(), ref))
    return found


def _loose_refs(
    t: Citations, text: str, full: list[tuple[int, int, DirectiveRef]]
) -> list[tuple[int, int, DirectiveRef]]:
    spans = [(s, e) for s, e, _ in full]
    out: list[tuple[int, int, DirectiveRef]] = []
    for m in P.loose_matches(text):
        if any(s <= m.end - 1 < e or s <= m.num_start < e for s, e in spans):
            continue
        word = fold(m.word)
        number = normalise_number(m.num)
        ref: DirectiveRef | None = None
        for _, _, cand in full:  # the same article names the full number elsewhere
            if cand.number == number and fold(cand.doc_type_name or "") == word:
                ref = cand
                break
        if ref is None:
            key = t.aliases.get(fold(f"{m.word} {m.num}")) or t.aliases.get(f"{word} so {m.num}")
            if key is not None and _issuer_agrees(t, t.by_key[key], text[m.end: m.end + 80]):
                ref = _registry_ref(t, t.by_key[key])
        if ref is not None:
            out.append((m.start, m.end, ref))
    return out


def _issuer_agrees(t: Citations, info: DirectiveInfo, after: str) -> bool:
    """False when the text names another issuer right after a loose citation ("Chỉ thị 20 của Huyện ủy")."""
    m = P.ISSUER_AFTER.match(after)
    if not m:
        return True
    who = fold(m["who"])
    names = [info.issuer_name, t.reg.issuers.get(info.issuer), *P.ISSUER_SYNONYMS.get(info.issuer, ())]
    return any(who.startswith(fold(n)) for n in names if n)


def _registry_ref(t: Citations, info: DirectiveInfo) -> DirectiveRef | None:
    """The reference a registry entry stands for (its key parsed like a citation, plus the registry's facts)."""
    parsed = _full_refs(t, _normalise(info.key))
    return parsed[0][2] if parsed else None


def _scoped(
    t: Citations, text: str, hit: tuple[int, int, DirectiveRef], unit: str | None
) -> tuple[int, int, DirectiveRef]:
    """A local document's reference keyed with its issuing unit: the province named right after the citation,
    else `unit` (the publisher's); central documents, and local ones with no unit known, are unchanged."""
    start, end, ref = hit
    if ref.issuer not in P.LOCAL_ISSUERS or ref.scope is not None:
        return hit
    window = text[end: end + P.SCOPE_WINDOW]
    stop = P.SCOPE_STOP.search(window)
    scope = t.places.unit_named(window[: stop.start()] if stop else window) or unit
    if scope is None:
        return hit
    return start, end, ref.model_copy(update={"scope": scope, "key": scoped_key(scope, ref.key)})


@lru_cache(maxsize=4)
def cited_spans(
    text: str, unit: str | None, citations: Citations
) -> tuple[str, tuple[tuple[int, int, DirectiveRef], ...]]:
    """`text` normalised, and every citation in it as (start, end, reference), in order of position.

    Cached for the last few texts: cleaner.extract reads the same text for directives and for relations.
    """
    norm = _normalise(text)
    full = [_scoped(citations, norm, hit, unit) for hit in _full_refs(citations, norm)]
    loose = _loose_refs(citations, norm, full)
    hits = sorted([*full, *(_scoped(citations, norm, h, unit) for h in loose)], key=lambda h: h[0])
    return norm, tuple(hits)


def normalise_text(text: str) -> str:
    """The text as citations are read in it: NFC, dashes folded to "-", whitespace collapsed to one space."""
    return _normalise(text)


def extract_directives(text: str, unit: str | None = None, *, citations: Citations) -> list[DirectiveRef]:
    """Documents cited in `text`, one per key, in order of first mention (loose "Chỉ thị 20" resolved when known).

    `unit` is the publisher's unit code: a local document ("377/KH-UBND") that names no province of its own is
    scoped to it, key "unit:377/KH-UBND" (docs/metadata.md).
    """
    seen: dict[str, DirectiveRef] = {}
    for _, _, ref in cited_spans(text, unit, citations)[1]:
        prev = seen.get(ref.key)
        if prev is None:
            seen[ref.key] = ref
        elif prev.issued is None and ref.issued is not None:
            seen[ref.key] = prev.model_copy(update={"issued": ref.issued, "year": prev.year or ref.issued.year,
                                                    "title": prev.title or ref.title})
    return list(seen.values())
