"""The Jinja templates of the page and the coverage table, their filters, and the pages' security headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from search_api.documents import document_href
from search_api.markup import safe_marked

templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
# the pages load only their own CSS/JS; no inline script or style (bars and heat cells are CSS classes)
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
SORT_LABELS = {"relevance": "Liên quan nhất", "newest": "Mới nhất", "oldest": "Cũ nhất"}


def marked(text: str | None) -> Markup:
    """Jinja filter: the text escaped except its <mark> tags."""
    return Markup(safe_marked(text))  # safe_marked escaped everything but <mark>


def number(value: int) -> str:
    """Jinja filter: 2982 -> "2.982" (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def percent(value: float | None) -> str:
    """Jinja filter: 0.125 -> "12,5%"; None -> "–"."""
    return "–" if value is None else f"{value * 100:.1f}%".replace(".", ",")


templates.env.filters.update(marked=marked, number=number, percent=percent)
templates.env.globals.update(sort_labels=SORT_LABELS, document_href=document_href)


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """One template rendered with the pages' headers."""
    return templates.TemplateResponse(request, name, context, status_code=status_code, headers=HEADERS)
