"""Stories long enough to compare and their republished copies, for the near-duplicate contract tests."""

from __future__ import annotations

import random
from datetime import datetime

from core.article import Article
from core.ids import article_id
from indexer.neardup import signature
from tests.indexer.corpus import VN

SYLLABLES = (  # noqa: SIM905
    "ủy ban nhân dân tỉnh thành phố huyện xã phường sở giáo dục đào tạo y tế nông nghiệp phát triển nông thôn "
    "công thương tài chính kế hoạch đầu tư nội vụ tư pháp văn hóa thể thao du lịch thông tin truyền thông "
    "khoa học công nghệ tài nguyên môi trường lao động thương binh xã hội giao thông vận tải xây dựng chuyển đổi "
    "số cải cách hành chính kinh tế tập thể hợp tác xã doanh nghiệp người dân trẻ em phụ nữ thanh niên đoàn "
    "hội nghị tổng kết triển khai thực hiện chỉ thị nghị quyết quyết định kế hoạch năm tháng quý kết quả đạt "
    "được nhiệm vụ giải pháp trọng tâm tăng cường lãnh đạo chỉ đạo kiểm tra giám sát đánh giá báo cáo"
).split()


def story(seed: int, paragraphs: int = 8, words: int = 30) -> str:
    """A body of `paragraphs` paragraphs of `words` random syllables each (the same for the same seed)."""
    rng = random.Random(seed)
    return "\n\n".join(" ".join(rng.choice(SYLLABLES) for _ in range(words)) for _ in range(paragraphs))


def republished(body: str, seed: int) -> str:
    """The body as another portal runs it: one paragraph dropped, one added, a header and a footer."""
    paras = body.split("\n\n")
    rng = random.Random(seed)
    del paras[rng.randrange(len(paras))]
    paras.insert(rng.randrange(len(paras) + 1), story(seed + 10_000, paragraphs=1))
    return "\n\n".join(["Cổng thông tin điện tử tỉnh — Tin tức sự kiện", *paras, "Nguồn: Báo điện tử Chính phủ"])


def near_pair(seed: int, percent: int) -> tuple[Article, Article]:
    """A story, and the same text with `percent` of its words replaced from its first third on (another portal, a
    day later): with the seeds the tests use, a pair near the same-story threshold, on either side of it."""
    text = story(seed)
    words = text.split()
    start, count = len(words) // 3, len(words) * percent // 100
    edited = " ".join(words[:start] + [f"khac{start + i}" for i in range(count)] + words[start + count :])
    return article(f"mau{seed}", text, day=1), article(f"sua{seed}", edited, day=2, source="portal-b")


def article(slug: str, body: str, day: int, source: str = "portal-a") -> Article:
    """An article on `source` published on `day` of June 2024."""
    url = f"https://{source}.gov.vn/tin/{slug}.html"
    return Article(
        id=article_id(url),
        url=url,
        canonical_url=url,
        source_id=source,
        title=f"Bài {slug}",
        published=datetime(2024, 6, day, 8, tzinfo=VN),
        body=body,
        province="ha-noi",
    )


def alone(a: Article) -> Article:
    """The article as the index stores it when it has no near-duplicate: its signature, its own group."""
    return a.model_copy(update={"minhash": signature(a.body), "dup_group": a.id})
