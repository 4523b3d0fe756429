"""The observatory's small formula language, parsed into a tree and never given to eval.

    formula  := term (("+" | "-") term)*
    term     := unary (("*" | "/") unary)*
    unary    := "-" unary | atom
    atom     := NUMBER | element | "(" formula ")"
    element  := NAME ("[" selector ("," selector)* "]")?
    selector := NAME "=" (NAME | INTEGER)

Examples: `members[sex=female]`, `organizations[legal_form=cooperative]`,
`jobs - jobs[year=-1]`, `population / 10000`. Which names and selectors exist
is the business of tadamon.observatory.elements; this module only reads the
text, reports the first problem with its position in Arabic and French, and
evaluates or translates (to SQL, for validation rules) a tree it built.

Written here rather than taken from a library: the candidates (asteval,
simpleeval) evaluate Python syntax with a safety filter on top; this language
is smaller than that, and its trees are also compiled to SQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tadamon.errors import DomainError

# The longest formula field (Indicator.numerator) and the deepest nesting of
# parentheses and minus signs: beyond them the recursive parse, evaluation and
# SQL would exhaust Python's recursion limit and end in a stack trace.
MAX_LENGTH = 500
MAX_DEPTH = 50

_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_.]*)|(?P<op>[-+*/()\[\],=]))"
)


@dataclass(frozen=True)
class Number:
    value: float


@dataclass(frozen=True)
class Element:
    name: str
    selectors: tuple[tuple[str, str], ...] = ()

    def selector(self, key: str) -> str | None:
        return dict(self.selectors).get(key)

    def text(self) -> str:
        if not self.selectors:
            return self.name
        inside = ", ".join(f"{k}={v}" for k, v in self.selectors)
        return f"{self.name}[{inside}]"


@dataclass(frozen=True)
class Negative:
    operand: Node


@dataclass(frozen=True)
class Binary:
    operator: str
    left: Node
    right: Node


Node = Number | Element | Negative | Binary


def formula_error(text: str, position: int, ar: str, fr: str) -> DomainError:
    where_ar = f"في الموضع {position + 1} من الصيغة «{text}»"
    where_fr = f"à la position {position + 1} de la formule « {text} »"
    return DomainError("formula_invalid", f"{ar} {where_ar}", f"{fr} {where_fr}", "formula")


def _tokens(text: str) -> list[tuple[str, str, int]]:
    tokens = []
    position = 0
    stripped_end = len(text.rstrip())
    while position < stripped_end:
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            start = len(text) - len(text[position:].lstrip())
            raise formula_error(
                text,
                start,
                f"رمز غير مقبول «{text[start]}»",
                f"caractère non admis « {text[start]} »",
            )
        kind = match.lastgroup
        start = match.start(kind)
        tokens.append((kind, match.group(kind), start))
        position = match.end()
    tokens.append(("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.at = 0
        self.depth = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.at]

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def expect(self, symbol: str) -> None:
        kind, value, position = self.take()
        if value != symbol or kind != "op":
            found = value or "نهاية الصيغة"
            found_fr = value or "la fin de la formule"
            raise formula_error(
                self.text,
                position,
                f"كان منتظرا «{symbol}» ووجد «{found}»",
                f"« {symbol} » attendu, « {found_fr} » trouvé",
            )

    def formula(self) -> Node:
        node = self.term()
        while self.peek()[1] in ("+", "-") and self.peek()[0] == "op":
            operator = self.take()[1]
            node = Binary(operator, node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.peek()[1] in ("*", "/") and self.peek()[0] == "op":
            operator = self.take()[1]
            node = Binary(operator, node, self.unary())
        return node

    def deeper(self, position: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise formula_error(
                self.text,
                position,
                f"الصيغة متداخلة أكثر من اللازم (أكثر من {MAX_DEPTH} مستوى من الأقواس أو الإشارات)",
                f"formule trop imbriquée (plus de {MAX_DEPTH} niveaux de parenthèses ou de signes)",
            )

    def unary(self) -> Node:
        if self.peek()[:2] == ("op", "-"):
            self.deeper(self.take()[2])
            node = Negative(self.unary())
            self.depth -= 1
            return node
        return self.atom()

    def atom(self) -> Node:
        kind, value, position = self.take()
        if kind == "number":
            return Number(float(value))
        if kind == "name":
            return Element(value, self.selectors())
        if (kind, value) == ("op", "("):
            self.deeper(position)
            node = self.formula()
            self.expect(")")
            self.depth -= 1
            return node
        found = value or "نهاية الصيغة"
        found_fr = value or "la fin de la formule"
        raise formula_error(
            self.text,
            position,
            f"كان منتظرا عدد أو عنصر بيانات ووجد «{found}»",
            f"un nombre ou un élément de données attendu, « {found_fr} » trouvé",
        )

    def selectors(self) -> tuple[tuple[str, str], ...]:
        if self.peek()[:2] != ("op", "["):
            return ()
        self.take()
        pairs = []
        while True:
            kind, key, position = self.take()
            if kind != "name":
                raise formula_error(
                    self.text,
                    position,
                    "كان منتظرا اسم تفصيل (مثل sex أو legal_form)",
                    "un nom de ventilation attendu (comme sex ou legal_form)",
                )
            self.expect("=")
            value = self.selector_value()
            if key in dict(pairs):
                raise formula_error(
                    self.text,
                    position,
                    f"التفصيل «{key}» مكرر",
                    f"la ventilation « {key} » est répétée",
                )
            pairs.append((key, value))
            if self.peek()[:2] == ("op", ","):
                self.take()
                continue
            self.expect("]")
            return tuple(pairs)

    def selector_value(self) -> str:
        negative = self.peek()[:2] == ("op", "-")
        if negative:
            self.take()
        kind, value, position = self.take()
        if kind == "name" and not negative:
            return value
        if kind == "number" and "." not in value:
            return f"-{value}" if negative else value
        raise formula_error(
            self.text,
            position,
            "كانت منتظرة قيمة تفصيل (اسم أو عدد صحيح)",
            "une valeur de ventilation attendue (un nom ou un entier)",
        )


def parse(text: str) -> Node:
    """The tree of a formula, or a DomainError naming the first problem and where."""
    if not text or not text.strip():
        raise DomainError("formula_empty", "الصيغة فارغة", "La formule est vide", "formula")
    if len(text) > MAX_LENGTH:
        raise DomainError(
            "formula_too_long",
            f"الصيغة أطول من {MAX_LENGTH} حرف",
            f"La formule dépasse {MAX_LENGTH} caractères",
            "formula",
        )
    parser = _Parser(text)
    node = parser.formula()
    kind, value, position = parser.peek()
    if kind != "end":
        raise formula_error(
            text,
            position,
            f"بقية غير مفهومة «{value}»",
            f"suite inattendue « {value} »",
        )
    return node


def elements(node: Node) -> Iterator[Element]:
    """Every data element the formula reads, in order of appearance."""
    if isinstance(node, Element):
        yield node
    elif isinstance(node, Negative):
        yield from elements(node.operand)
    elif isinstance(node, Binary):
        yield from elements(node.left)
        yield from elements(node.right)


def evaluate(node: Node, value_of: Callable[[Element], float | None]) -> float | None:
    """The formula's value; None when an element has no value or a division is by zero."""
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Element):
        return value_of(node)
    if isinstance(node, Negative):
        inner = evaluate(node.operand, value_of)
        return None if inner is None else -inner
    left = evaluate(node.left, value_of)
    right = evaluate(node.right, value_of)
    if left is None or right is None:
        return None
    if node.operator == "+":
        return left + right
    if node.operator == "-":
        return left - right
    if node.operator == "*":
        return left * right
    return None if right == 0 else left / right


def to_sql(node: Node, column_of: Callable[[Element], str]) -> str:
    """The formula as an SQL expression; `column_of` gives each element's quoted column
    (and refuses unknown ones). Numbers are written by us, never copied from the text."""
    if isinstance(node, Number):
        return repr(node.value)
    if isinstance(node, Element):
        return column_of(node)
    if isinstance(node, Negative):
        return f"(-{to_sql(node.operand, column_of)})"
    left = to_sql(node.left, column_of)
    right = to_sql(node.right, column_of)
    if node.operator == "/":
        # A division by zero is no value (NULL), as in evaluate, on both databases.
        return f"({left} * 1.0 / NULLIF({right}, 0))"
    return f"({left} {node.operator} {right})"
