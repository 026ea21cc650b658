"""Canonical sanity: a <link rel=canonical> to the home page, a listing, or a URL another page already claimed
does not get to merge articles (five articles whose canonical was "/" once became one)."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.article import Article
from core.ids import article_id, canonical_url
from crawler.links import LinkRules


@dataclass
class CanonicalGuard:
    """Re-keys an article to its own page URL when its canonical cannot be trusted; remembers claims per run."""

    claims: dict[str, str] = field(default_factory=dict)  # canonical URL -> the page URL that claimed it first

    def reason(
        self, article: Article, page_url: str, rules: LinkRules | None, prior: str | None = None
    ) -> str | None:
        """Why the article's canonical is ignored ("home", "listing", "shared"), or None when it is fine.

        `prior` is the page an earlier run settled under the canonical's id (from the crawl state).
        """
        page = canonical_url(page_url)
        canon = article.canonical_url
        if canon == page:
            return None
        if rules is not None:
            source = rules.source
            homes = {canonical_url(u) for u in [source.base_url, *source.start_urls]}
            if canon in homes or canon.split("?", 1)[0].rstrip("/").count("/") <= 2:
                return "home"
            if rules.classify(canon) == "listing":
                return "listing"
        first = self.claims.setdefault(canon, prior or page)
        return "shared" if first != page else None

    def check(
        self, article: Article, page_url: str, rules: LinkRules | None, prior: str | None = None
    ) -> tuple[Article, str | None]:
        """The article (re-keyed to `page_url` when its canonical is ignored) and the reason, if any."""
        why = self.reason(article, page_url, rules, prior)
        if why is None:
            return article, None
        own = canonical_url(page_url)
        return article.model_copy(update={"id": article_id(own), "canonical_url": own}), why
