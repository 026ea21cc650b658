"""`govnews documents top` on a real small tantivy index built from pages read by the cleaner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner.extract import extract
from cli.main import main
from core.settings import Settings
from indexer.backends.tantivy_backend import TantivyBackend

# Portal-style pages (own sentences); 20-CT/TW and 27/QĐ-TTg are in config/directives.yaml, the others are not.
PAGES = {
    "ke-hoach-48": ("Tỉnh ủy ban hành Kế hoạch thực hiện Chỉ thị 20",
                    "Ban Thường vụ Tỉnh ủy ban hành Kế hoạch số 48-KH/TU ngày 20/2/2013 thực hiện Chỉ thị số 20-CT/TW"
                    " ngày 05/11/2012 của Bộ Chính trị. Các huyện ủy xây dựng kế hoạch cụ thể, báo cáo trước tháng 6."),
    "ke-hoach-12": ("Huyện ủy triển khai kế hoạch của Tỉnh ủy",
                    "Huyện ủy ban hành Kế hoạch số 36-KH/HU thực hiện Kế hoạch số 12-KH/TU ngày 3/3/2023 của Tỉnh ủy"
                    " về tăng cường công tác bảo vệ trẻ em. Các chi bộ tổ chức quán triệt đến đảng viên."),
    "so-ket-12": ("Sơ kết Kế hoạch 12-KH/TU",
                  "Sơ kết một năm thực hiện Kế hoạch số 12-KH/TU, Ban Thường vụ Tỉnh ủy đánh giá nhiều chuyển biến tích"
                  " cực trong công tác chăm sóc, giáo dục và bảo vệ trẻ em trên địa bàn tỉnh."),
    "quyet-dinh-27": ("Triển khai Quyết định 27/QĐ-TTg",
                      "UBND tỉnh ban hành Kế hoạch số 377/KH-UBND triển khai Quyết định số 27/QĐ-TTg ngày 03/01/2025"
                      " của Thủ tướng Chính phủ. Kế hoạch số 12-KH/TU cũng được nhắc lại tại hội nghị."),
}


def _page(title: str, body: str) -> str:
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>Ngày đăng: 12/3/2024</p>"
            f"<p>{body}</p></article></body></html>")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    backend = TantivyBackend(Settings(data_dir=tmp_path).index_dir)
    articles = [extract(_page(*page), f"https://nghean.gov.vn/tin/{slug}.html") for slug, page in PAGES.items()]
    backend.upsert([a.model_copy(update={"province": "nghe-an"}) for a in articles])
    backend.close()
    return tmp_path


def test_lists_the_most_cited_documents_missing_from_the_registry(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(data_dir), "documents", "top", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    keys = [r["key"] for r in rows]
    assert keys[0] == "nghe-an:12-KH/TU"  # cited by three articles
    assert rows[0]["articles"] == 3
    assert rows[0]["implemented_by"] == 1  # "Kế hoạch số 36-KH/HU thực hiện Kế hoạch số 12-KH/TU"
    assert rows[0]["doc_type_name"] == "Kế hoạch"
    assert "12-KH/TU" in rows[0]["sample_sentence"]
    assert rows[0]["sample_url"].startswith("https://nghean.gov.vn/tin/")
    assert set(keys) == {"nghe-an:12-KH/TU", "nghe-an:48-KH/TU", "nghe-an:36-KH/HU", "nghe-an:377/KH-UBND"}
    assert "20-CT/TW" not in keys  # in config/directives.yaml
    assert "27/QĐ-TTg" not in keys


def test_limit_and_plain_text(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "documents", "top", "--limit", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "văn bản" in out[0]
    assert len(out) == 3  # header, the document, its first article's URL
    assert out[1].split()[:2] == ["3", "nghe-an:12-KH/TU"]


def test_a_document_added_to_the_registry_leaves_the_list(
    data_dir: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = tmp_path_factory.mktemp("config") / "directives.yaml"
    registry.write_text("directives:\n  - key: nghe-an:12-KH/TU\n    doc_type: KH\n    issuer: TU\n"
                        "    title: về tăng cường công tác bảo vệ trẻ em\n", encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "documents", "top", "--json", "--directives", str(registry)]) == 0
    keys = [r["key"] for r in json.loads(capsys.readouterr().out)]
    assert "nghe-an:12-KH/TU" not in keys
    assert "20-CT/TW" in keys  # this registry does not track it


def test_an_empty_index_says_so_and_a_bad_limit_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path), "documents", "top"]) == 0
    assert "Không có văn bản" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["--data-dir", str(tmp_path), "documents", "top", "--limit", "0"])
    assert exc.value.code == 2
