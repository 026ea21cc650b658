"""Read which document implements which from the text ("Kế hoạch số 48-KH/TU thực hiện Chỉ thị số 20-CT/TW")."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from cleaner import relation_patterns as R
from cleaner.directives import Citations, cited_spans, normalise_text
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
            word = re.search(r"(\w+)\W*$", norm[max(cut, m.start() - 12): m.start() + 1])  # abbreviations are short
            if not m["next"].isupper() or (word is not None and word[1] in R.ABBREVIATIONS):
                continue
            yield cut, m.start("next") - (1 if norm[m.start("next") - 1] in "\"“(-" else 0)
            cut = m.start("next") - (1 if norm[m.start("next") - 1] in "\"“(-" else 0)
        if cut < end:
            yield cut, end


@dataclass(frozen=True)
class _Sentence:
    """One sentence of the normalised text: its bounds, its citations (in order, disjoint) and its clause breaks."""

    norm: str
    start: int
    end: int
    refs: Sequence[Span]
    starts: list[int]
    ends: list[int]
    breaks: list[int]

    @classmethod
    def of(cls, norm: str, start: int, end: int, refs: Sequence[Span]) -> _Sentence:
        breaks = [m.end() for m in R.CLAUSE_BREAK.finditer(norm, start, end)]
        return cls(norm, start, end, refs, [r[0] for r in refs], [r[1] for r in refs], breaks)

    def gap(self, a: int, b: int) -> str:
        return self.norm[a:b]

    def joined(self, i: int, j: int, semicolon: bool = True) -> bool:
        """refs[j] continues the list that refs[i] is in ("… ngày 13/8/2008 và Nghị định số"); `semicolon`: a ";"
        may join (not in a list that a verb inside a document's title heads: the ";" belongs to the outer list)."""
        gap = self.gap(self.refs[i][1], self.refs[j][0])
        return (len(gap) <= R.LIST_GAP_MAX and not R.VERB.search(gap) and bool(R.LIST_JOIN.search(gap))
                and (semicolon or ";" not in gap))

    def subject(self, j: int) -> bool:
        """refs[j] is the subject of a verb after it ("… và Kế hoạch số 13/KH-UBND thực hiện …"): it starts a new
        statement rather than continuing a list of targets."""
        after = self.gap(self.ends[j], self.starts[j + 1] if j + 1 < len(self.refs) else self.end)
        m = R.VERB.search(after)
        return m is not None and _doc_gap_ok(after[: m.start()]) and _first_target(self, self.ends[j] + m.end()) >= 0

    def governed(self, j: int) -> bool:
        """A verb right before refs[j] governs it ("thực hiện Chỉ thị số …"): it is a target, not a subject."""
        before = self.gap(self.ends[j - 1] if j > 0 else self.start, self.starts[j])
        verbs = list(R.VERB.finditer(before))
        return bool(verbs) and _lead_ok(before[verbs[-1].end():])


def _lead_ok(gap: str) -> bool:
    """What may stand between a verb and the first document it governs."""
    return len(gap) <= R.TARGET_LEAD_MAX and not R.TARGET_LEAD_BLOCK.search(gap) and bool(R.TARGET_LEAD.match(gap))


def _doc_gap_ok(gap: str) -> bool:
    """What stands between a document and the verb that describes it: its date, issuer and the start of its title."""
    if len(gap) > R.DOC_GAP_MAX:
        return False
    rest = gap[R.DOC_GAP_DATE.match(gap).end():]  # type: ignore[union-attr]  # the pattern matches ""
    return not (R.DOC_GAP_CONNECTOR.match(rest) or R.DOC_GAP_BLOCK.search(rest))


def _chain(s: _Sentence, first: int, semicolon: bool = True) -> list[int]:
    """Indexes of the list of documents starting at refs[first] ("Nghị định số X … và Nghị định số Y")."""
    out = [first]
    while (len(out) < R.LIST_MAX and out[-1] + 1 < len(s.refs) and s.joined(out[-1], out[-1] + 1, semicolon)
           and not s.subject(out[-1] + 1)):
        out.append(out[-1] + 1)
    return out


def _targets(s: _Sentence, verb_end: int, semicolon: bool) -> list[int]:
    """The documents a verb governs: the one right after it, and the list it heads."""
    first = _first_target(s, verb_end)
    return _chain(s, first, semicolon) if first >= 0 else []


def _first_target(s: _Sentence, verb_end: int) -> int:
    """Index of the document right after a verb that it governs, or -1."""
    i = bisect_left(s.starts, verb_end)
    return i if i < len(s.refs) and _lead_ok(s.gap(verb_end, s.starts[i])) else -1


def _docs_before(s: _Sentence, verb_start: int, floor: int) -> list[int]:
    """The document right before a verb that the verb describes ("Kế hoạch số X ngày … của … về việc thực hiện"),
    and the list it ends ("Nghị quyết số 10-NQ/TU và Kế hoạch số 15-KH/TU để thực hiện")."""
    i = bisect_right(s.ends, verb_start) - 1
    if i < 0 or s.starts[i] < floor:
        return []
    if not _doc_gap_ok(s.gap(s.ends[i], verb_start)):
        return []
    docs = [i]
    while (len(docs) < R.LIST_MAX and docs[0] > 0 and floor <= s.starts[docs[0] - 1]
           and s.joined(docs[0] - 1, docs[0]) and not s.governed(docs[0] - 1)):
        docs.insert(0, docs[0] - 1)
    return docs


def _docs_after(s: _Sentence, after: int, targets: set[str]) -> list[int]:
    """The documents issued later in the sentence ("…, Tỉnh ủy ban hành Kế hoạch số 48-KH/TU")."""
    prev_end = s.ends[after]
    for i in range(after + 1, len(s.refs)):
        start, end, ref = s.refs[i]
        if start - s.ends[after] > R.ISSUED_AFTER_MAX:
            break
        window = s.gap(max(prev_end, start - R.ISSUED_WINDOW), start)
        if ref.key not in targets and R.ISSUED.search(window):
            return _chain(s, i)
        prev_end = end
    return []


def _cut(norm: str, start: int, end: int, lo: int, hi: int) -> str:
    """The sentence, or when it is long the part of it around the relation (lo..hi), marked with "…"."""
    if end - start <= R.SENTENCE_MAX:
        return norm[start:end]
    a = max(start, min(lo, hi - R.SENTENCE_MAX) - 40)
    b = min(end, max(hi, a + R.SENTENCE_MAX))
    return ("…" if a > start else "") + norm[a:b].strip() + ("…" if b < end else "")


def _verbs(s: _Sentence) -> list[tuple[int, int, ImplementVerb]]:
    """The verb phrases of a sentence, verbs in a row joined into one read by its first verb."""
    out: list[tuple[int, int, ImplementVerb]] = []
    for m in R.VERB.finditer(s.norm, s.start, s.end):
        inside = bisect_right(s.starts, m.start()) - 1
        if inside >= 0 and m.start() < s.ends[inside]:
            continue  # a word of a citation
        if out and R.VERB_JOIN.match(s.gap(out[-1][1], m.start())):
            out[-1] = (out[-1][0], m.end(), out[-1][2])
        else:
            out.append((m.start(), m.end(), R.VERBS[" ".join(m.group(0).lower().split())]))
    return out


def _in_sentence(s: _Sentence) -> Iterator[tuple[int, int, ImplementVerb]]:
    """(doc index, target index, verb) for each relation the sentence states."""
    for v_start, v_end, verb in _verbs(s):
        if _first_target(s, v_end) < 0:
            continue
        k = bisect_right(s.breaks, v_start) - 1
        clause = s.breaks[k] if k >= 0 else s.start
        docs = _docs_before(s, v_start, clause)
        targets = _targets(s, v_end, semicolon=not docs)
        opens = v_start - clause <= R.LEAD_IN_MAX and R.LEAD_IN.match(s.gap(clause, v_start))
        if not docs and (opens or R.PURPOSE_BEFORE.search(s.gap(max(clause, v_start - R.LEAD_IN_MAX), v_start))):
            docs = _docs_after(s, targets[-1], {s.refs[t][2].key for t in targets})
        for d in docs:
            for t in targets:
                yield d, t, verb


def extract_implements(text: str, unit: str | None = None, *, citations: Citations) -> list[Implementation]:
    """The implementing relations `text` states, one per (doc, target), in order; keys as extract_directives gives
    them for the same `text` and `unit` (local documents scoped by their unit)."""
    norm, spans = cited_spans(text, unit, citations)
    if len(spans) < 2 or not R.VERB.search(norm):
        return []
    found: dict[tuple[str, str], Implementation] = {}
    starts = [span[0] for span in spans]
    for start, end in sentences(text, norm):
        refs = [span for span in spans[bisect_left(starts, start): bisect_left(starts, end)] if span[1] <= end]
        if len(refs) < 2:
            continue
        for d, t, verb in _in_sentence(_Sentence.of(norm, start, end, refs)):
            doc, target = refs[d][2].key, refs[t][2].key
            if doc != target and (doc, target) not in found:
                lo, hi = min(refs[d][0], refs[t][0]), max(refs[d][1], refs[t][1])
                found[(doc, target)] = Implementation(doc=doc, target=target, verb=verb,
                                                      sentence=_cut(norm, start, end, lo, hi))
    return list(found.values())
