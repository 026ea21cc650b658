"""cleaner.extract: one raw page in, one Article out (pure: no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from lxml import html

from cleaner import authors, dates, directives, legacy, relations, truncation
from cleaner.adapters import Adapter, PageFields, adapter_for, detect_platform
from cleaner.bounds import cut_bytes, cut_text, last_element, prune
from cleaner.classify import judge, link_profile, without_article
from cleaner.config import CleanerConfig, bundled
from cleaner.decode import decode_html
from cleaner.dom import paragraphs, parse_page, strip_boilerplate, text_of
from cleaner.errors import NotAnArticle
from cleaner.generic import GenericAdapter
from cleaner.memory import BoilerplateMemory
from cleaner.rules import Rules
from cleaner.textrepair import repair_title
from cleaner.titles import page_title
from core.article import Article
from core.ids import article_id, canonical_url
from core.limits import Limits
from core.source import Source

MIN_BODY_WORDS = 20  # fewer words (with no lead) is "no usable body"
ERROR_PAGE_WORDS = 30  # an error string in a page whose cleaned body is shorter than this: an error page
SHORT_BODY_WORDS = 50  # an adapter body this short is compared with what the generic extractor finds
DEFER_FACTOR = 3
DEFAULT_LIMITS = Limits()


def _key(text: str) -> str:
    """Cheap comparison key: lower-cased, whitespace-collapsed (input is already NFC)."""
    return " ".join(text.lower().split())


def canonical_of(doc: html.HtmlElement, url: str) -> str:
    """<link rel=canonical> when it stays on the page's host, else the URL itself; normalised."""
    head = doc.find("head")
    for link in head.iter("link") if head is not None else ():
        if link.get("rel") != "canonical" or not link.get("href"):
            continue
        href = urljoin(url, link.get("href", "").strip())
        if urlsplit(href).hostname and urlsplit(href).hostname == urlsplit(url).hostname:
            return canonical_url(href)
    return canonical_url(url)


def _run_generic(doc: html.HtmlElement, url: str, rules: Rules) -> PageFields:
    generic = GenericAdapter(doc, url)
    body_el = doc.find("body")
    strip_boilerplate(body_el if body_el is not None else generic.root, rules)  # keep <head>: titles live there
    return generic.read()


def _words(node: html.HtmlElement | None) -> int:
    return len(node.text_content().split()) if node is not None else 0


def _disjoint(a: html.HtmlElement, b: html.HtmlElement) -> bool:
    """Neither node contains the other."""
    return all(x is not a for x in b.iterancestors()) and all(x is not b for x in a.iterancestors()) and a is not b


def _read(doc: html.HtmlElement, url: str, platform: str, rules: Rules) -> tuple[PageFields, str, bool]:
    """Fields by the platform adapter; the generic extractor fills what the adapter could not find.

    An adapter cannot lose an article: when its body node holds little text (under SHORT_BODY_WORDS) and the
    generic extractor finds, elsewhere on the page, a block with DEFER_FACTOR times more, that block is the body
    (a WebForms error panel or an empty web part matched the adapter's selector; the article sat beside it).
    The flag says whether the adapter found the article's title element itself (not the generic guess).
    """
    cls: type[Adapter] | None = adapter_for(platform)
    fields = cls(doc, url).read() if cls else PageFields()
    titled = bool(fields.title)
    if fields.listing:
        return fields, platform, titled
    own = _words(fields.body)
    if fields.body is not None and own >= SHORT_BODY_WORDS:
        return fields, platform, titled
    found = _run_generic(doc, url, rules)
    if fields.body is not None:
        theirs = _words(found.body)
        if (found.body is None or found.listing or theirs < max(DEFER_FACTOR * own, MIN_BODY_WORDS)
                or not _disjoint(found.body, fields.body)):
            return fields, platform, titled
    fields.body = found.body
    fields.listing = found.listing
    fields.title = fields.title or found.title
    fields.date_candidates = fields.date_candidates or found.date_candidates
    fields.lead = fields.lead or found.lead
    return fields, platform if cls else "generic", titled


def _check_error(doc: html.HtmlElement, title: str, body_words: int, body: html.HtmlElement | None,
                 rules: Rules) -> None:
    """NotAnArticle when the error is the page: the title says so, or the page has no article text and an error
    string stands in it (short: in the body we read). An error label in a side widget beside an article is not."""
    head_title = doc.find(".//title")
    for text in (title, text_of(head_title) if head_title is not None else ""):
        hit = rules.error_hit(text) if len(text) <= 100 else None
        if hit:
            raise NotAnArticle(f"error page: title says {hit!r}")
    if body_words < ERROR_PAGE_WORDS:
        where = body if body_words and body is not None else doc.find("body")
        hit = rules.error_hit(text_of(where)[:5000]) if where is not None else None
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
    limits: Limits = DEFAULT_LIMITS,
    cut: bool = False,
    config: CleanerConfig | None = None,
) -> Article:
    """Turn one raw page into an Article; raise NotAnArticle for error, listing and empty pages.

    `memory` drops paragraphs it has learnt are template text of the page's host; `platform` forces an adapter
    ("generic" forces the density extractor), else the source's platform, else detection decides.
    `limits` caps the page's bytes and elements (docs/cleaner.md "Caps"); `cut` says the page arrived shorter
    than it was sent (the crawler saw data loss). Either cut inside the article sets `Article.truncated`.
    `config` holds the config directory's provinces and directives and the boilerplate rules
    (CleanerConfig.load(settings.config_dir), built once by the entry point); without one, the config/ shipped
    with govnews.
    """
    config = config or bundled()
    rules = config.rules
    if isinstance(html_in, bytes):
        raw, capped = cut_bytes(html_in, limits.page_bytes)
        text = decode_html(raw)
    else:
        text, capped = cut_text(html_in, limits.page_bytes)
    if not text.strip():
        raise NotAnArticle("empty page")
    if platform is None:
        platform = source.platform if source and source.platform != "generic" else detect_platform(text, url)
    doc, too_deep = parse_page(text)
    doc, pruned = prune(doc, limits.dom_nodes)
    # where the markup stops, when it was cut: inside the article's body node means the article is cut
    stop = last_element(doc) if cut or capped or pruned or truncation.markup_unclosed(text) else None
    body_el = doc.find("body")

    def page_text() -> str:  # called by dates only when the date elements give no date (dates NFC it)
        return " ".join(body_el.text_content().split()) if body_el is not None else ""

    canonical = canonical_of(doc, url)
    links = link_profile(doc, url)  # before the adapters strip the page's menus and lists

    fields, platform, titled = _read(doc, url, platform, rules)
    if fields.listing:
        raise NotAnArticle(f"listing page ({platform} list of articles, no full content)", kind="listing")
    # An adapter's title element is the article's; a generic guess loses to the head title, which is checked
    # against the page's headings (cleaner.titles.page_title).
    head_title = page_title(doc, rules, fields.body) if platform == "generic" or not fields.title else None
    best_title = fields.title if platform != "generic" else head_title or fields.title
    title = repair_title(best_title or head_title or "")
    title = legacy.repair_by_page(title, lambda: fields.body.text_content() if fields.body is not None else "")
    paras: list[str] = []
    if fields.body is not None:
        strip_boilerplate(fields.body, rules, body=True, platform=platform)
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
    author, paras = authors.split_author(paras)
    for hint in fields.author_hints if not author else []:
        author = authors.split_author([hint])[0]  # the same judgement: "admin admin" or "Ban biên tập" is no author
        if author:
            break
    body = "\n\n".join(paras)
    words = len(body.split())
    _check_error(doc, title, words, fields.body, rules)
    if not title:
        raise NotAnArticle(*without_article("no title", links, titled=False))
    # A platform adapter that found the article's own body node may yield a short notice ("Xem file đính kèm");
    # a generic guess needs more text before it is trusted.
    floor = 1 if fields.body is not None and platform != "generic" and fields.title else MIN_BODY_WORDS
    if words < floor and not (lead and len(lead.split()) >= floor):
        raise NotAnArticle(*without_article(f"no usable body ({words} words)", links,
                                            titled=titled))

    now = now or datetime.now(UTC)
    published = dates.pick_published(
        fields.date_candidates, url=url, page_text=page_text, now=now,
        not_before=source.founded if source else None,
    )
    verdict = judge(title, paras, links, canonical, titled=titled)
    if verdict.kind == "listing":
        raise NotAnArticle(f"{verdict.kind} page: {verdict.reason}", kind=verdict.kind)
    code = source.province if source and source.province else config.places.from_url(url)
    province, at_pub = config.places.resolve(code, published)
    truncated = too_deep or truncation.cut_inside(stop, fields.body) or truncation.ends_mid_sentence(paras)
    full = "\n\n".join(x for x in (title, lead or "", body) if x)
    trusted = truncation.trusted_text(full, truncated)  # no document key is read from a cut tail
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
        provinces_mentioned=config.places.mentioned(full),
        directives=directives.extract_directives(trusted, at_pub or code, citations=config.citations),
        implements=relations.extract_implements(trusted, at_pub or code, citations=config.citations),
        truncated=truncated,
        fetched_at=fetched_at,
        platform=platform,
        kind="notice" if verdict.kind == "notice" else "article",
    )
