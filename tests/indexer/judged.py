"""A judged relevance set for the query language: real sentences, generated queries, an obvious reference matcher.

The corpus: hand-written sentences with colliding spellings (báo/bảo/bão/bạo, thông/thống, quản/quan, tin/tín,
an/ăn/ấn, bạo lực vs bảo … lúc, old and new tone placement), the team's seed texts, and sotttt-hanoi fixture
articles. Queries are generated from the corpus's own words as *specs* (which words, phrases, exclusions and OR
groups); each spec is rendered to a query string and judged by `expected`, a plain-Python matcher over the texts
that shares no code with core.query or the backend compilers (only textfold's tone-placement table, the spec).
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from core.article import Article
from core.ids import article_id
from core.search import SearchBackend, SearchQuery
from core.textfold import unify_tones
from tests.support.shared import SEEDS

VN = timezone(timedelta(hours=7))

# (title, body, author) — hand-written; spellings chosen to collide once their marks are stripped.
HANDWRITTEN: list[tuple[str, str, str | None]] = [
    ("Cơn bão số 3 đổ bộ vào Quảng Ninh", "Bão gây mưa lớn, nhiều tuyến đường bị ngập.", "Thu Lan"),
    ("Tăng cường bảo vệ trẻ em dịp hè", "Các địa phương bảo đảm an toàn cho trẻ em khi đi bơi.", None),
    ("Báo chí cách mạng Việt Nam", "Hội Nhà báo tỉnh gặp mặt các cơ quan báo chí nhân ngày 21/6.", "Trần Văn Bảo"),
    ("Phòng chống bạo lực học đường", "Tình trạng bạo lực đối với trẻ em cần được ngăn chặn kịp thời.", None),
    ("Bảo tàng mở cửa lúc 8 giờ", "Lực lượng bảo vệ có mặt từ lúc sáng sớm tại bảo tàng.", None),
    ("Bao giờ hoàn thành dự án?", "Chủ đầu tư chưa cho biết bao giờ hoàn thành, bao nhiêu vốn còn thiếu.", None),
    ("Hệ thống thông tin cơ sở", "Thông tin được đưa lên hệ thống truyền thanh thông minh.", None),
    ("Thống kê dân số năm 2024", "Cục Thống kê công bố số liệu thống nhất trên cả nước.", "Lê Thu Lan"),
    ("Quản lý nhà nước về quan trắc môi trường", "Sở quản lý các trạm quan trắc và cơ quan liên quan.", None),
    ("Quan điểm của tỉnh về quản trị", "Quan hệ hợp tác giữa các cơ quan được quản lý chặt chẽ.", None),
    ("Tin tức trong ngày", "Người dân tin tưởng vào các bản tin chính thống.", None),
    ("Tín dụng chính sách cho hộ nghèo", "Ngân hàng chính sách mở rộng tín dụng, uy tín được nâng cao.", None),
    ("An toàn giao thông dịp Tết", "Ban an toàn giao thông tỉnh ra quân dịp Tết Nguyên đán.", None),
    ("Ăn Tết an toàn, tiết kiệm", "Người dân ăn Tết vui tươi, an toàn, tiết kiệm.", None),
    ("Ấn phẩm tuyên truyền về an ninh", "Ấn hành 5.000 ấn phẩm tuyên truyền về an ninh trật tự.", None),
    ("Ăn uống toàn diện cho trẻ", "Bữa ăn bảo đảm dinh dưỡng toàn diện, an tâm cho phụ huynh.", None),
    ("Hoà giải ở cơ sở", "Tổ hoà giải thôn giúp người dân giải quyết mâu thuẫn; Khánh Hoà biểu dương.", None),
    ("Hòa bình và hợp tác", "Hội nghị về hòa bình khu vực; hoa đào, hoa mai nở rộ.", None),
    ("Thuỷ lợi phục vụ sản xuất", "Công trình thuỷ lợi được uỷ ban nhân dân tỉnh nghiệm thu.", None),
    ("Thủy sản vượt kế hoạch", "Sản lượng thủy sản tăng; Ủy ban nhân dân khen thưởng.", None),
    ("Trẻ em vùng cao đón Tết", "Các em nhỏ vùng cao được tặng quà dịp Tết.", "Nguyễn Thu Lan"),
    ("Tre làng xanh mát", "Cây tre gắn bó với làng quê; em bé chơi dưới bóng tre.", None),
    ("Xâm hại trẻ em là tội phạm", "Nghiêm trị hành vi xâm hại trẻ em, không để tái diễn.", None),
    ("Đồng Nai đẩy mạnh chuyển đổi số", "Tỉnh Đồng Nai thúc đẩy chuyển đổi số trong cơ quan nhà nước.", None),
    ("Đổi mới quy trình số hóa", "Việc chuyển giao hồ sơ giúp đổi mới; số hóa được đẩy mạnh.", None),
    ("Lúc bão về, lực lượng cứu hộ sẵn sàng", "Bảo đảm lực lượng tại chỗ lúc mưa lũ.", None),
    ("Quý khách tham quan", "Quỹ hỗ trợ quý khách; giá quý I tăng nhẹ.", None),
]  # fmt: skip


def _chunks(text: str, size: int = 3) -> list[str]:
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.strip()) > 20]
    return [" ".join(sentences[i : i + size]) for i in range(0, len(sentences), size)]


def _real_texts(limit: int) -> list[tuple[str, str, str | None]]:
    """Title/body pairs from the seed texts and the sotttt-hanoi mirror (when ../shared is present)."""
    out: list[tuple[str, str, str | None]] = []
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            for chunk in _chunks(path.read_text(encoding="utf-8"))[:12]:
                words = chunk.split()
                out.append((" ".join(words[:10]), " ".join(words[10:]), None))
    try:
        from tests.cleaner.fixtures import article_pages, gold_of

        pages = article_pages()[: max(limit - len(out), 0)]
    except (ImportError, OSError):
        pages = []
    for page in pages:
        gold = gold_of(page)
        out.append((gold.title, " ".join([gold.lead, *gold.body])[:1500], None))
    return out[:limit]


def judged_corpus(limit: int = 150) -> list[Article]:
    """The judged articles (at most `limit` plus the hand-written ones), the same every call."""
    rows = HANDWRITTEN + _real_texts(limit)
    out = []
    for i, (title, body, author) in enumerate(rows):
        url = f"https://judged.gov.vn/{i}.html"
        summary = body.split(".")[0] if i % 4 == 1 else None  # some leads, to search the summary too
        out.append(
            Article(
                id=article_id(url), url=url, canonical_url=url, title=title, body=body, summary=summary,
                author=author, published=datetime(2024, 1, 1, tzinfo=VN) + timedelta(days=i),
            )
        )  # fmt: skip
    return out


# -- the reference matcher ------------------------------------------------------------------------------------


def ref_words(text: str) -> list[str]:
    """Words as written, lower-case, one tone placement."""
    return re.findall(r"\w+", unify_tones(unicodedata.normalize("NFC", text)).lower())


def ref_fold(word: str) -> str:
    stripped = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in stripped if not unicodedata.combining(c)).lower()


def has_marks(word: str) -> bool:
    return ref_fold(word) != word.lower()


@dataclass(frozen=True)
class Atom:
    """A word or a quoted phrase as the user types it."""

    words: tuple[str, ...]

    def render(self) -> str:
        return f'"{" ".join(self.words)}"' if len(self.words) > 1 else self.words[0]


@dataclass
class Spec:
    """Alternatives (OR) of conjunctions of atoms or groups (a group: alternatives of conjunctions of atoms)."""

    alternatives: list[list[Atom | list[list[Atom]]]]
    exclude: list[Atom | list[list[Atom]]] = field(default_factory=list)
    fold_all: bool = False

    def render(self) -> str:
        def item(i: Atom | list[list[Atom]]) -> str:
            if isinstance(i, Atom):
                return i.render()
            return "(" + " OR ".join(" ".join(a.render() for a in alt) for alt in i) + ")"

        text = " OR ".join(" ".join(item(i) for i in alt) for alt in self.alternatives)
        return " ".join([text, *("-" + item(a) for a in self.exclude)]).strip()


@lru_cache(maxsize=4096)
def _fields_of(title: str, summary: str, body: str, author: str, folded: bool) -> list[list[str]]:
    words = [ref_words(t) for t in (title, summary, body, author)]
    return [[ref_fold(w) for w in f] for f in words] if folded else words


def _fields(a: Article, folded: bool) -> list[list[str]]:
    return _fields_of(a.title, a.summary or "", a.body, a.author or "", folded)


def _atoms(item: Atom | list[list[Atom]]) -> list[Atom]:
    return [item] if isinstance(item, Atom) else [a for alt in item for a in alt]


def expected(spec: Spec, articles: list[Article]) -> set[str]:
    """Ids of the articles the spec's rule says match: the positive words' marks decide their exactness (the switch
    widens them); each excluded word or phrase is exact when it carries a mark and folded when bare, on its own."""
    positive = [a for alt in spec.alternatives for item in alt for a in _atoms(item)]
    marked = any(has_marks(w) for a in positive for w in a.words)
    exact = marked and not spec.fold_all

    def form(word: str, exact: bool) -> str:
        return ref_words(word)[0] if exact else ref_fold(ref_words(word)[0])

    wants: dict[tuple[Atom, bool], list[str]] = {}

    def in_field(atom: Atom, words: list[str], exact: bool) -> bool:
        key = (atom, exact)
        want = wants.get(key) or wants.setdefault(key, [form(w, exact) for w in atom.words])
        n = len(want)
        return any(words[i] == want[0] and words[i : i + n] == want for i in range(len(words) - n + 1))

    def atom_ok(atom: Atom, article: Article, exact: bool) -> bool:
        return any(in_field(atom, f, exact) for f in _fields(article, folded=not exact))

    def excluded_ok(atom: Atom, article: Article) -> bool:
        return atom_ok(atom, article, any(has_marks(w) for w in atom.words))

    out = set()
    for a in articles:

        def item_ok(item: Atom | list[list[Atom]], a: Article = a) -> bool:
            if isinstance(item, Atom):
                return atom_ok(item, a, exact)
            return any(all(atom_ok(x, a, exact) for x in alt) for alt in item)

        def item_out(item: Atom | list[list[Atom]], a: Article = a) -> bool:
            if isinstance(item, Atom):
                return excluded_ok(item, a)
            return any(all(excluded_ok(x, a) for x in alt) for alt in item)

        matched = not spec.alternatives or any(all(item_ok(i) for i in alt) for alt in spec.alternatives)
        if matched and not any(item_out(x) for x in spec.exclude):
            out.add(a.id)
    return out


# -- the query generator --------------------------------------------------------------------------------------

COLLIDING = [
    "báo", "bảo", "bão", "bạo", "bao", "thông", "thống", "quản", "quan", "tin", "tín", "an", "ăn", "ấn",
    "lực", "lúc", "hòa", "hoà", "hoa", "thủy", "thuỷ", "trẻ", "tre", "em", "tết", "đồng", "số", "quý", "quỹ",
]  # fmt: skip
OLD_STYLE = {"hòa": "hoà", "thủy": "thuỷ", "ủy": "uỷ", "khỏe": "khoẻ"}


def _surface(word: str, rng: random.Random, bare: bool) -> str:
    """How a user might type the word: bare, old tone placement, capitalised."""
    if bare:
        word = ref_fold(word)
    elif rng.random() < 0.5:
        word = OLD_STYLE.get(word, word)
    return word.capitalize() if rng.random() < 0.2 else word


def generate(articles: list[Article], n: int, seed: int = 7) -> list[Spec]:
    """`n` query specs of every shape, from colliding words and the corpus's own words and phrases."""
    rng = random.Random(seed)
    texts = [ref_words(f"{a.title}. {a.body}") for a in articles]
    vocab = sorted({w for t in texts for w in t if not w.isdigit() and w != "or"})  # "or" between words is OR

    def word() -> str:
        return rng.choice(COLLIDING) if rng.random() < 0.5 else rng.choice(vocab)

    def phrase() -> tuple[str, ...]:
        t = rng.choice([t for t in texts if len(t) > 3])
        k = rng.randint(2, 3)
        i = rng.randrange(len(t) - k)
        return tuple(t[i : i + k])

    specs: list[Spec] = []
    for _ in range(n):
        bare = rng.random() < 0.45

        def atom(bare: bool = bare) -> Atom:
            return Atom((_surface(word(), rng, bare),))

        def patom(bare: bool = bare) -> Atom:
            return Atom(tuple(_surface(w, rng, bare) for w in phrase()))

        shape = rng.randrange(7)
        spec: Spec
        if shape == 0:
            spec = Spec([[atom() for _ in range(rng.randint(1, 3))]])
        elif shape == 1:
            spec = Spec([[patom(), *([atom()] if rng.random() < 0.4 else [])]])
        elif shape == 2:
            spec = Spec([[atom()]], [atom() if rng.random() < 0.6 else patom()])
        elif shape == 3:
            spec = Spec([[atom()], [patom() if rng.random() < 0.5 else atom()]])
        elif shape == 4:
            excluded: Atom | list[list[Atom]] = atom() if rng.random() < 0.6 else [[atom()], [atom(), atom()]]
            spec = Spec([[atom(), [[atom()], [patom(), atom()] if rng.random() < 0.5 else [patom()]]]], [excluded])
        elif shape == 5:
            spec = Spec([], [atom()]) if rng.random() < 0.5 else Spec([[atom(), atom()]], [atom(not bare)])
        else:
            spec = Spec([[Atom((_surface(w, rng, bare),)) for w in phrase()]])  # free words side by side in a text
        spec.fold_all = rng.random() < 0.2
        specs.append(spec)
    return specs


def measure(backend: SearchBackend, queries: int, seed: int) -> tuple[float, float, int]:
    """Micro-averaged precision and recall of `backend` over `queries` generated specs; and how many differ."""
    articles = judged_corpus()
    backend.upsert(articles)
    tp = fp = fn = wrong = 0
    for spec in generate(articles, queries, seed):
        want = expected(spec, articles)
        result = backend.search(SearchQuery(text=spec.render(), fold_all=spec.fold_all, size=200, facets=()))
        got = {h.id for h in result.hits}
        tp, fp, fn, wrong = tp + len(got & want), fp + len(got - want), fn + len(want - got), wrong + (got != want)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), wrong


def main() -> None:
    """python -m tests.indexer.judged --queries 2000 --seed 1 [--es]: P/R on tantivy (and a fresh ES node)."""
    import argparse
    import tempfile
    from pathlib import Path

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--es", action="store_true", help="also start a test Elasticsearch node and measure it")
    args = parser.parse_args()
    from indexer.backends.tantivy_backend import TantivyBackend

    with tempfile.TemporaryDirectory() as tmp:
        report("tantivy", measure(TantivyBackend(Path(tmp) / "index"), args.queries, args.seed), args)
    if args.es:
        from indexer.backends.elasticsearch import ElasticsearchBackend
        from tests.support.es_node import EsNode

        node = EsNode(heap="512m")
        node.start()
        try:
            es = ElasticsearchBackend(node.url, alias="judged")
            es.ensure_schema()
            report("elasticsearch", measure(es, args.queries, args.seed), args)
        finally:
            node.remove()


def report(name: str, figures: tuple[float, float, int], args: Any) -> None:
    precision, recall, wrong = figures
    print(f"{name}: {args.queries} queries (seed {args.seed}), precision {precision:.4f}, recall {recall:.4f}, "
          f"{wrong} hit sets differ from the reference")  # fmt: skip


if __name__ == "__main__":
    main()
