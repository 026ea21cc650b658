"""TantivyBackend: the backend contract on an embedded on-disk index, plus its own on-disk behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.search import BackendUnavailable, SearchBackend, SearchQuery
from indexer.backends.tantivy_backend import IndexSchemaMismatch, TantivyBackend
from tests.indexer.contract import BackendContract
from tests.indexer.corpus import by_slug, corpus


class TestTantivyContract(BackendContract):
    def make_backend(self, tmp_path: Path) -> SearchBackend:
        return TantivyBackend(tmp_path / "index")


def test_index_survives_reopening(tmp_path: Path) -> None:
    first = TantivyBackend(tmp_path / "index")
    first.upsert(corpus())
    first.close()
    again = TantivyBackend(tmp_path / "index")
    assert again.count() == len(corpus())
    assert again.get(by_slug("hoa-giai").id) == by_slug("hoa-giai")
    assert again.search(SearchQuery(text="dak lak")).total >= 2


def test_two_handles_on_one_directory_see_each_others_writes(tmp_path: Path) -> None:
    writer, reader = TantivyBackend(tmp_path / "index"), TantivyBackend(tmp_path / "index")
    assert reader.count() == 0
    writer.upsert(corpus()[:3])
    reader.upsert(corpus()[3:5])  # the writer lock is released between upserts
    assert writer.count() == reader.count() == 5


def test_an_index_with_another_schema_is_refused_clearly(tmp_path: Path) -> None:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("something_else")
    tantivy.Index(builder.build(), path=str(tmp_path))
    with pytest.raises(IndexSchemaMismatch, match="delete it and load again"):
        TantivyBackend(tmp_path).count()


def test_an_unusable_directory_is_backend_unavailable(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory")
    with pytest.raises(BackendUnavailable):
        TantivyBackend(tmp_path / "file" / "index").ensure_schema()
