"""GET /api/articles/{id}: one stored article."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from search_api.deps import BackendDep
from search_api.labels import province_label
from search_api.schemas import ArticleOut, ErrorOut

router = APIRouter(tags=["articles"])


@router.get("/api/articles/{article_id}", response_model=ArticleOut, responses={404: {"model": ErrorOut}})
def get_article(article_id: str, backend: BackendDep) -> ArticleOut:
    """The article with this id (the id in search hits), or 404."""
    article = backend.get(article_id)
    if article is None:
        raise HTTPException(status_code=404, detail=f"No article with id {article_id!r}")
    return ArticleOut(**article.model_dump(), province_label=province_label(article.province))
