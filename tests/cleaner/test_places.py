"""cleaner.places and config/provinces.yaml: 34 current / 63 former units, merger mapping, names, portals."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from cleaner.config import bundled
from core.config import load_provinces
from core.settings import DEFAULT_CONFIG_DIR
from core.textfold import slugify

PLACES = bundled().places  # the shipped config/
province_from_url, provinces_mentioned, resolve_province = PLACES.from_url, PLACES.mentioned, PLACES.resolve


VN = ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE = datetime(2024, 3, 1, tzinfo=VN)
AFTER = datetime(2025, 9, 1, tzinfo=VN)


def test_registry_shape_and_consistency() -> None:
    reg = load_provinces(DEFAULT_CONFIG_DIR / "provinces.yaml")
    current, former = reg.current_by_code(), reg.former_by_code()
    assert len(reg.current) == len(current) == 34
    assert len(reg.former) == len(former) == 63
    assert sum(u.kind == "city" for u in reg.current) == 6
    for unit in reg.former:
        assert unit.merged_into in current, unit.code
        assert unit.code in current[unit.merged_into].formed_from, unit.code
        assert unit.valid_to in (date(2025, 6, 30), date(2024, 12, 31))
    formed = [code for unit in reg.current for code in unit.formed_from]
    assert sorted(formed) == sorted(former), "every former unit is in exactly one formed_from"
    for unit in reg.current:
        assert unit.code == slugify(unit.name)
        assert all(former[c].merged_into == unit.code for c in unit.formed_from)
    assert sum(len(u.formed_from) == 1 for u in reg.current) == 11  # NQ 202/2025/QH15: 11 unchanged (Huế counted)
    gso = [u.gso for u in reg.former]
    assert len(set(gso)) == 63


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Phó Chủ tịch UBND tỉnh Hậu Giang trao quà cho các trẻ em", ["can-tho"]),
        ("các tỉnh miền núi đặc biệt khó khăn như tỉnh Bắc Kạn", ["thai-nguyen"]),
        ("tỉnh Hoà Bình và tỉnh Hòa Bình", ["phu-tho"]),
        ("Thanh Hoá, Thanh Hóa và Thanh Hoa", ["thanh-hoa"]),
        ("Đoàn công tác của TP.HCM làm việc với Bà Rịa - Vũng Tàu và Bình Dương", ["ho-chi-minh"]),
        ("Hội nghị tại TP. Huế, TP. Đà Nẵng và tỉnh Quảng Nam", ["hue", "da-nang"]),
        ("Thừa Thiên - Huế và Đắk Lắk, Đăk Nông, Phú Yên", ["hue", "dak-lak", "lam-dong"]),
        ("Ha Noi va Hai Phong", ["ha-noi", "hai-phong"]),
        ("Tỉnh ủy Long An và UBND tỉnh Tây Ninh", ["tay-ninh"]),
        ("thành phố Cần Thơ, Sóc Trăng", ["can-tho"]),
        ("giao cho Hà Nội chủ trì, bên cạnh Đà Nẵng", ["ha-noi", "da-nang"]),
        ("đảm bảo an ninh thông tin trên địa bàn Thủ đô như sự kiện SEA Games 31", ["ha-noi"]),
        ("Sở Giáo dục và Đào tạo thành phố Bắc Giang (tỉnh Bắc Giang)", ["bac-ninh"]),
        ("ở thành phố Mỹ Tho (Tiền Giang) đã tham gia", ["dong-thap"]),
        ("Đài PTTH TP. Cần Thơ và TP. Hồ Chí Minh", ["can-tho", "ho-chi-minh"]),
        ("Tp.HCM, TP.Huế và Tp. Đà Nẵng", ["ho-chi-minh", "hue", "da-nang"]),
    ],
)
def test_provinces_mentioned(text: str, codes: list[str]) -> None:
    assert provinces_mentioned(text) == codes


@pytest.mark.parametrize(
    "text",
    [
        "Bà Nguyễn Thị Huế, cán bộ xã, phát biểu",
        "Chúng ta cần hòa bình và Hòa Bình là khát vọng",  # "Hòa Bình" without a prefix: peace / a name
        "trên phố Huế và phường Long An",
        "các nước ven Thái Bình Dương",
        "xã Hòa Bình, huyện Thái Bình",
        "Hoàng Thái Bình, Trần Hà Nam và Lê Kiên Giang dự họp",
        "long an cư lạc nghiệp",
        "liên hệ vpub@hanoi.gov.vn hoặc www.Hanoi.gov.vn",
        # real strings from the sotttt-hanoi mirror
        "Bằng khen của Trung ương Đoàn TNCS Hồ Chí Minh. Nhân dịp này",
        "Nguyễn Thanh Hoa Pho Ban bien tap",
        "tuyến Đinh Tiên Hoàng - Tràng Thi - Điện Biên Phủ; tuyến phố",
        "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "đoàn công tác thăm Thủ đô Viêng Chăn của Lào",
        "thủ đô của nhiều nước",
    ],
)
def test_no_false_positives(text: str) -> None:
    assert provinces_mentioned(text) == []


@pytest.mark.parametrize(
    ("code", "published", "expected"),
    [
        ("bac-giang", BEFORE, ("bac-ninh", "bac-giang")),
        ("bac-giang", AFTER, ("bac-ninh", None)),
        ("bac-ninh", BEFORE, ("bac-ninh", None)),
        ("ha-giang", datetime(2025, 6, 30, 23, 0, tzinfo=VN), ("tuyen-quang", "ha-giang")),
        ("ha-giang", datetime(2025, 7, 1, 8, 0, tzinfo=VN), ("tuyen-quang", None)),
        ("thua-thien-hue", BEFORE, ("hue", "thua-thien-hue")),
        ("thua-thien-hue", datetime(2025, 3, 1, tzinfo=VN), ("hue", None)),
        ("hue", BEFORE, ("hue", "thua-thien-hue")),
        ("ba-ria-vung-tau", None, ("ho-chi-minh", None)),
        ("lai-chau", BEFORE, ("lai-chau", None)),
        ("atlantis", BEFORE, (None, None)),
        (None, BEFORE, (None, None)),
    ],
)
def test_resolve_province(
    code: str | None, published: datetime | None, expected: tuple[str | None, str | None]
) -> None:
    assert resolve_province(code, published) == expected


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://bacgiang.gov.vn/portal/Pages/2023-3-9/x.aspx", "bac-giang"),
        ("https://sotttt.hanoi.gov.vn/tin-tuc", "ha-noi"),
        ("https://www.quangninh.gov.vn/Trang/TinTuc.aspx", "quang-ninh"),
        ("http://sxdthanhhoa.gov.vn/a", "thanh-hoa"),
        ("https://tinhuybacgiang.dcs.vn/a", "bac-giang"),
        ("https://haugiang.dcs.vn/a", "hau-giang"),
        ("https://baria-vungtau.gov.vn/", "ba-ria-vung-tau"),
        ("https://chinhphu.vn/", None),
        ("https://baobacgiang.com.vn/bai-viet", "bac-giang"),
        ("https://hochiminhcity.gov.vn/", "ho-chi-minh"),
        ("https://khuecong.gov.vn/", None),  # "hue" inside a word is not Huế
        ("https://mic.gov.vn/", None),
        ("https://example.com/hanoi", None),
    ],
)
def test_province_from_url(url: str, code: str | None) -> None:
    assert province_from_url(url) == code
