"""GET /api/articles/{id}: one stored article."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from search_api.deps import BackendDep, LabelsDep
from search_api.schemas import ArticleOut, ErrorOut

router = APIRouter(tags=["articles"])


@router.get("/api/articles/{article_id}", response_model=ArticleOut, responses={404: {"model": ErrorOut}})
def get_article(article_id: str, backend: BackendDep, labels: LabelsDep) -> ArticleOut:
    """The article with this id (the id in search hits), or 404."""
    article = backend.get(article_id)
    if article is None:
        raise HTTPException(status_code=404, detail=f"Không có bài viết nào mã {article_id!r}")
    return ArticleOut(**article.model_dump(), province_label=labels.province(article.province))
