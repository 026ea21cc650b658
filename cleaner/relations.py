"""Read which document implements which from the text ("Kế hoạch số 48-KH/TU thực hiện Chỉ thị số 20-CT/TW")."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from cleaner import relation_patterns as R
from cleaner.directives import cited_spans, normalise_text
from core.article import DirectiveRef, Implementation, ImplementVerb

Span = tuple[int, int, DirectiveRef]


def sentences(text: str, norm: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of `norm` (the normalised `text`); paragraphs of `text` end sentences too."""
    pieces = [normalise_text(p) for p in re.split(r"\n\s*\n", text)]
    pieces = [p for p in pieces if p]
    bounds: list[tuple[int, int]] = []
    if " ".join(pieces) == norm:
        pos = 0
        for piece in pieces:
            bounds.append((pos, pos + len(piece)))
            pos += len(piece) + 1
    else:  # a paragraph break inside a citation or a combining mark: read it as one paragraph
        bounds.append((0, len(norm)))
    for start, end in bounds:
        cut = start
        for m in R.SENTENCE_END.finditer(norm, start, end):
            word = re.search(r"(\w+)\W*$", norm[cut: m.start() + 1])
            if not m["next"].isupper() or (word is not None and word[1] in R.ABBREVIATIONS):
                continue
            yield cut, m.start("next") - (1 if norm[m.start("next") - 1] in "\"“(-" else 0)
            cut = m.start("next") - (1 if norm[m.start("next") - 1] in "\"“(-" else 0)
        if cut < end:
            yield cut, end


def _chain(norm: str, refs: Sequence[Span], first: int) -> list[int]:
    """Indexes of the list of documents starting at refs[first] ("Nghị định số X … và Nghị định số Y")."""
    out = [first]
    for i in range(first + 1, len(refs)):
        gap = norm[refs[out[-1]][1]: refs[i][0]]
        if len(gap) > R.LIST_GAP_MAX or R.VERB.search(gap) or not R.LIST_JOIN.search(gap):
            break
        out.append(i)
    return out


def _targets(norm: str, refs: Sequence[Span], verb_end: int, stop: int) -> list[int]:
    """The documents a verb governs: the one right after it, and the list it heads."""
    for i, (start, _, _) in enumerate(refs):
        if start < verb_end:
            continue
        gap = norm[verb_end: start]
        if start > stop or len(gap) > R.TARGET_LEAD_MAX or R.TARGET_LEAD_BLOCK.search(gap) \
                or not R.TARGET_LEAD.match(gap):
            return []
        return _chain(norm, refs, i)
    return []


def _docs_before(norm: str, refs: Sequence[Span], verb_start: int, floor: int) -> list[int]:
    """The document right before a verb that the verb describes ("Kế hoạch số X ngày … của … về việc thực hiện")."""
    before = [i for i, (_, end, _) in enumerate(refs) if floor <= refs[i][0] and end <= verb_start]
    if not before:
        return []
    i = before[-1]
    gap = norm[refs[i][1]: verb_start]
    if len(gap) > R.DOC_GAP_MAX:
        return []
    rest = gap[R.DOC_GAP_DATE.match(gap).end():]  # type: ignore[union-attr]  # the pattern matches ""
    if R.DOC_GAP_CONNECTOR.match(rest) or R.DOC_GAP_BLOCK.search(rest):
        return []
    docs = [i]  # and the list it ends ("Nghị quyết số 10-NQ/TU và Kế hoạch số 15-KH/TU để thực hiện")
    while docs[0] > 0 and floor <= refs[docs[0] - 1][0]:
        join = norm[refs[docs[0] - 1][1]: refs[docs[0]][0]]
        if len(join) > R.LIST_GAP_MAX or R.VERB.search(join) or not R.LIST_JOIN.search(join):
            break
        docs.insert(0, docs[0] - 1)
    return docs


def _docs_after(norm: str, refs: Sequence[Span], after: int, targets: set[str]) -> list[int]:
    """The documents issued later in the sentence ("…, Tỉnh ủy ban hành Kế hoạch số 48-KH/TU")."""
    prev_end = refs[after][1]
    for i in range(after + 1, len(refs)):
        start, end, ref = refs[i]
        window = norm[max(prev_end, start - R.ISSUED_WINDOW): start]
        if ref.key not in targets and R.ISSUED.search(window):
            return _chain(norm, refs, i)
        prev_end = end
    return []


def _clause_start(norm: str, start: int, at: int) -> int:
    breaks = [m.end() for m in R.CLAUSE_BREAK.finditer(norm, start, at)]
    return breaks[-1] if breaks else start


def _cut(norm: str, start: int, end: int, lo: int, hi: int) -> str:
    """The sentence, or when it is long the part of it around the relation (lo..hi), marked with "…"."""
    if end - start <= R.SENTENCE_MAX:
        return norm[start:end]
    a = max(start, min(lo, hi - R.SENTENCE_MAX) - 40)
    b = min(end, max(hi, a + R.SENTENCE_MAX))
    return ("…" if a > start else "") + norm[a:b].strip() + ("…" if b < end else "")


def _verbs(norm: str, start: int, end: int, refs: Sequence[Span]) -> list[tuple[int, int, ImplementVerb]]:
    """The verb phrases of a sentence, verbs in a row joined into one read by its first verb."""
    out: list[tuple[int, int, ImplementVerb]] = []
    for m in R.VERB.finditer(norm, start, end):
        if any(s <= m.start() < e for s, e, _ in refs):
            continue
        if out and R.VERB_JOIN.match(norm[out[-1][1]: m.start()]):
            out[-1] = (out[-1][0], m.end(), out[-1][2])
        else:
            out.append((m.start(), m.end(), R.VERBS[" ".join(m.group(0).lower().split())]))
    return out


def _in_sentence(norm: str, start: int, end: int, refs: Sequence[Span]) -> Iterator[tuple[int, int, ImplementVerb]]:
    """(doc index, target index, verb) for each relation the sentence states."""
    for v_start, v_end, verb in _verbs(norm, start, end, refs):
        targets = _targets(norm, refs, v_end, end)
        if not targets:
            continue
        clause = _clause_start(norm, start, v_start)
        docs = _docs_before(norm, refs, v_start, clause)
        lead = norm[clause: v_start]
        if not docs and (R.LEAD_IN.match(lead) or R.PURPOSE_BEFORE.search(lead)):
            docs = _docs_after(norm, refs, targets[-1], {refs[t][2].key for t in targets})
        for d in docs:
            for t in targets:
                yield d, t, verb


def extract_implements(text: str, unit: str | None = None) -> list[Implementation]:
    """The implementing relations `text` states, one per (doc, target), in order; keys as extract_directives gives
    them for the same `text` and `unit` (local documents scoped by their unit)."""
    norm, spans = cited_spans(text, unit)
    if len(spans) < 2 or not R.VERB.search(norm):
        return []
    found: dict[tuple[str, str], Implementation] = {}
    for start, end in sentences(text, norm):
        refs = [s for s in spans if start <= s[0] and s[1] <= end]
        if len(refs) < 2:
            continue
        for d, t, verb in _in_sentence(norm, start, end, refs):
            doc, target = refs[d][2].key, refs[t][2].key
            if doc != target and (doc, target) not in found:
                lo, hi = min(refs[d][0], refs[t][0]), max(refs[d][1], refs[t][1])
                found[(doc, target)] = Implementation(doc=doc, target=target, verb=verb,
                                                      sentence=_cut(norm, start, end, lo, hi))
    return list(found.values())
