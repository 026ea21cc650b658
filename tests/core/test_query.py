"""core.query: the query language's grammar, the diacritics rule, and that no string makes it raise."""

from __future__ import annotations

import random

import pytest

from core.query import MAX_WORDS, All, AnyOf, Node, ParsedQuery, Unit, parse


def show(node: Node | None) -> str:
    """A compact rendering: words joined by "_", exact units in upper case, All as (...), AnyOf as [...|...]."""
    if node is None:
        return "-"
    if isinstance(node, Unit):
        text = "_".join(node.words)
        return text.upper() if node.exact else text
    inner = [show(p) for p in node.parts]
    return "(" + " ".join(inner) + ")" if isinstance(node, All) else "[" + "|".join(inner) + "]"


def shape(q: ParsedQuery) -> str:
    return show(q.root) + "".join(" -" + show(u) for u in q.exclude)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tre em", "(tre em)"),
        ("trẻ em", "(TRE EM)".replace("TRE", "TRẺ")),
        ('"chuyen doi so" dong', "(chuyen_doi_so dong)"),
        ("20-CT/TW", "20_ct_tw"),  # joined words are a phrase
        ("tre em -tet", "(tre em) -tet"),
        ('tre -"xam hai"', "tre -xam_hai"),
        ("tre em OR xam hai", "[(tre em)|(xam hai)]"),
        ("tre em (bao luc OR xam hai) -tet", "(tre em [(bao luc)|(xam hai)]) -tet"),
        ("(a OR b) (c OR d)", "([a|b] [c|d])"),
        ("a or b", "[a|b]"),  # a lower-case "or" between two operands is OR too
        ("tre em or xam hai", "[(tre em)|(xam hai)]"),
        ("or a", "(or a)"),  # elsewhere it is a word
        ("a or", "(a or)"),
        ("a or -b", "(a or) -b"),
        ('a "or" b', "(a or b)"),  # quoted, a word
        ("(a or b) c", "([a|b] c)"),
        ("OR a OR", "a"),  # a dangling OR is dropped
        ("a OR OR b", "[a|b]"),
        ("((a OR b))", "[a|b]"),  # deeper parentheses are ignored
        ("(a OR b", "[a|b]"),  # an unclosed group runs to the end
        ("a) b", "(a b)"),
        ('"open phrase', "open_phrase"),
        ("-", "-"),
        ("()", "-"),
        ('""', "-"),
        ("-tet -le", "- -tet -le"),
        ("title:tre AND x*", "(title_tre and x)"),
        ("(a -b OR c)", "[a|c] -b"),  # a negation inside a group still excludes everywhere
        ("tre -(tet OR le hoi)", "tre -[tet|(le hoi)]"),  # a negated group
        ("tre - (tet)", "(tre tet)"),  # a lone "-" is nothing
        ("tre (-tet -le)", "tre -tet -le"),
        ("tre -(-tet)", "tre"),
    ],
)
def test_grammar(text: str, expected: str) -> None:
    assert shape(parse(text)) == expected


def test_a_mark_on_a_positive_word_makes_every_positive_word_exact() -> None:
    q = parse("an toàn")
    assert q.marked
    assert [u.forms for u in q.units()] == [("an",), ("toàn",)]  # "an" stays bare: not ăn or ấn
    assert all(u.exact for u in q.units())
    assert parse("đi").marked  # đ is a mark too
    assert parse("tre em tết").units()[0].exact
    assert not parse("an toan").marked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tre em -tết", "(tre em) -TẾT"),  # the marked exclusion does not make "tre em" exact
        ("quan ly -quận", "(quan ly) -QUẬN"),
        ("trẻ em -tet", "(TRẺ EM) -tet"),  # a bare exclusion folds, even in a marked query
        ("tre -(tết OR le hoi)", "tre -[TẾT|(le hoi)]"),  # each unit of a negated group on its own
        ('tre -"lễ hội"', "tre -LỄ_HỘI"),
        ("tre (em -tết)", "(tre em) -TẾT"),  # a negation inside a group too
        ("-tết", "- -TẾT"),
    ],
)
def test_exclusions_are_exact_on_their_own_marks(text: str, expected: str) -> None:
    assert shape(parse(text)) == expected
    assert not parse(text).marked or any(u.exact for u in parse(text).units())


def test_only_positive_words_make_a_query_marked() -> None:
    assert not parse("tre em -tết").marked
    assert not parse("tre (em -tết)").marked
    assert parse("trẻ em -tet").marked


def test_the_switch_widens_the_positive_words_only() -> None:
    q = parse("bão -lụt -mua", fold_all=True)
    assert q.marked
    assert [u.forms for u in q.units()] == [("bao",)]
    assert q.exclude == (Unit(("lụt",), exact=True), Unit(("mua",), exact=False))
    assert q.exclude[0].forms == ("lụt",)


def test_a_lower_case_or_read_as_or_is_reported() -> None:
    assert parse("bao or lu").or_read
    assert parse("(bao or lu) mua").or_read
    assert not parse("bao OR lu").or_read
    assert not parse("bao or").or_read
    assert not parse('bao "or" lu').or_read


def test_old_and_new_tone_placement_are_one_word() -> None:
    assert parse("hoà thuỷ").units() == parse("hòa thủy").units()
    assert [u.words for u in parse("HOÀ quý").units()] == [("hòa",), ("quý",)]


def test_only_negations_and_empty() -> None:
    q = parse("-tết")
    assert q.root is None
    assert not q.empty
    assert parse("  ").empty
    assert parse("*** :: ()").empty


def test_near_words_are_the_top_level_single_words() -> None:
    assert [u.words for u in parse('chi thi 20 "so ke" -x').near_words()] == [("chi",), ("thi",), ("20",)]
    assert parse("a OR b").near_words() == []


def test_the_word_budget() -> None:
    q = parse(" ".join(f"w{i}" for i in range(500)))
    assert len(q.units()) == MAX_WORDS


ALPHABET = [
    *'abc đăâêôơư àáảãạ ÀẠ "()-:*?~^!\\/[]{}<>ORAND OR NOT \x00\u0301\u200b\ufeff\t\n💥字',
    "OR", " OR ", "-(", '-"', "title:", "20-CT/TW", "bão", "hoà",
]  # fmt: skip


def test_random_strings_never_raise() -> None:
    rng = random.Random(20261129)
    for _ in range(5000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        q = parse(text, fold_all=rng.random() < 0.3)
        units = [*q.units(), *ParsedQuery(AnyOf(q.exclude), (), False).units()]
        for unit in units:
            assert unit.words
            assert all(w == w.lower() and w for w in unit.words)
        assert len([w for u in units for w in u.words]) <= MAX_WORDS
        if isinstance(q.root, AnyOf):
            assert len(q.root.parts) > 1
