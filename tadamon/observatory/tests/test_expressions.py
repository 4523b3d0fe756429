"""The observatory's formula language: the trees it builds, every error with its
position in Arabic and French, evaluation, and SQL that agrees with evaluation on
both databases."""

from __future__ import annotations

import pytest
from django.db import connection

from tadamon.errors import DomainError
from tadamon.observatory.expressions import (
    Binary,
    Element,
    Negative,
    Number,
    elements,
    evaluate,
    parse,
    to_sql,
)

a, b, c = Element("a"), Element("b"), Element("c")


# ---------------------------------------------------------------- trees


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("a + b * c", Binary("+", a, Binary("*", b, c))),
        ("a * b + c", Binary("+", Binary("*", a, b), c)),
        ("a - b / c", Binary("-", a, Binary("/", b, c))),
        ("(a + b) * c", Binary("*", Binary("+", a, b), c)),
        # Left to right among equals: (a - b) - c and (a / b) / c, not a - (b - c).
        ("a - b - c", Binary("-", Binary("-", a, b), c)),
        ("a / b / c", Binary("/", Binary("/", a, b), c)),
        ("a / b * c", Binary("*", Binary("/", a, b), c)),
        ("((a))", a),
        ("  a+b  ", Binary("+", a, b)),
        ("2.5 * 10000", Binary("*", Number(2.5), Number(10000.0))),
    ],
)
def test_operators_bind_as_in_arithmetic(text, tree):
    assert parse(text) == tree


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("-a", Negative(a)),
        ("--a", Negative(Negative(a))),
        # Unary minus binds tighter than * and /: (-a) * b.
        ("-a * b", Binary("*", Negative(a), b)),
        ("a - -b", Binary("-", a, Negative(b))),
        ("a * -b", Binary("*", a, Negative(b))),
        ("-(a + b)", Negative(Binary("+", a, b))),
        ("-3", Negative(Number(3.0))),
    ],
)
def test_unary_minus(text, tree):
    assert parse(text) == tree


def test_unary_minus_changes_the_value_where_it_stands():
    values = {"a": 2.0, "b": 5.0}
    assert evaluate(parse("-a + b"), lambda e: values[e.name]) == 3.0
    assert evaluate(parse("-(a + b)"), lambda e: values[e.name]) == -7.0
    assert evaluate(parse("a - -b"), lambda e: values[e.name]) == 7.0


@pytest.mark.parametrize(
    ("text", "element"),
    [
        ("members[sex=female]", Element("members", (("sex", "female"),))),
        ("jobs[year=-1]", Element("jobs", (("year", "-1"),))),
        ("jobs[year=0]", Element("jobs", (("year", "0"),))),
        (
            "organizations[ legal_form = cooperative , year=-2 ]",
            Element("organizations", (("legal_form", "cooperative"), ("year", "-2"))),
        ),
        ("census.illiteracy_rate_10_plus", Element("census.illiteracy_rate_10_plus")),
    ],
)
def test_selectors_are_read_in_order(text, element):
    assert parse(text) == element


def test_an_element_knows_its_selectors_and_writes_itself_back():
    element = parse("members[sex=female, year=-1]")
    assert element.selector("sex") == "female"
    assert element.selector("year") == "-1"
    assert element.selector("age") is None
    assert element.text() == "members[sex=female, year=-1]"
    assert parse(element.text()) == element


def test_elements_lists_every_element_read_in_order():
    node = parse("jobs - jobs[year=-1] + -members / (population * 2)")
    assert [e.text() for e in elements(node)] == [
        "jobs",
        "jobs[year=-1]",
        "members",
        "population",
    ]


# ---------------------------------------------------------------- errors


def failure(text: str) -> DomainError:
    with pytest.raises(DomainError) as caught:
        parse(text)
    return caught.value


def assert_at(error: DomainError, text: str, position: int) -> None:
    """The error names the 1-based position in both languages, with the formula."""
    assert error.code == "formula_invalid"
    assert error.field == "formula"
    assert f"في الموضع {position + 1} من الصيغة «{text}»" in error.message_ar
    assert f"à la position {position + 1} de la formule « {text} »" in error.message_fr


@pytest.mark.parametrize(
    ("text", "position", "character"),
    [
        ("members # 2", 8, "#"),
        ("members ^ 2", 8, "^"),
        ("a + b;", 5, ";"),
        ("a % b", 2, "%"),
        # Arabic letters are not names in the language: a user who types one is told where.
        ("الأعضاء / 2", 0, "ا"),
        ("members × 2", 8, "×"),
        ("1.", 1, "."),
    ],
)
def test_an_unknown_character_is_named_with_its_position(text, position, character):
    error = failure(text)
    assert_at(error, text, position)
    assert f"رمز غير مقبول «{character}»" in error.message_ar
    assert f"caractère non admis « {character} »" in error.message_fr


def test_an_unclosed_parenthesis_points_at_the_end():
    text = "(members + jobs"
    error = failure(text)
    assert_at(error, text, len(text))
    assert "كان منتظرا «)» ووجد «نهاية الصيغة»" in error.message_ar
    assert "« ) » attendu, « la fin de la formule » trouvé" in error.message_fr


def test_a_parenthesis_closed_by_something_else_names_it():
    text = "(members + jobs]"
    error = failure(text)
    assert_at(error, text, 15)
    assert "كان منتظرا «)» ووجد «]»" in error.message_ar
    assert "« ) » attendu, « ] » trouvé" in error.message_fr


def test_a_closing_parenthesis_too_many_is_trailing_text():
    text = "members + jobs)"
    error = failure(text)
    assert_at(error, text, 14)
    assert "بقية غير مفهومة «)»" in error.message_ar
    assert "suite inattendue « ) »" in error.message_fr


@pytest.mark.parametrize(
    ("text", "position", "rest"), [("members jobs", 8, "jobs"), ("2 3", 2, "3")]
)
def test_trailing_text_is_refused_where_it_starts(text, position, rest):
    error = failure(text)
    assert_at(error, text, position)
    assert f"بقية غير مفهومة «{rest}»" in error.message_ar
    assert f"suite inattendue « {rest} »" in error.message_fr


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_an_empty_formula_is_refused(text):
    error = failure(text)
    assert error.code == "formula_empty"
    assert error.message_ar == "الصيغة فارغة"
    assert error.message_fr == "La formule est vide"


@pytest.mark.parametrize(
    ("text", "position"),
    [("members +", 9), ("members * ()", 11), ("* members", 0), ("members - ", 10)],
)
def test_a_missing_operand_is_named(text, position):
    error = failure(text)
    assert_at(error, text, position)
    assert "كان منتظرا عدد أو عنصر بيانات" in error.message_ar
    assert "un nombre ou un élément de données attendu" in error.message_fr


def test_a_repeated_selector_is_refused_at_its_second_use():
    text = "members[sex=female, sex=male]"
    error = failure(text)
    assert_at(error, text, 20)
    assert "التفصيل «sex» مكرر" in error.message_ar
    assert "la ventilation « sex » est répétée" in error.message_fr


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("jobs[year=1.5]", 10),
        ("jobs[year=-x]", 11),
        ("jobs[year=]", 10),
        ("jobs[sex=-female]", 10),
        ("jobs[year=-]", 11),
    ],
)
def test_a_bad_selector_value_is_refused_where_it_stands(text, position):
    error = failure(text)
    assert_at(error, text, position)
    assert "كانت منتظرة قيمة تفصيل (اسم أو عدد صحيح)" in error.message_ar
    assert "une valeur de ventilation attendue (un nom ou un entier)" in error.message_fr


@pytest.mark.parametrize(("text", "position"), [("members[=female]", 8), ("members[2=x]", 8)])
def test_a_selector_without_a_name_is_refused(text, position):
    error = failure(text)
    assert_at(error, text, position)
    assert "كان منتظرا اسم تفصيل" in error.message_ar
    assert "un nom de ventilation attendu" in error.message_fr


@pytest.mark.parametrize(
    ("text", "position", "found"),
    [("members[sex female]", 12, "female"), ("members[sex=female", 18, "نهاية الصيغة")],
)
def test_an_unfinished_selector_says_what_was_expected(text, position, found):
    error = failure(text)
    assert_at(error, text, position)
    assert f"ووجد «{found}»" in error.message_ar


# ---------------------------------------------------------------- evaluation


def value_from(values: dict[str, float | None]):
    return lambda element: values[element.text()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a + b * c", 2 + 3 * 5),
        ("a - b - c", 2 - 3 - 5),
        ("a / b / c", 2 / 3 / 5),
        ("(a + b) / c * 100", (2 + 3) / 5 * 100),
        ("-a * b", -6),
        ("a[year=-1]", 7),
    ],
)
def test_evaluate_computes_the_tree(text, expected):
    values = {"a": 2.0, "b": 3.0, "c": 5.0, "a[year=-1]": 7.0}
    assert evaluate(parse(text), value_from(values)) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["a + b", "b - a", "a * b", "b / a", "-b", "(a + 1) * (b + 1)"])
def test_a_missing_element_makes_the_whole_formula_missing(text):
    # A missing figure is not zero: 0 would turn "not published" into a real-looking value.
    assert evaluate(parse(text), value_from({"a": 4.0, "b": None})) is None


@pytest.mark.parametrize("text", ["a / b", "a / (c - c)", "(a / b) + c", "-(a / b)", "1 / 0"])
def test_a_division_by_zero_has_no_value(text):
    assert evaluate(parse(text), value_from({"a": 4.0, "b": 0.0, "c": 3.0})) is None


def test_zero_divided_is_zero_not_missing():
    assert evaluate(parse("b / a"), value_from({"a": 4.0, "b": 0.0})) == 0.0


# ---------------------------------------------------------------- SQL


SAMPLE_ROWS = [
    # a, b, c (integers, as the declaration's counts are), d (a money column)
    (7, 2, 3, 10.5),
    (1, 3, 0, 0.25),
    (0, 0, 0, 0.0),
    (5, None, 2, 1.0),
    (None, 4, 4, None),
    (-3, 7, 9, 2.5),
    (100000, 3, 1, 1479760000000.0),
]
FORMULAS = [
    "a + b * c",
    "a - b - c",
    "(a + b) * c",
    "a / b",  # 7 / 2 must be 3.5 in SQL too, not the integer 3
    "a / b / c",
    "a / b * c",
    "-a * b",
    "a - -b",
    "-(a - b) / c",
    "a / (b - c)",
    "(a + b) / (c * 1)",
    "d / a * 100",
    "(d + a) / 10000",
    "1 / 3 + a",
    "2.5 * c - 0.5",
    "--a",
]


def sql_value(formula: str, row: tuple) -> float | None:
    expression = to_sql(parse(formula), lambda element: f"t.{element.name}")
    sql = (
        f"SELECT {expression} FROM (SELECT CAST(%s AS INTEGER) AS a, CAST(%s AS INTEGER) AS b, "
        "CAST(%s AS INTEGER) AS c, CAST(%s AS NUMERIC(16, 2)) AS d) t"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(row))
        (value,) = cursor.fetchone()
    return None if value is None else float(value)


@pytest.mark.django_db
@pytest.mark.parametrize("formula", FORMULAS)
def test_to_sql_agrees_with_evaluate_on_sample_rows(formula):
    node = parse(formula)
    for row in SAMPLE_ROWS:
        values = dict(zip("abcd", row, strict=True))
        expected = evaluate(node, lambda element, values=values: values[element.name])
        got = sql_value(formula, row)
        if expected is None:
            assert got is None, (formula, row, got)
        else:
            assert got == pytest.approx(expected, rel=1e-9), (formula, row)


def test_to_sql_writes_numbers_itself_and_never_a_comment():
    # Numbers come from the tree, not the text; a minus before a minus stays apart,
    # so no "--" (an SQL comment) can appear.
    sql = to_sql(parse("a - -0002 - --b"), lambda element: element.name)
    assert "0002" not in sql and "2.0" in sql
    assert "--" not in sql


def test_to_sql_asks_the_caller_for_every_column():
    asked = []

    def column_of(element):
        asked.append(element.text())
        return "1"

    to_sql(parse("members[sex=female] / members + jobs"), column_of)
    assert asked == ["members[sex=female]", "members", "jobs"]


# ---------------------------------------------------------------- size


def test_nesting_is_limited_with_an_error_not_a_crash():
    # Python's recursion limit would otherwise end the parse with a stack trace
    # somewhere below 250 levels, inside a 500-character formula.
    text = "(" * 249 + "a" + ")" * 249
    error = failure(text)
    assert_at(error, text, 50)
    assert "متداخلة" in error.message_ar and "imbriquée" in error.message_fr
    minus = failure("-" * 300 + "a")
    assert minus.code == "formula_invalid"


def test_fifty_levels_of_nesting_are_read():
    node = parse("(" * 50 + "a" + ")" * 50)
    assert node == a
    assert evaluate(parse("-" * 50 + "a"), lambda element: 2.0) == 2.0


def test_a_formula_longer_than_any_field_is_refused():
    error = failure("a + " * 125 + "b")
    assert error.code == "formula_too_long"
    assert "500" in error.message_ar and "500" in error.message_fr


def test_the_longest_formula_allowed_evaluates_and_compiles():
    text = " + ".join(["a"] * 125)[:500]
    node = parse(text)
    assert evaluate(node, lambda element: 1.0) == 125
    assert to_sql(node, lambda element: "1").count("+") == 124
    assert len(list(elements(node))) == 125


@pytest.mark.django_db
def test_a_rule_side_longer_than_its_field_is_refused_in_arabic_and_french(analyst):
    from tadamon.observatory.models import ValidationRule
    from tadamon.observatory.services import save_rule

    left = " + ".join(["members_women"] * 25)  # 397 characters: a valid formula
    with pytest.raises(DomainError) as caught:
        save_rule(
            analyst,
            ValidationRule(),
            {
                "code": "long_rule",
                "name_ar": "قاعدة طويلة",
                "name_fr": "Règle longue",
                "left": left,
                "operator": "<=",
                "right": "members_total",
            },
        )
    assert caught.value.message_ar and caught.value.message_fr
