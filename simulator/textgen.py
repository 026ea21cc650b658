"""Deterministic Vietnamese article text from the phrase banks: title, lead, paragraphs, citations."""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from simulator.banks import Banks, Directive, Province, Topic

DIRECTIVE_COUNT_WEIGHTS = (30, 35, 25, 10)  # how many directives an article cites: 0, 1, 2, 3


@dataclass(frozen=True)
class ArticleText:
    """The generated text of one article and the ground truth it carries."""

    topic: str
    title: str
    summary: str
    paragraphs: list[str]
    author: str
    directive_keys: list[str]
    implements: list[tuple[str, str]] = field(default_factory=list)  # (plan key, document key) the text states


def _vn_int(n: int) -> str:
    """Vietnamese thousands separator: 1234567 -> "1.234.567"."""
    return f"{n:,}".replace(",", ".")


def _plan_period(rng: random.Random, year: int) -> str:
    """A five- or ten-year plan period containing `year`, spaced as portals write it: "2021 - 2030"."""
    span = rng.choice((5, 10))
    start = 2011 + span * ((year - 2011) // span)
    return f"{start}{rng.choice((' - ', '-', ' – '))}{start + span - 1}"


def _numbers(rng: random.Random) -> dict[str, str]:
    """Fresh figures for one sentence: small count, count, large count (1.234), percentage (45,6)."""
    return {
        "n1": str(rng.randint(2, 30)),
        "n2": str(rng.randint(11, 980)),
        "n3": _vn_int(rng.randint(1_200, 250_000)),
        "pct": f"{rng.randint(12, 99)},{rng.randint(1, 9)}",
    }


def _context(rng: random.Random, banks: Banks, province: Province, published: datetime) -> dict[str, str]:
    past = published - timedelta(days=rng.randint(3, 60))
    past_year = max(2008, published.year - rng.randint(1, 3))
    return {
        **_numbers(rng),
        "province": province.name,
        "province_full": province.full,
        "org": rng.choice(banks.orgs),
        "year": str(published.year),
        "past_year": str(past_year),
        "range": _plan_period(rng, published.year),
        "phone": rng.choice(banks.phones),
        "date_past": f"{past.day}/{past.month}/{past.year}",
    }


def _eligible(banks: Banks, topic: Topic, published: datetime) -> list[Directive]:
    day = published.date()
    ok = [d for d in banks.directives if d.valid_from <= day and (d.valid_until is None or day <= d.valid_until)]
    on_topic = [d for d in ok if topic.name in d.topics]
    return on_topic + [d for d in ok if d not in on_topic and not on_topic]


def _sentences(rng: random.Random, pool: tuple[str, ...], k: int, ctx: dict[str, str]) -> list[str]:
    picked = rng.sample(pool, min(k, len(pool)))
    return [s.format_map({**ctx, **_numbers(rng)}) for s in picked]


PLAN_SHARE = 3  # a province has its own plan for 2 of 3 central documents; 1 in 3 articles citing it names it


def _plan(banks: Banks, province: Province, directive: Directive, cite: str,
          published: datetime) -> tuple[str, str] | None:
    """The sentence naming the province's plan for a central document, and the plan's key; None when this article
    does not name one. Drawn from a hash, not from `rng`: the rest of the text stays as it was."""
    party = directive.key.endswith("/TW")
    if not (party or directive.key.endswith(("-TTg", "-CP"))):
        return None  # a local document or a letter: no provincial plan of its own
    h = zlib.crc32(f"{province.code}|{directive.key}".encode())
    issued = directive.valid_from + timedelta(days=20 + (h >> 12) % 100)
    if h % PLAN_SHARE == 0 or published.date() < issued or (int(published.timestamp()) // 60) % PLAN_SHARE:
        return None
    number = 100 + (h >> 4) % 800
    templates = banks.plan_party if party else banks.plan_state
    key = f"{number}-KH/TU" if party else f"{number}/KH-UBND"
    text = templates[(h >> 20) % len(templates)].format(
        plan=number, plan_date=f"{issued.day}/{issued.month}/{issued.year}", cite=cite)
    return text, key


def generate(rng: random.Random, banks: Banks, province: Province, published: datetime) -> ArticleText:
    """Draw one article's text; every random choice comes from `rng`, so equal seeds give equal text."""
    topic = rng.choice(banks.topics)
    ctx = _context(rng, banks, province, published)
    title = rng.choice(topic.titles).format_map(ctx)
    summary = rng.choice(topic.summaries).format_map(ctx)

    body = _sentences(rng, topic.sentences, rng.randint(5, 9), ctx)
    body += _sentences(rng, banks.generic, rng.randint(2, 4), ctx)
    rng.shuffle(body)
    sizes = [rng.randint(1, 3) for _ in body]
    paragraphs: list[str] = []
    i = 0
    for size in sizes:
        if i >= len(body):
            break
        paragraphs.append(" ".join(body[i : i + size]))
        i += size

    eligible = _eligible(banks, topic, published)
    n_dir = rng.choices(range(len(DIRECTIVE_COUNT_WEIGHTS)), weights=DIRECTIVE_COUNT_WEIGHTS)[0]
    chosen = rng.sample(eligible, min(n_dir, len(eligible)))
    plans: list[tuple[str, str]] = []
    for j, directive in enumerate(chosen):
        cite = rng.choice(directive.forms).format_map(ctx)
        first = rng.choice(banks.directive_first).format_map({**ctx, "cite": cite})
        paragraphs.insert(min(j, len(paragraphs)), first)
        plan = _plan(banks, province, directive, cite, published)
        if plan is not None:
            paragraphs[min(j, len(paragraphs) - 1)] += " " + plan[0]
            plans.append((plan[1], directive.key))
        if directive.loose and rng.random() < 0.5:
            again = rng.choice(banks.directive_again).format_map({**ctx, "loose": rng.choice(directive.loose)})
            paragraphs.insert(rng.randint(j + 1, len(paragraphs)), again)

    return ArticleText(
        topic=topic.name,
        title=title,
        summary=summary,
        paragraphs=paragraphs,
        author=rng.choice(banks.authors),
        directive_keys=[d.key for d in chosen] + [p for p, _ in plans if p not in {d.key for d in chosen}],
        implements=plans,
    )
