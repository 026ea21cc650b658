"""Build tests/cleaner/eval/gold.json from the sotttt.hanoi mirror WITHOUT the cleaner (run: python -m ...).

Gold text comes from tests/cleaner/fixtures.gold_of: the standard library's html.parser reading the elements the
portal's own layout names (title, date, sapo, journal-content-article inside #p_p_id_101_), with nothing of
cleaner/ imported. Each entry, in the spirit of trafilatura's tests/evaldata.json, has the gold title, date and
text, snippets that must be in the extracted text ("with": the first and last gold sentences) and snippets that
must not ("without": boilerplate strings that occur on that page outside the article, and its first related
headline). The gold text is what a browser shows, entity debris included ("phograve;ng" where the CMS stripped
an "&"); the cleaner repairs that debris, which costs it a little F1 here. Entries were spot-checked by reading
the saved pages; see docs/cleaner.md.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from tests.cleaner.fixtures import SOTTTT, article_pages, gold_of, gold_text

OUT = Path(__file__).with_name("gold.json")
STEP = 8  # every 8th article page of the mirror, sorted by path: a spread over categories and years
BOILERPLATE = ("In bài viết", "Gửi mail", "Các tin khác", "Trang chủ", "Truy cập nội dung luôn", "Ghi rõ nguồn",
               "LIÊN KẾT WEBSITE", "Chọn liên kết", "Về đầu trang", "quy hoạch - kế hoạch")
_DEBRIS = re.compile(r"[A-Za-z0-9#];")
_RELATED = re.compile(r'<ul class="related_asset_list">\s*<li><a [^>]*>([^<]{20,})</a>')


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _clean_window(words: list[str], size: int = 8) -> list[str]:
    """The first `size` consecutive words with no entity debris ("phograve;ng": an "&" the CMS stripped, which
    a browser shows as is and the cleaner repairs), so a snippet tests extraction, not that repair."""
    for start in range(max(1, len(words) - size + 1)):
        window = words[start:start + size]
        if not any(_DEBRIS.search(w) for w in window):
            return window
    return []


def _ends(text: str) -> list[str]:
    """Words from the first paragraph and from the last long one (a short last line may be the author's name,
    which the cleaner moves to Article.author): both must survive extraction."""
    paras = [p.split() for p in text.split("\n") if p.strip()]
    if not paras:
        return []
    long_ones = [p for p in paras if len(p) >= 12]
    picks = [paras[0]] + ([long_ones[-1]] if long_ones and long_ones[-1] is not paras[0] else [])
    return [" ".join(w) for w in map(_clean_window, picks) if w]


def build() -> dict[str, dict[str, object]]:
    """Gold entries keyed by the page path relative to the mirror root."""
    out: dict[str, dict[str, object]] = {}
    for path in article_pages()[::STEP]:
        gold = gold_of(path)
        text = nfc(gold_text(gold))
        raw = path.read_text(encoding="utf-8-sig", errors="replace")
        outside = raw.replace(raw[raw.find("journal-content-article"):raw.find("asset-control-detail")], "")
        without = [b for b in BOILERPLATE if b in outside and b not in text]
        related = _RELATED.search(raw)
        if related and nfc(related.group(1).strip()) not in text:
            without.append(nfc(related.group(1).strip()))
        out[path.relative_to(SOTTTT).as_posix()] = {
            "title": nfc(gold.title),
            "date": gold.date,
            "text": text,
            "with": _ends(text),
            "without": without,
        }
    return out


if __name__ == "__main__":
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(data)} gold pages -> {OUT}")
