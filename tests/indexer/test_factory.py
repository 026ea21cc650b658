"""get_backend maps settings to the configured backend, importing Elasticsearch only when asked for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from core.search import SearchBackend
from core.settings import Settings
from indexer.backends.tantivy_backend import TantivyBackend
from indexer.factory import get_backend


def test_tantivy_lives_under_the_data_dir(tmp_path: Path) -> None:
    backend = get_backend(Settings(data_dir=tmp_path, backend="tantivy"))
    assert isinstance(backend, TantivyBackend)
    assert isinstance(backend, SearchBackend)
    assert backend.path == tmp_path / "index"


def test_elasticsearch_gets_url_alias_and_timeout() -> None:
    from indexer.backends.elasticsearch import ElasticsearchBackend

    settings = Settings(backend="elasticsearch", elasticsearch_url="http://127.0.0.1:9", es_alias="x-articles")
    backend = get_backend(settings)
    assert isinstance(backend, ElasticsearchBackend)
    assert (backend.url, backend.alias) == ("http://127.0.0.1:9", "x-articles")
    backend.close()


def test_choosing_tantivy_does_not_import_elasticsearch(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from core.settings import Settings; from indexer.factory import "
        f"get_backend; get_backend(Settings(data_dir=Path({str(tmp_path)!r}))); "
        "print('elasticsearch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
