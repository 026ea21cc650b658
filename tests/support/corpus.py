"""A deterministic synthetic corpus of Vietnamese-like government news articles (tests and benchmarks)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from core.article import Article, DirectiveRef
from core.ids import article_id

VN_TZ = timezone(timedelta(hours=7))
PROVINCES = [
    "ha-noi", "ho-chi-minh", "da-nang", "hai-phong", "can-tho", "hue", "dak-lak", "lam-dong", "gia-lai",
    "khanh-hoa", "nghe-an", "thanh-hoa", "quang-ninh", "lao-cai", "tuyen-quang", "an-giang", "dong-nai",
]  # fmt: skip
DIRECTIVES = [
    ("20-CT/TW", "party", "CT", "TW", "20"), ("48-KH/TU", "party", "KH", "TU", "48"),
    ("20/2021/NĐ-CP", "legal", "NĐ", "CP", "20"), ("27/QĐ-TTg", "admin", "QĐ", "TTg", "27"),
    ("377/KH-UBND", "admin", "KH", "UBND", "377"), ("05-CT/TW", "party", "CT", "TW", "05"),
]  # fmt: skip
_TEXT = (
    "trẻ em bảo vệ chăm sóc giáo dục tỉnh thành phố ủy ban nhân dân chỉ thị nghị quyết kế hoạch triển khai "
    "thực hiện công tác phòng chống dịch bệnh kinh tế xã hội phát triển nông thôn mới đường giao thông "
    "đầu tư hạ tầng doanh nghiệp người dân cán bộ đảng viên học tập làm theo tư tưởng đạo đức phong cách "
    "hội nghị tổng kết năm quý tháng sở ban ngành huyện xã phường cải cách hành chính chuyển đổi số "
    "môi trường tài nguyên nước rừng biển đảo an ninh quốc phòng văn hóa thể thao du lịch y tế bệnh viện"
)
SYLLABLES = _TEXT.split()


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(SYLLABLES) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def make_article(i: int, rng: random.Random | None = None, body_words: int = 120) -> Article:
    """Article number i: a province, a month between 2019 and 2025, 0-2 directives, ~body_words syllables."""
    rng = rng or random.Random(i)
    url = f"https://portal{i % 40}.gov.vn/tin-tuc/bai-{i}.html"
    directives = [
        DirectiveRef(key=k, regime=r, doc_type=t, issuer=s, number=n)
        for k, r, t, s, n in rng.sample(DIRECTIVES, rng.choice([0, 0, 1, 1, 2]))
    ]
    sentences = [_sentence(rng, rng.randint(8, 20)) for _ in range(max(1, body_words // 14))]
    published = datetime(2019, 1, 1, 8, tzinfo=VN_TZ) + timedelta(hours=rng.randrange(0, 7 * 365 * 24))
    return Article(
        id=article_id(url),
        url=url,
        canonical_url=url,
        source_id=f"portal{i % 40}",
        title=_sentence(rng, rng.randint(6, 12)).rstrip("."),
        published=published,
        body="\n\n".join(" ".join(sentences[k : k + 3]) for k in range(0, len(sentences), 3)),
        summary=sentences[0],
        province=PROVINCES[i % len(PROVINCES)],
        directives=directives,
    )


def make_articles(n: int, start: int = 0, body_words: int = 120) -> Iterator[Article]:
    """Articles start..start+n-1, the same every run."""
    rng = random.Random(start * 7919 + n)
    for i in range(start, start + n):
        yield make_article(i, rng, body_words)
