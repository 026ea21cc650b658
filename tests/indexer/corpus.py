"""A small hand-written Vietnamese corpus (deterministic) with known provinces, directives and dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from core.article import Article, DirectiveRef
from core.ids import article_id

VN = timezone(timedelta(hours=7))

REFS: dict[str, DirectiveRef] = {
    "20-CT/TW": DirectiveRef(key="20-CT/TW", regime="party", doc_type="CT", issuer="TW", number="20", year=2012),
    "05-CT/TW": DirectiveRef(key="05-CT/TW", regime="party", doc_type="CT", issuer="TW", number="05", year=2016),
    "27/QĐ-TTg": DirectiveRef(key="27/QĐ-TTg", regime="admin", doc_type="QĐ", issuer="TTg", number="27", year=2024),
    "20/2021/NĐ-CP": DirectiveRef(
        key="20/2021/NĐ-CP", regime="legal", doc_type="NĐ", issuer="CP", number="20", year=2021
    ),
    "377/KH-UBND": DirectiveRef(key="377/KH-UBND", regime="admin", doc_type="KH", issuer="UBND", number="377"),
}


def _at(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=VN)


# slug, title, body, province, province at publication, directive keys, published, source
ROWS: list[tuple[str, str, str, str | None, str | None, list[str], datetime | None, str]] = [
    ("tre-em-ha-noi", "Hà Nội tăng cường bảo vệ trẻ em trong dịp hè",
     "Ủy ban nhân dân thành phố yêu cầu các quận chăm lo an toàn cho trẻ em khi nghỉ hè.",
     "ha-noi", None, [], _at(2024, 6, 1), "hanoi"),
    ("dak-lak-ca-phe", "Đắk Lắk: niên vụ cà phê được mùa",
     "Nông dân tỉnh Đắk Lắk thu hoạch cà phê với sản lượng tăng so với năm trước.",
     "dak-lak", None, [], _at(2024, 11, 20), "daklak"),
    ("chi-thi-20-dak-lak", "Đắk Lắk tổng kết Chỉ thị số 20-CT/TW",
     "Tỉnh ủy tổ chức hội nghị tổng kết 10 năm thực hiện Chỉ thị số 20-CT/TW ngày 5/11/2012 của Bộ Chính trị "
     "về tăng cường sự lãnh đạo của Đảng đối với công tác chăm sóc, giáo dục và bảo vệ trẻ em.",
     "dak-lak", None, ["20-CT/TW"], _at(2023, 5, 12), "daklak"),
    ("chi-thi-20-lao-cai", "Lào Cai quán triệt Chỉ thị 20 về công tác trẻ em",
     "Ban Thường vụ Tỉnh ủy Lào Cai ban hành kế hoạch thực hiện Chỉ thị 20-CT/TW.",
     "lao-cai", "yen-bai", ["20-CT/TW"], _at(2022, 8, 3), "laocai"),
    ("chi-thi-05-hue", "Huế học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
     "Thành phố Huế sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.",
     "hue", None, ["05-CT/TW"], _at(2021, 5, 19), "hue"),
    ("quyet-dinh-27", "Triển khai Quyết định 27/QĐ-TTg về chuyển đổi số",
     "Ủy ban nhân dân tỉnh triển khai Quyết định số 27/QĐ-TTg của Thủ tướng Chính phủ về chuyển đổi số "
     "trong cơ quan nhà nước.",
     "ha-noi", None, ["27/QĐ-TTg"], _at(2024, 3, 1, 6), "chinhphu"),
    ("nghi-dinh-20", "Hướng dẫn Nghị định 20/2021/NĐ-CP về trợ giúp xã hội",
     "Sở Lao động hướng dẫn chi trả trợ cấp theo Nghị định số 20/2021/NĐ-CP cho đối tượng bảo trợ xã hội.",
     "ho-chi-minh", None, ["20/2021/NĐ-CP"], _at(2024, 3, 31, 23, 30), "hcm"),
    ("nghi-dinh-20-va-chi-thi-20", "Chăm lo trẻ em có hoàn cảnh khó khăn",
     "Thực hiện Nghị định 20/2021/NĐ-CP và Chỉ thị 20-CT/TW, tỉnh hỗ trợ trẻ em mồ côi.",
     "tuyen-quang", "ha-giang", ["20/2021/NĐ-CP", "20-CT/TW"], _at(2024, 4, 1, 0, 30), "tuyenquang"),
    ("ke-hoach-377", "Kế hoạch 377/KH-UBND về cải cách hành chính",
     "Ủy ban nhân dân tỉnh ban hành Kế hoạch số 377/KH-UBND năm 2024 về cải cách hành chính.",
     "dak-lak", None, ["377/KH-UBND"], _at(2024, 2, 29, 23, 30), "daklak"),
    ("chuyen-doi-so-dong-nai", "Đồng Nai đẩy mạnh chuyển đổi số",
     "Tỉnh Đồng Nai đặt mục tiêu chuyển đổi số toàn diện trong các cơ quan hành chính.",
     "dong-nai", None, [], _at(2023, 9, 9), "dongnai"),
    ("doi-so-khong-lien", "Số hóa hồ sơ và thay đổi quy trình",
     "Việc chuyển giao hồ sơ số giúp đổi mới quy trình tiếp nhận tại bộ phận một cửa.",
     "dong-nai", None, [], _at(2023, 9, 10), "dongnai"),
    ("hoa-ban", "Hoa ban, hoa đào, hoa mai khoe sắc",
     "Hoa ban nở trắng núi rừng; hoa đào và hoa mai đón xuân; du khách ngắm hoa.",
     "lai-chau", None, [], _at(2024, 2, 10), "laichau"),
    ("hoa-giai", "Hòa giải ở cơ sở",
     "Tổ hòa giải giúp người dân giải quyết mâu thuẫn.",
     "lai-chau", None, [], _at(2024, 2, 11), "laichau"),
    ("tieu-de-dao-tao", "Đào tạo nghề cho lao động nông thôn",
     "Chương trình hỗ trợ người lao động học nghề.",
     "can-tho", None, [], _at(2022, 1, 15), "cantho"),
    ("than-dao-tao", "Hội nghị sơ kết công tác quý I",
     "Hội nghị cũng bàn về đào tạo nghề và giải quyết việc làm.",
     "can-tho", None, [], _at(2022, 1, 16), "cantho"),
    ("quang-ninh-bien", "Quảng Ninh bảo vệ môi trường biển",
     "Tỉnh Quảng Ninh triển khai các giải pháp bảo vệ môi trường vùng biển và hải đảo.",
     "quang-ninh", None, [], _at(2020, 7, 7), "quangninh"),
    ("html-escape", "Cảnh báo mã độc <script> trên cổng thông tin",
     "Phát hiện đoạn mã <script>alert(1)</script> & các liên kết giả mạo cổng thông tin điện tử.",
     "ha-noi", None, [], _at(2025, 1, 2), "hanoi"),
    ("khong-ngay", "Thông báo lịch tiếp công dân",
     "Lịch tiếp công dân định kỳ của lãnh đạo tỉnh.",
     "gia-lai", "kon-tum", [], None, "gialai"),
    ("thanh-hoa-nong-thon", "Thanh Hóa xây dựng nông thôn mới",
     "Thanh Hóa có thêm nhiều xã đạt chuẩn nông thôn mới nâng cao.",
     "thanh-hoa", None, [], _at(2025, 8, 15), "thanhhoa"),
    ("nghe-an-chi-thi-05", "Nghệ An làm theo gương Bác",
     "Tỉnh ủy Nghệ An khen thưởng điển hình thực hiện Chỉ thị 05-CT/TW.",
     "nghe-an", None, ["05-CT/TW"], _at(2025, 5, 19), "nghean"),
    ("hai-phong-trem", "Hải Phòng tổ chức Tháng hành động vì trẻ em",
     "Thành phố Hải Phòng phát động Tháng hành động vì trẻ em năm 2025.",
     "hai-phong", "hai-duong", [], _at(2025, 6, 1), "haiphong"),
    ("khanh-hoa-du-lich", "Khánh Hòa phục hồi du lịch",
     "Lượng khách quốc tế đến Khánh Hòa tăng mạnh.",
     "khanh-hoa", None, [], _at(2023, 12, 31, 23, 59), "khanhhoa"),
    ("lam-dong-rung", "Lâm Đồng bảo vệ rừng",
     "Lâm Đồng triển khai Quyết định 27/QĐ-TTg và tăng cường tuần tra bảo vệ rừng.",
     "lam-dong", "dak-nong", ["27/QĐ-TTg"], _at(2024, 1, 1, 0, 0), "lamdong"),
    ("an-giang-lu", "An Giang chủ động phòng chống lũ",
     "Các xã vùng đầu nguồn An Giang chủ động phòng chống lũ, bảo đảm an toàn cho người dân.",
     "an-giang", None, [], _at(2022, 10, 5), "angiang"),
]  # fmt: skip


def corpus() -> list[Article]:
    """The corpus articles, the same every call."""
    out: list[Article] = []
    for slug, title, body, province, then, keys, published, source in ROWS:
        url = f"https://{source}.gov.vn/tin-tuc/{slug}.html"
        out.append(
            Article(
                id=article_id(url),
                url=url,
                canonical_url=url,
                source_id=source,
                title=title,
                published=published,
                body=body,
                province=province,
                province_at_publication=then,
                directives=[REFS[k] for k in keys],
            )
        )
    return out


def by_slug(slug: str) -> Article:
    """The corpus article with this slug."""
    return next(a for a in corpus() if a.url.endswith(f"/{slug}.html"))


def full_article() -> Article:
    """An article with every field set, for round-trip tests."""
    url = "https://chinhphu.vn/tin-tuc/day-du.html"
    return Article(
        id=article_id(url),
        url=url,
        canonical_url=url,
        source_id="chinhphu",
        title="Thủ tướng chỉ đạo về phòng, chống thiên tai",
        published=datetime(2024, 9, 8, 14, 5, 30, tzinfo=VN),
        author="Nguyễn Văn A",
        body="Đoạn một về bão số 3.\n\nĐoạn hai về khắc phục hậu quả.",
        summary="Thủ tướng yêu cầu các bộ, ngành khẩn trương khắc phục hậu quả bão.",
        province="hai-phong",
        province_at_publication="hai-duong",
        provinces_mentioned=["hai-phong", "quang-ninh"],
        directives=[
            DirectiveRef(
                key="20/2021/NĐ-CP", regime="legal", doc_type="NĐ", doc_type_name="Nghị định", issuer="CP",
                issuer_name="Chính phủ", number="20", year=2021, issued=date(2021, 3, 15), title="Trợ giúp xã hội",
            ),
            REFS["27/QĐ-TTg"],
        ],
        dup_group="ignored-the-indexer-assigns-it",
        fetched_at=datetime(2024, 9, 8, 8, 0, tzinfo=UTC),
        language="vi",
        platform="chinhphu",
    )  # fmt: skip
