"""The Article record every stage exchanges, and the directive reference it carries."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Regime = Literal["party", "legal", "admin", "letter"]
_SCOPED = re.compile(r"([a-z]+(?:-[a-z]+)*):(.+)")  # unit codes are slugs without digits; keys start with a digit


def scoped_key(scope: str, key: str) -> str:
    """A local document's key prefixed with its issuing unit: ("lao-cai", "377/KH-UBND") -> "lao-cai:377/KH-UBND"."""
    return f"{scope}:{key}"


def split_scope(key: str) -> tuple[str | None, str]:
    """ "lao-cai:377/KH-UBND" -> ("lao-cai", "377/KH-UBND"); an unscoped key ("12/KH-LN:STTTT") -> (None, key)."""
    m = _SCOPED.fullmatch(key)
    return (m[1], m[2]) if m else (None, key)


class DirectiveRef(BaseModel):
    """One document an article cites, e.g. "Chỉ thị số 20-CT/TW ngày 5/11/2012"."""

    model_config = ConfigDict(frozen=True)

    key: str = Field(description='Normalised number and symbol: "20-CT/TW", "27/QĐ-TTg", "20/2021/NĐ-CP"; a local '
                     'document is prefixed with its unit: "lao-cai:377/KH-UBND" (docs/metadata.md).')
    regime: Regime = Field(description="party (20-CT/TW), legal (20/2021/NĐ-CP), admin (27/QĐ-TTg), letter.")
    doc_type: str | None = Field(default=None, description='Type abbreviation: "CT", "QĐ", "NĐ", "KH"…')
    doc_type_name: str | None = Field(default=None, description='Type in words: "Chỉ thị", "Quyết định"…')
    issuer: str | None = Field(default=None, description='Issuer abbreviation: "TW", "TTg", "CP", "UBND"…')
    issuer_name: str | None = Field(default=None, description='Issuer in words: "Bộ Chính trị"…')
    number: str = Field(description='The number part as written, without zero padding: "20", "1971".')
    year: int | None = Field(default=None, description="Year in the number (legal regime) or of the issue date.")
    issued: date | None = Field(default=None, description='Issue date when the text or registry gives one.')
    title: str | None = Field(default=None, description="Title from config/directives.yaml when known.")
    scope: str | None = Field(default=None, description='Issuing unit of a local document (unit code, "lao-cai").')


ImplementVerb = Literal["thực hiện", "triển khai", "quán triệt", "cụ thể hóa", "căn cứ"]
PageKind = Literal["article", "notice"]


class Implementation(BaseModel):
    """One implementing relation stated in the text: `doc` is issued to carry out (or on the basis of) `target`.

    E.g. "Kế hoạch số 48-KH/TU … thực hiện Chỉ thị số 20-CT/TW": doc "nghe-an:48-KH/TU", target "20-CT/TW".
    Keys are DirectiveRef keys (central keys national, local keys scoped by their unit).
    """

    model_config = ConfigDict(frozen=True)

    doc: str = Field(description="Key of the implementing document (a DirectiveRef key).")
    target: str = Field(description="Key of the document it implements (a DirectiveRef key).")
    verb: ImplementVerb = Field(description="How the text states the relation.")
    sentence: str = Field(description="The sentence of the article that states it.")


class Article(BaseModel):
    """One cleaned article: what the cleaner produces and the indexer stores."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Stable hash of the canonical URL (core.ids.article_id).")
    url: str
    canonical_url: str
    source_id: str | None = None
    title: str
    published: datetime | None = Field(default=None, description="Aware datetime, Asia/Ho_Chi_Minh.")
    author: str | None = None
    body: str = Field(description="Clean text; paragraphs separated by one blank line.")
    summary: str | None = Field(default=None, description="The lead (sapo) when the page has one.")
    province: str | None = Field(default=None, description="Current (post-1/7/2025) unit code.")
    province_at_publication: str | None = Field(
        default=None, description="Unit code at publication time, when it differs from `province`."
    )
    provinces_mentioned: list[str] = Field(default_factory=list, description="Current unit codes.")
    directives: list[DirectiveRef] = Field(default_factory=list)
    implements: list[Implementation] = Field(
        default_factory=list, description="Implementing relations between documents the text states (cleaner)."
    )
    kind: PageKind = Field(default="article", description='"notice": a short notice whose content is an attachment.')
    truncated: bool = Field(
        default=False, description="The page's text or markup was cut (mid-word end, short body, unclosed block)."
    )
    minhash: str = Field(
        default="",
        description="MinHash of the body's word 3-shingles (base64 of 128 uint32, indexer.neardup): set at extraction"
        " (crawler.sink.extract_page), computed by the indexer when missing or malformed; empty for bodies too short"
        " to compare.",
    )
    dup_group: str | None = Field(
        default=None,
        description="Near-duplicate group: the id of the first-indexed article of the group (its own id when alone);"
        " set by the indexer on upsert.",
    )
    fetched_at: datetime | None = None
    language: str = "vi"
    platform: str | None = Field(default=None, description="Portal family the page was read as.")
