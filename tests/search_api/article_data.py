"""An index and a WARC archive for the article page: an original captured twice (its page edited in between), its
republished copy (captured, then gone: 404), a page with no archived copy, and an archived page whose script must
never run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from archive.index import WarcIndex
from archive.writer import WarcArchive
from core.article import Article
from core.settings import Settings
from indexer.backends.tantivy_backend import TantivyBackend
from indexer.pipeline import open_pipeline
from tests.indexer.corpus import REFS
from tests.indexer.neardup_corpus import article, republished, story
from tests.support.warc import archive_page

FETCHED = datetime(2026, 1, 2, 1, 30, tzinfo=UTC)  # 08:30 in Vietnam
RECRAWLED = FETCHED + timedelta(days=1, hours=2)  # a later capture of the same page: 03/01/2026 10:30 in Vietnam
GONE = FETCHED + timedelta(days=2)  # the republished copy's page answered 404 then
MARKER = "Nội dung trang gốc đã lưu"
EDITED = "Nội dung trang gốc đã được cổng sửa lại"
# Every way a page can try to run code: the sandbox must stop all of them.
ARCHIVED_PAGE = f"""<!doctype html><html><head><meta charset="utf-8"><title>Trang gốc</title>
<script>document.title = "SCRIPT RAN"; parent.document.title = "SCRIPT RAN";</script></head>
<body><p id="state">script chưa chạy</p><p>{MARKER}: Hà Nội triển khai Chỉ thị 20-CT/TW.</p>
<script>document.getElementById("state").textContent = "SCRIPT RAN";</script>
<img src="data:," onerror="document.getElementById('state').textContent='SCRIPT RAN'">
<img src="nonexistent.png" onerror="document.getElementById('state').textContent='SCRIPT RAN'">
</body></html>"""
SOURCES = """sources:
  - id: portal-a
    name: Sở Thông tin và Truyền thông Hà Nội
    base_url: https://portal-a.gov.vn/
  - id: portal-b
    name: Cổng thông tin điện tử tỉnh Bắc Ninh
    base_url: https://portal-b.gov.vn/
"""


def articles() -> dict[str, Article]:
    """original (archived, cites two documents, unit changed), its copy elsewhere, and one never archived."""
    original = article("goc", story(11), day=3, source="portal-a").model_copy(
        update={
            "title": "Hà Nội tổng kết Chỉ thị 20",
            "author": "Nguyễn Văn A",
            "summary": "Tóm tắt bài viết gốc.",
            "province": "bac-ninh",
            "province_at_publication": "bac-giang",
            "directives": [REFS["20-CT/TW"], REFS["27/QĐ-TTg"]],
        }
    )
    copy = article("dang-lai", republished(story(11), 3), day=5, source="portal-b")
    lone = article("khong-luu", story(12), day=6, source="portal-b")
    return {"original": original, "copy": copy, "lone": lone}


def build(data_dir: Path) -> Settings:
    """Settings whose index holds `articles()` and whose archive holds the original's page (and the copy's)."""
    sources = data_dir / "sources.yaml"
    data_dir.mkdir(parents=True, exist_ok=True)
    sources.write_text(SOURCES, encoding="utf-8")
    settings = Settings(data_dir=data_dir, backend="tantivy", sources_file=sources)
    items = articles()
    backend = TantivyBackend(settings.index_dir)
    pipeline = open_pipeline(settings, backend)  # groups the copy with the original, as a crawl would
    pipeline.index([items["original"]])
    pipeline.index([items["copy"], items["lone"]])
    pipeline.close()
    backend.close()
    index = WarcIndex(settings.warc_index_path)
    archive = WarcArchive(settings.archive_dir, index=index)
    captures = [  # (article, capture time, status, page), in the order a crawl would have written them
        ("original", FETCHED, 200, ARCHIVED_PAGE),
        ("copy", FETCHED, 200, ARCHIVED_PAGE),
        ("original", RECRAWLED, 200, ARCHIVED_PAGE.replace(MARKER, EDITED)),
        ("copy", GONE, 404, "<html><body>Không tìm thấy trang</body></html>"),
    ]
    for key, when, status, page in captures:
        archive_page(archive, items[key].url, page, status=status, source_id=items[key].source_id, fetched_at=when)
    archive.close()
    index.close()
    return settings
