"""A corpus for the document page: 20-CT/TW cited in three units, a provincial plan implementing it and a district
plan implementing that plan (a chain of depth 2), a unit crawled but silent, and a unit crawled only before the
directive was issued (no source in the period)."""

from __future__ import annotations

from datetime import date, datetime

from core.article import Article, DirectiveRef, Implementation
from core.ids import article_id
from tests.indexer.corpus import REFS, VN

CT20 = REFS["20-CT/TW"]
PLAN = DirectiveRef(key="nghe-an:48-KH/TU", regime="party", doc_type="KH", doc_type_name="Kế hoạch", issuer="TU",
                    issuer_name="Tỉnh ủy", number="48", year=2013, issued=date(2013, 2, 20), scope="nghe-an")
DISTRICT = DirectiveRef(key="nghe-an:12-KH/HU", regime="party", doc_type="KH", issuer="HU", number="12",
                        scope="nghe-an")
HA_TINH_PLAN = DirectiveRef(key="ha-tinh:48-KH/TU", regime="party", doc_type="KH", issuer="TU", number="48",
                            scope="ha-tinh")  # the same number in another province
DAK_LAK_PLAN = DirectiveRef(key="dak-lak:30-KH/TU", regime="party", doc_type="KH", issuer="TU", number="30",
                            scope="dak-lak")  # fmt: skip
PLAN_SENTENCE = "Tỉnh ủy ban hành Kế hoạch số 48-KH/TU ngày 20/2/2013 thực hiện Chỉ thị số 20-CT/TW của Bộ Chính trị."
DISTRICT_SENTENCE = "Huyện ủy ban hành Kế hoạch số 12-KH/HU thực hiện Kế hoạch số 48-KH/TU của Tỉnh ủy."


def _article(slug: str, when: datetime | None, unit: str, refs: list[DirectiveRef], body: str,
             implements: list[Implementation] | None = None, then: str | None = None) -> Article:  # fmt: skip
    url = f"https://{unit}.gov.vn/tin/{slug}.html"
    return Article(id=article_id(url), url=url, canonical_url=url, source_id=unit, title=body.split(".")[0],
                   published=when, body=body, province=unit, province_at_publication=then, directives=refs,
                   implements=implements or [])  # fmt: skip


def articles() -> dict[str, Article]:
    """The corpus by role."""
    plan = Implementation(doc=PLAN.key, target=CT20.key, verb="thực hiện", sentence=PLAN_SENTENCE)
    district = Implementation(doc=DISTRICT.key, target=PLAN.key, verb="thực hiện", sentence=DISTRICT_SENTENCE)
    dak_lak = Implementation(doc=DAK_LAK_PLAN.key, target=CT20.key, verb="triển khai",
                             sentence="Tỉnh ủy Đắk Lắk triển khai Chỉ thị 20-CT/TW bằng Kế hoạch số 30-KH/TU.")
    return {
        "nghe_an_plan": _article("ke-hoach-48", datetime(2013, 3, 1, 9, tzinfo=VN), "nghe-an", [PLAN, CT20],
                                 PLAN_SENTENCE, [plan]),
        "nghe_an_later": _article("so-ket", datetime(2014, 6, 10, 0, 30, tzinfo=VN), "nghe-an", [CT20],
                                  "Sơ kết Chỉ thị 20-CT/TW về công tác trẻ em tại Nghệ An."),
        "nghe_an_again": _article("lap-lai", datetime(2014, 6, 12, 8, tzinfo=VN), "nghe-an", [PLAN, CT20],
                                  PLAN_SENTENCE + " Bài đăng lại.", [plan]),
        "district": _article("huyen", datetime(2013, 5, 2, 9, tzinfo=VN), "nghe-an", [DISTRICT, PLAN],
                             DISTRICT_SENTENCE, [district]),
        "dak_lak": _article("dak-lak-20", datetime(2015, 1, 10, 9, tzinfo=VN), "dak-lak", [DAK_LAK_PLAN, CT20],
                            "Tỉnh ủy Đắk Lắk triển khai Chỉ thị 20-CT/TW bằng Kế hoạch số 30-KH/TU.", [dak_lak]),
        "binh_phuoc": _article("binh-phuoc-20", datetime(2012, 12, 20, 9, tzinfo=VN), "dong-nai", [CT20],
                               "Bình Phước quán triệt Chỉ thị số 20-CT/TW của Bộ Chính trị.", then="binh-phuoc"),
        "undated": _article("khong-ngay", None, "hue", [CT20], "Huế nhắc Chỉ thị 20-CT/TW."),
        "ha_noi_silent": _article("ha-noi", datetime(2014, 2, 1, 9, tzinfo=VN), "ha-noi", [],
                                  "Hà Nội tổ chức Tết Trung thu cho thiếu nhi."),
        "ha_tinh_plan": _article("ha-tinh-48", datetime(2016, 4, 1, 9, tzinfo=VN), "ha-tinh", [HA_TINH_PLAN],
                                 "Hà Tĩnh sơ kết Kế hoạch số 48-KH/TU về xây dựng nông thôn mới."),
        "ca_mau_before": _article("ca-mau", datetime(2010, 5, 1, 9, tzinfo=VN), "ca-mau", [],
                                  "Cà Mau khánh thành trường học mới."),
    }  # fmt: skip
