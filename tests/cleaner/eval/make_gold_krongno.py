"""Build tests/cleaner/eval/gold_krongno.json from the krongno.daknong fixture WITHOUT the cleaner (python -m ...).

The second platform family of the evaluation gate (EasyWebHub pages in a Lạc Việt SharePoint chrome). Gold text
comes from tests/cleaner/krongno.read_gold, the standard library's html.parser reading the elements the site's own
layout names; every article page of the site with a body over 300 characters is an entry. "with" holds words of
the first and last long paragraphs; "without" holds chrome strings that occur on that page outside the article
(menus, counter, Wayback toolbar, the "TIN ĐÃ ĐƯA" box) and the first other headline of that box. The date is the
page's `td.Time` as shown: what the page says, which on most pages is a build stamp (docs/cleaner.md, "Build
stamps").
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.cleaner.eval.make_gold import _ends, nfc
from tests.cleaner.krongno import KRONGNO, article_pages, read_gold

OUT = Path(__file__).with_name("gold_krongno.json")
BOILERPLATE = ("TIN ĐÃ ĐƯA", "SỐ LƯỢT TRUY CẬP", "Xem chi tiết", "Liên kết Website", "TRANG CHỦ", "Đăng nhập",
               "captures", "This page location is", "Sign In", "Trang thông tin điện tử")
_OTHER = re.compile(r'<a href="/[^"]*">([^<]{20,})</a>\s*<span class="ShowDate">')


def build() -> dict[str, dict[str, object]]:
    """Gold entries keyed by the page path relative to the site root."""
    out: dict[str, dict[str, object]] = {}
    for path in article_pages():
        raw = path.read_text(encoding="utf-8", errors="replace")
        gold = read_gold(raw)
        paras = [nfc(p) for p in ([gold.lead] if gold.lead else []) + gold.body]
        text = "\n".join(p for i, p in enumerate(paras) if i == 0 or p != paras[i - 1])  # a repeat in a row once
        title = nfc(gold.title)
        flat = " ".join(text.split())
        without = [b for b in BOILERPLATE if b in raw and b not in flat]
        others = [nfc(" ".join(h.split())) for h in _OTHER.findall(raw)]
        other = next((h for h in others if h != title and h not in flat), None)
        if other:
            without.append(other)
        out[path.relative_to(KRONGNO).as_posix()] = {
            "title": title, "date": gold.date, "text": text, "with": _ends(text), "without": without,
        }
    return out


if __name__ == "__main__":
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(data)} gold pages -> {OUT}")
