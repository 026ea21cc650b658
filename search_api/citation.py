"""How to cite one article: plain Vietnamese text, an APA-style reference and a BibTeX (biblatex @online) entry."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from core.clock import VN_TZ

NO_DATE = "không rõ ngày"
# BibTeX's special characters, escaped so that a title or a URL never breaks the entry.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


class Citation(BaseModel):
    """The facts a reference needs, and the same reference written three ways."""

    title: str
    unit: str | None = Field(description="The province (unit) the article belongs to, by name.")
    portal: str = Field(description="The portal's name (sources.yaml), its id only when it has none.")
    published: datetime | None
    url: str = Field(description="The original page.")
    captured: datetime | None = Field(description="When govnews fetched the copy it cites (UTC).")
    govnews_url: str = Field(description="The article on govnews.")
    archive_url: str | None = Field(description="The archived copy cited, addressed by its capture time.")
    text: str = Field(description="Plain text, in Vietnamese.")
    apa: str = Field(description="APA-style reference (author = the portal).")
    bibtex: str = Field(description="A biblatex @online entry.")


def _day(value: datetime | None) -> str:
    return value.astimezone(VN_TZ).strftime("%d/%m/%Y") if value else NO_DATE


def _minute(value: datetime | None) -> str:
    return value.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M") if value else NO_DATE


def _apa_date(value: datetime | None) -> str:
    """(2024, ngày 3 tháng 6) — APA's (Year, Month Day) with Vietnamese month names; (k.n.) without a date."""
    if value is None:
        return "(k.n.)"
    local = value.astimezone(VN_TZ)
    return f"({local.year}, ngày {local.day} tháng {local.month})"


def bibtex_escape(value: str) -> str:
    """A value safe inside a BibTeX field's braces."""
    return "".join(_BIBTEX_ESCAPES.get(ch, ch) for ch in value)


def bibtex_url(value: str) -> str:
    """A URL for biblatex's verbatim `url` field: only braces would break it, and they are percent-encoded."""
    return value.replace("{", "%7B").replace("}", "%7D")


def _bibtex(key: str, fields: dict[str, str | None]) -> str:
    lines = [f"@online{{{key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields.items() if value]
    return "\n".join(lines) + "\n}\n"


def cite(
    *,
    article_id: str,
    title: str,
    unit: str | None,
    portal: str,
    published: datetime | None,
    url: str,
    captured: datetime | None,
    govnews_url: str,
    archive_url: str | None,
) -> Citation:
    """The citation of one article (the newest archived copy, when there is one, is the copy cited)."""
    where = f"{portal}, {unit}" if unit else portal
    when = f"đăng ngày {_day(published)}" if published else "không rõ ngày đăng"
    text = f"{title}. {where}, {when}. {url}"
    if archive_url:
        text += f" — Bản lưu govnews lúc {_minute(captured)} (giờ Việt Nam): {archive_url}"
    text += f" — Trên govnews: {govnews_url}"
    apa = f"{portal}. {_apa_date(published)}. {title}. {url}"
    if archive_url:
        apa += f" (bản lưu ngày {_day(captured)}: {archive_url})"
    local = published.astimezone(VN_TZ) if published else None
    bib = _bibtex(
        f"govnews-{article_id[:12]}",
        {
            "title": bibtex_escape(title),
            "author": "{" + bibtex_escape(portal) + "}",  # a body, not a person: kept whole
            "organization": bibtex_escape(portal),
            "date": local.strftime("%Y-%m-%d") if local else None,
            "url": bibtex_url(url),
            "urldate": captured.astimezone(VN_TZ).strftime("%Y-%m-%d") if captured else None,
            "langid": "vietnamese",
            "addendum": bibtex_escape(f"Đơn vị: {unit}") if unit else None,
            "note": bibtex_escape(f"Bản lưu govnews: {archive_url or govnews_url}"),
        },
    )
    return Citation(
        title=title, unit=unit, portal=portal, published=published, url=url, captured=captured,
        govnews_url=govnews_url, archive_url=archive_url, text=text, apa=apa, bibtex=bib,
    )  # fmt: skip
