"""govnews cleaner vs trafilatura on the same gold pages: body token F1, snippets, title, date, pages/s (one core).

Run: python -m benchmarks.cleaner_vs_trafilatura [--repeat N] [--simulator] [--set liferay|krongno]
Gold sets (each built with the stdlib parser, not the cleaner): "liferay", tests/cleaner/eval/gold.json from the
sotttt.hanoi mirror (make_gold.py); "krongno", tests/cleaner/eval/gold_krongno.json from the krongno.daknong
EasyWebHub/Lạc Việt site (make_gold_krongno.py). Without --set both are scored and the speed ratio is over both.
Both extractors get the same bytes and URL, in one process, one page at a time, interleaved; timings are CPU time
of this process and exclude file reads. trafilatura runs with its defaults via bare_extraction (text + metadata
incl. htmldate), which is the closest to what cleaner.extract returns.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tests.cleaner.fixtures import BASE_URL, SOTTTT, token_f1
from tests.cleaner.krongno import KRONGNO, KRONGNO_URL

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "cleaner" / "eval"
GOLD_PATH = EVAL_DIR / "gold.json"
NOW = datetime(2022, 8, 27, 12, 0, tzinfo=UTC)  # the day the mirror was saved


@dataclass(frozen=True)
class GoldSet:
    """One platform family's gold: file, saved site root, the URL it stands for, and "now" when it was saved."""

    path: Path
    root: Path
    base_url: str
    now: datetime


GOLD_SETS: dict[str, GoldSet] = {
    "liferay": GoldSet(GOLD_PATH, SOTTTT, BASE_URL, NOW),
    "krongno": GoldSet(EVAL_DIR / "gold_krongno.json", KRONGNO, KRONGNO_URL,
                       datetime(2019, 7, 31, 12, 0, tzinfo=UTC)),  # the day after the site's last build
}
SIM_BOILERPLATE = ("Trang chủ", "In bài viết", "Gửi mail", "Chia sẻ", "Số lượt truy cập", "Đang truy cập",
                   "Tin liên quan", "Các tin khác", "Ghi rõ nguồn", "Thăm dò ý kiến", "Ý kiến bạn đọc", "Lượt xem")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass
class Result:
    """What one extractor returned for one page."""

    title: str = ""
    text: str = ""
    day: str | None = None  # ISO date
    failed: bool = False


@dataclass
class Score:
    """Aggregates over the gold pages."""

    name: str
    pages: int
    f1: float
    title_exact: float
    date_right: float
    with_ok: float
    leak_pages: float
    pages_per_s: float

    def row(self) -> str:
        return (f"{self.name:12s} pages={self.pages} F1={self.f1:.4f} title={self.title_exact:.3f} "
                f"date={self.date_right:.3f} with={self.with_ok:.3f} leak_pages={self.leak_pages:.3f} "
                f"pages/s={self.pages_per_s:.1f}")


def load_gold(name: str = "liferay") -> dict[str, dict[str, object]]:
    return json.loads(GOLD_SETS[name].path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def run_govnews(data: bytes, url: str, now: datetime = NOW) -> Result:
    from cleaner import NotAnArticle, extract

    try:
        art = extract(data, url, now=now)
    except NotAnArticle:
        return Result(failed=True)
    text = "\n".join(x for x in (art.summary or "", art.body) if x)
    return Result(art.title, text, art.published.date().isoformat() if art.published else None)


def run_trafilatura(data: bytes, url: str) -> Result:
    import trafilatura

    doc = trafilatura.bare_extraction(data, url=url, with_metadata=True)
    if doc is None:
        return Result(failed=True)
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    return Result(get("title") or "", get("text") or "", (get("date") or None))


def gold_day(date_text: str) -> str | None:
    m = _DMY.search(date_text)
    return f"{int(m[3]):04d}-{int(m[2]):02d}-{int(m[1]):02d}" if m else None


def score(name: str, results: dict[str, Result], seconds: float, gold: dict[str, dict[str, object]],
          repeat: int) -> Score:
    """Quality over the gold pages, speed from the measured CPU seconds."""
    f1 = title = day = with_ok = leaks = 0.0
    for rel, entry in gold.items():
        res = results[rel]
        flat = " ".join(res.text.split())
        f1 += token_f1(res.text, str(entry["text"]))
        title += res.title == entry["title"]
        day += res.day == gold_day(str(entry["date"]))
        wanted = list(entry["with"])  # type: ignore[call-overload]
        with_ok += sum(" ".join(str(w).split()) in flat for w in wanted) / max(1, len(wanted))
        leaks += any(str(b) in res.text for b in entry["without"])  # type: ignore[attr-defined]
    n = len(gold)
    return Score(name, n, f1 / n, title / n, day / n, with_ok / n, leaks / n, n * repeat / seconds)


Page = tuple[str, bytes, str]  # gold key, page bytes, URL


def mirror_pages(gold: dict[str, dict[str, object]], name: str = "liferay") -> list[Page]:
    """The gold pages' bytes from the set's saved site (krongno URLs are the directory, as the site serves)."""
    gs = GOLD_SETS[name]
    return [(rel, (gs.root / rel).read_bytes(), gs.base_url + rel.removesuffix("index.html")) for rel in gold]


def govnews_at(now: datetime) -> Callable[[bytes, str], Result]:
    """run_govnews with the set's "now"."""
    return lambda data, url: run_govnews(data, url, now=now)


def simulator_gold(count: int = 3000, step: int = 7) -> tuple[dict[str, dict[str, object]], list[Page]]:
    """Gold in the same shape from the simulator's own ground truth (its "ok" articles, every `step`-th)."""
    from simulator.corpus import Corpus
    from simulator.render import Renderer

    corpus = Corpus(count, seed=5)
    renderer = Renderer(corpus)
    gold: dict[str, dict[str, object]] = {}
    pages: list[Page] = []
    for i in range(0, count, step):
        art = corpus.article(i)
        if art.kind != "ok":
            continue
        page = renderer.article(art)
        text = "\n".join([art.summary, *art.paragraphs])
        outside = page.replace(art.body, "")
        gold[art.url_path] = {
            "title": art.title, "date": f"{art.published:%d/%m/%Y}", "text": text,
            "with": [" ".join(art.paragraphs[0].split()[:8])],
            "without": [b for b in SIM_BOILERPLATE if b in outside and b not in text],
        }
        pages.append((art.url_path, page.encode("utf-8"), "http://127.0.0.1:8000" + art.url_path))
    return gold, pages


def measure(runners: dict[str, Callable[[bytes, str], Result]], gold: dict[str, dict[str, object]],
            repeat: int, pages: list[Page] | None = None) -> dict[str, Score]:
    """Run every extractor on every page, interleaved page by page so that machine load hits all alike;
    time is this process's CPU time (time.process_time), not wall time."""
    pages = pages if pages is not None else mirror_pages(gold)
    results: dict[str, dict[str, Result]] = {name: {} for name in runners}
    seconds = dict.fromkeys(runners, 0.0)
    for run in runners.values():  # warm-up: imports, compiled rules and patterns
        run(pages[0][1], pages[0][2])
    for _ in range(repeat):
        for key, data, url in pages:
            for name, run in runners.items():
                start = time.process_time()
                results[name][key] = run(data, url)
                seconds[name] += time.process_time() - start
    return {name: score(name, results[name], seconds[name], gold, repeat) for name in runners}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes over the gold pages for the timing")
    parser.add_argument("--simulator", action="store_true",
                        help="score on the simulator's five platform styles and ground truth instead of the mirror")
    parser.add_argument("--set", choices=sorted(GOLD_SETS), action="append",
                        help="gold set(s) to score (default: all)")
    args = parser.parse_args()
    ours_s = theirs_s = 0.0
    if args.simulator:
        gold, pages = simulator_gold()
        later = datetime(2026, 1, 1, tzinfo=UTC)  # after the simulator's timeline: no article is "in the future"
        runs = [("simulator", gold, pages, govnews_at(later))]
    else:
        runs = [(name, load_gold(name), mirror_pages(load_gold(name), name), govnews_at(GOLD_SETS[name].now))
                for name in (args.set or sorted(GOLD_SETS, reverse=True))]
    for name, gold, pages, ours in runs:
        scores = measure({"govnews": ours, "trafilatura": run_trafilatura}, gold, args.repeat, pages)
        print(f"[{name}]")
        for sc in scores.values():
            print(sc.row())
        ours_s += scores["govnews"].pages * args.repeat / scores["govnews"].pages_per_s
        theirs_s += scores["trafilatura"].pages * args.repeat / scores["trafilatura"].pages_per_s
    print(f"speed ratio govnews/trafilatura = {theirs_s / ours_s:.2f}x over all pages scored "
          "(CPU time, one process, interleaved)")


if __name__ == "__main__":
    main()
