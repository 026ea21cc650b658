"""cleaner.extract: one raw page in, one Article out (pure: no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from lxml import html

from cleaner import meta
from cleaner.adapters import Adapter, PageFields, adapter_for, detect_platform
from cleaner.decode import decode_html
from cleaner.dom import paragraphs, parse, strip_boilerplate, text_of
from cleaner.errors import NotAnArticle
from cleaner.generic import GenericAdapter
from cleaner.memory import BoilerplateMemory
from cleaner.rules import Rules, load_rules
from cleaner.textrepair import repair_text
from cleaner.titles import page_title
from core.article import Article
from core.ids import article_id, canonical_url
from core.source import Source

MIN_BODY_WORDS = 20  # fewer words (with no lead) is "no usable body"
ERROR_PAGE_WORDS = 30  # an error string in a page whose cleaned body is shorter than this: an error page


def _key(text: str) -> str:
    """Cheap comparison key: lower-cased, whitespace-collapsed (input is already NFC)."""
    return " ".join(text.lower().split())


def canonical_of(doc: html.HtmlElement, url: str) -> str:
    """<link rel=canonical> when it stays on the page's host, else the URL itself; normalised."""
    for link in doc.xpath("//link[@rel='canonical'][@href]"):
        href = urljoin(url, link.get("href", "").strip())
        if urlsplit(href).hostname and urlsplit(href).hostname == urlsplit(url).hostname:
            return canonical_url(href)
    return canonical_url(url)


def _read(doc: html.HtmlElement, url: str, platform: str) -> tuple[PageFields, str]:
    """Fields by the platform adapter; the generic extractor fills what the adapter could not find."""
    cls: type[Adapter] | None = adapter_for(platform)
    fields = cls(doc, url).read() if cls else PageFields()
    if fields.listing:
        return fields, platform
    if fields.body is None:
        generic = GenericAdapter(doc, url)
        body_el = doc.find("body")
        strip_boilerplate(body_el if body_el is not None else generic.root)  # keep <head>: titles live there
        found = generic.read()
        fields.body = found.body
        fields.listing = found.listing
        fields.title = fields.title or found.title
        fields.date_candidates = fields.date_candidates or found.date_candidates
        fields.lead = fields.lead or found.lead
        platform = platform if cls else "generic"
    return fields, platform


def _check_error(doc: html.HtmlElement, title: str, body_words: int, rules: Rules) -> None:
    head_title = doc.find(".//title")
    for text in (title, text_of(head_title) if head_title is not None else ""):
        hit = rules.error_hit(text) if len(text) <= 100 else None
        if hit:
            raise NotAnArticle(f"error page: title says {hit!r}")
    if body_words < ERROR_PAGE_WORDS:
        body = doc.find("body")
        hit = rules.error_hit(text_of(body)[:5000]) if body is not None else None
        if hit:
            raise NotAnArticle(f"error page: {hit!r} in a page with {body_words} body words")


def extract(
    html_in: bytes | str,
    url: str,
    source: Source | None = None,
    *,
    fetched_at: datetime | None = None,
    now: datetime | None = None,
    memory: BoilerplateMemory | None = None,
    platform: str | None = None,
) -> Article:
    """Turn one raw page into an Article; raise NotAnArticle for error, listing and empty pages.

    `memory` drops paragraphs it has learnt are template text of the page's host; `platform` forces an adapter
    ("generic" forces the density extractor), else the source's platform, else detection decides.
    """
    rules = load_rules()
    text = decode_html(html_in) if isinstance(html_in, bytes) else html_in
    if not text.strip():
        raise NotAnArticle("empty page")
    if platform is None:
        platform = source.platform if source and source.platform != "generic" else detect_platform(text, url)
    doc = parse(text)
    body_el = doc.find("body")
    page_text = " ".join(body_el.text_content().split()) if body_el is not None else ""  # dates NFC it
    canonical = canonical_of(doc, url)

    fields, platform = _read(doc, url, platform)
    if fields.listing:
        raise NotAnArticle(f"listing page ({platform} list of articles, no full content)")
    # An adapter's title element is the article's; a generic guess loses to the head title, which is checked
    # against the page's headings (cleaner.titles.page_title).
    head_title = page_title(doc, rules, fields.body) if platform == "generic" or not fields.title else None
    best_title = fields.title if platform != "generic" else head_title or fields.title
    title = repair_text(best_title or head_title or "").strip()
    paras: list[str] = []
    if fields.body is not None:
        strip_boilerplate(fields.body, rules, body=True)
        paras = paragraphs(fields.body, rules)
    if memory is not None:
        paras = memory.filter(urlsplit(url).hostname or "", paras)
    lead = fields.lead
    if lead and paras and _key(paras[0]) == _key(lead):
        paras = paras[1:]
    if paras and title and _key(paras[0]) == _key(title):
        paras = paras[1:]
    hints = {_key(h) for h in fields.author_hints}
    paras = [p for p in paras if not hints or _key(p) not in hints]
    author, paras = meta.split_author(paras)
    for hint in fields.author_hints if not author else []:
        author = meta.split_author([hint])[0]  # the same judgement: "admin admin" or "Ban biên tập" is no author
        if author:
            break
    body = "\n\n".join(paras)
    words = len(body.split())
    _check_error(doc, title, words, rules)
    if not title:
        raise NotAnArticle("no title")
    # A platform adapter that found the article's own body node may yield a short notice ("Xem file đính kèm");
    # a generic guess needs more text before it is trusted.
    floor = 1 if fields.body is not None and platform != "generic" and fields.title else MIN_BODY_WORDS
    if words < floor and not (lead and len(lead.split()) >= floor):
        raise NotAnArticle(f"no usable body ({words} words)")

    now = now or datetime.now(UTC)
    published = meta.pick_published(
        fields.date_candidates, url=url, page_text=page_text, now=now,
        not_before=source.founded if source else None,
    )
    province, at_pub = meta.province_of(source.province if source else None, url, published)
    full = "\n\n".join(x for x in (title, lead or "", body) if x)
    return Article(
        id=article_id(canonical),
        url=url,
        canonical_url=canonical,
        source_id=source.id if source else None,
        title=title,
        published=published,
        author=author,
        body=body,
        summary=lead or None,
        province=province,
        province_at_publication=at_pub,
        provinces_mentioned=meta.provinces(full),
        directives=meta.cited_directives(full),
        fetched_at=fetched_at,
        platform=platform,
    )
