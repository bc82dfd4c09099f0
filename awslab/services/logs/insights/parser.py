"""Parse a Logs Insights query into commands and expressions (pure).

Commands: ``fields``, ``display``, ``filter``, ``stats ... by``, ``sort``, ``limit``,
``parse`` (glob or regex with named groups) and ``dedup``, joined by ``|``. Expressions:
``or``/``and``/``not``, comparisons ``= != < <= > >=``, ``like "text"``, ``like /re/``,
``=~ /re/``, ``in [...]``, arithmetic ``+ - * / % ^`` and function calls (see
``functions.py``). A query that does not compile raises ``MalformedQueryException`` with
AWS's "unexpected symbol found ..." wording and its character offsets. Newer commands
(``pattern``, ``diff``, ``anomaly``, ``unmask``, ``filterIndex``, ``SOURCE``) are refused.
Reference: aws-facts.md 3.8.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from awslab.services.logs.insights import functions
from awslab.services.logs.insights.errors import malformed, unexpected
from awslab.services.logs.insights.lexer import Token, tokenize

MAX_LIMIT = 10_000
SPAN_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000,
           "w": 7 * 86_400_000, "mo": 30 * 86_400_000, "q": 91 * 86_400_000,
           "y": 365 * 86_400_000}
COMMANDS = ("fields", "display", "filter", "stats", "sort", "limit", "parse", "dedup")
NOT_SIMULATED = ("pattern", "diff", "anomaly", "unmask", "filterindex", "source", "unnest",
                 "lookup")
COMPARISONS = ("=", "!=", "<", "<=", ">", ">=")


# -- expressions ------------------------------------------------------------------------
@dataclass(frozen=True)
class Expr:
    text: str                      # the source text (names unnamed result columns)


@dataclass(frozen=True)
class Field(Expr):
    name: str


@dataclass(frozen=True)
class Literal(Expr):
    value: object                  # str, int or float


@dataclass(frozen=True)
class Regex(Expr):
    pattern: str


@dataclass(frozen=True)
class Span(Expr):
    ms: int


@dataclass(frozen=True)
class Star(Expr):
    pass


@dataclass(frozen=True)
class Call(Expr):
    name: str
    args: tuple


@dataclass(frozen=True)
class Unary(Expr):
    op: str                        # "not" or "-"
    operand: Expr


@dataclass(frozen=True)
class Binary(Expr):
    op: str                        # and or = != < <= > >= =~ like + - * / % ^
    left: Expr
    right: Expr


@dataclass(frozen=True)
class In(Expr):
    operand: Expr
    values: tuple
    negated: bool = False


# -- commands ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Command:
    name: str
    start: int


@dataclass(frozen=True)
class Fields(Command):
    items: tuple                   # (expr, output name)


@dataclass(frozen=True)
class Display(Command):
    names: tuple


@dataclass(frozen=True)
class Filter(Command):
    condition: Expr


@dataclass(frozen=True)
class Stats(Command):
    aggregations: tuple            # (Call, output name)
    groups: tuple                  # (expr, output name)


@dataclass(frozen=True)
class Sort(Command):
    keys: tuple                    # (expr, descending)


@dataclass(frozen=True)
class Limit(Command):
    count: int


@dataclass(frozen=True)
class Parse(Command):
    source: Expr
    pattern: str
    is_regex: bool
    names: tuple


@dataclass(frozen=True)
class Dedup(Command):
    names: tuple


@dataclass(frozen=True)
class Query:
    """A compiled query: its text and its commands in order."""

    text: str
    commands: tuple = field(default_factory=tuple)

    @property
    def fields_used(self) -> set[str]:
        """Every field name the query reads (discovered fields are extracted for these)."""
        names: set[str] = set()
        for cmd in self.commands:
            for expr in _expressions(cmd):
                _collect(expr, names)
            if isinstance(cmd, (Display, Dedup)):
                names.update(cmd.names)
        return names


def _expressions(cmd: Command):
    if isinstance(cmd, Fields):
        return [e for e, _ in cmd.items]
    if isinstance(cmd, Filter):
        return [cmd.condition]
    if isinstance(cmd, Stats):
        return [e for e, _ in cmd.aggregations + cmd.groups]
    if isinstance(cmd, Sort):
        return [e for e, _ in cmd.keys]
    if isinstance(cmd, Parse):
        return [cmd.source]
    return []


def _collect(expr: Expr, names: set[str]) -> None:
    if isinstance(expr, Field):
        names.add(expr.name)
    for child in _children(expr):
        _collect(child, names)


def _children(expr: Expr) -> tuple:
    if isinstance(expr, Call):
        return expr.args
    if isinstance(expr, Unary):
        return (expr.operand,)
    if isinstance(expr, Binary):
        return (expr.left, expr.right)
    if isinstance(expr, In):
        return (expr.operand,) + expr.values
    return ()


# -- the parser -------------------------------------------------------------------------
class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0

    # token helpers
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def next(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def word(self, *words: str) -> bool:
        return self.tok.kind == "word" and self.tok.text.lower() in words

    def op(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in ops

    def fail(self, tok: Token | None = None):
        tok = tok or self.tok
        raise unexpected(self.text, self.text[tok.start:tok.end], tok.start)

    def expect_op(self, op: str) -> Token:
        if not self.op(op):
            self.fail()
        return self.next()

    def source(self, start: int) -> str:
        return self.text[start:self.tokens[self.i - 1].end].strip()

    # commands
    def query(self) -> Query:
        commands = []
        if self.tok.kind == "end":
            raise malformed(self.text, "the query is empty", 0)
        while True:
            commands.append(self.command(commands))
            if self.tok.kind == "end":
                break
            self.expect_op("|")
        return Query(self.text, tuple(commands))

    def command(self, before: list) -> Command:
        tok = self.tok
        name = tok.text.lower() if tok.kind == "word" else ""
        if name in NOT_SIMULATED:
            raise malformed(self.text, f"awslab does not simulate the {tok.text} command",
                            tok.start, tok.end - tok.start)
        if name not in COMMANDS:
            self.fail()
        if before and isinstance(before[-1], Dedup) and name != "limit":
            self.fail()                       # only limit may follow dedup
        self.next()
        return getattr(self, f"cmd_{name}")(tok.start)

    def cmd_fields(self, start: int) -> Fields:
        return Fields("fields", start, tuple(self.named_list()))

    def cmd_display(self, start: int) -> Display:
        return Display("display", start, tuple(self.field_names()))

    def cmd_dedup(self, start: int) -> Dedup:
        return Dedup("dedup", start, tuple(self.field_names()))

    def cmd_filter(self, start: int) -> Filter:
        expr = self.expression()
        self.check_no_aggregate(expr)
        return Filter("filter", start, expr)

    def cmd_stats(self, start: int) -> Stats:
        aggs = self.named_list()
        for expr, _ in aggs:
            if not functions.has_aggregate(expr):
                raise malformed(self.text, f"stats needs an aggregation function, not "
                                f"{expr.text}", self.text.find(expr.text, start),
                                len(expr.text))
        groups = []
        if self.word("by"):
            self.next()
            groups = self.named_list()
            for expr, _ in groups:
                self.check_no_aggregate(expr)
        return Stats("stats", start, tuple(aggs), tuple(groups))

    def cmd_sort(self, start: int) -> Sort:
        keys = []
        while True:
            expr = self.expression()
            descending = False
            if self.word("asc", "desc"):
                descending = self.next().text.lower() == "desc"
            keys.append((expr, descending))
            if not self.op(","):
                return Sort("sort", start, tuple(keys))
            self.next()

    def cmd_limit(self, start: int) -> Limit:
        tok = self.tok
        if tok.kind != "number" or not tok.text.isdigit():
            self.fail()
        self.next()
        count = int(tok.text)
        if not 1 <= count <= MAX_LIMIT:
            raise malformed(self.text, f"limit must be between 1 and {MAX_LIMIT}",
                            tok.start, tok.end - tok.start)
        return Limit("limit", start, count)

    def cmd_parse(self, start: int) -> Parse:
        source: Expr = Field("@message", "@message")
        if self.tok.kind in ("word", "field") and not self.word("as"):
            source = self.primary()
        tok = self.tok
        if tok.kind not in ("string", "regex"):
            self.fail()
        self.next()
        names: list[str] = []
        if tok.kind == "string":
            if not self.word("as"):
                self.fail()
            self.next()
            names = self.field_names()
            stars = tok.text.count("*")
            if stars != len(names):
                raise malformed(self.text, f"parse has {stars} wildcards but {len(names)} "
                                "field names", tok.start, tok.end - tok.start)
        else:
            import re
            groups = re.findall(r"\(\?P?<([A-Za-z_]\w*)>", tok.text)
            if not groups:
                raise malformed(self.text, "a parse regular expression needs named groups "
                                "(?<name>...)", tok.start, tok.end - tok.start)
            names = groups
        return Parse("parse", start, source, tok.text, tok.kind == "regex", tuple(names))

    # lists
    def named_list(self) -> list[tuple[Expr, str]]:
        items = []
        while True:
            expr = self.expression()
            name = expr.name if isinstance(expr, Field) else expr.text
            if self.word("as"):
                self.next()
                name = self.field_name()
            items.append((expr, name))
            if not self.op(","):
                return items
            self.next()

    def field_names(self) -> list[str]:
        names = [self.field_name()]
        while self.op(","):
            self.next()
            names.append(self.field_name())
        return names

    def field_name(self) -> str:
        if self.tok.kind not in ("word", "field"):
            self.fail()
        return self.next().text

    def check_no_aggregate(self, expr: Expr) -> None:
        if functions.has_aggregate(expr):
            raise malformed(self.text, f"aggregation functions are only allowed in stats: "
                            f"{expr.text}", self.text.find(expr.text), len(expr.text))

    # expressions, loosest binding first
    def expression(self) -> Expr:
        return self.disjunction()

    def disjunction(self) -> Expr:
        start, left = self.tok.start, self.conjunction()
        while self.word("or"):
            self.next()
            right = self.conjunction()
            left = Binary(self.source(start), "or", left, right)
        return left

    def conjunction(self) -> Expr:
        start, left = self.tok.start, self.negation()
        while self.word("and"):
            self.next()
            right = self.negation()
            left = Binary(self.source(start), "and", left, right)
        return left

    def negation(self) -> Expr:
        if self.word("not"):
            start = self.next().start
            operand = self.negation()
            return Unary(self.source(start), "not", operand)
        return self.comparison()

    def comparison(self) -> Expr:
        start, left = self.tok.start, self.additive()
        negated = False
        if self.word("not") and self.tokens[self.i + 1].text.lower() in ("like", "in"):
            self.next()
            negated = True
        if self.word("like") or self.op("=~"):
            self.next()
            tok = self.tok
            if tok.kind not in ("string", "regex"):
                self.fail()
            self.next()
            pattern = (Regex(tok.text, tok.text) if tok.kind == "regex"
                       else Literal(tok.text, tok.text))
            expr = Binary(self.source(start), "like", left, pattern)
        elif self.word("in"):
            self.next()
            values = self.value_list()
            return In(self.source(start), left, values, negated)
        elif self.op(*COMPARISONS):
            op = self.next().text
            expr = Binary(self.source(start), op, left, self.additive())
        else:
            if negated:
                self.fail()
            return left
        return Unary(expr.text, "not", expr) if negated else expr

    def value_list(self) -> tuple:
        self.expect_op("[")
        values = [self.additive()]
        while self.op(","):
            self.next()
            values.append(self.additive())
        self.expect_op("]")
        return tuple(values)

    def additive(self) -> Expr:
        start, left = self.tok.start, self.multiplicative()
        while self.op("+", "-"):
            op = self.next().text
            left = Binary(self.source(start), op, left, self.multiplicative())
        return left

    def multiplicative(self) -> Expr:
        start, left = self.tok.start, self.power()
        while self.op("*", "/", "%"):
            op = self.next().text
            left = Binary(self.source(start), op, left, self.power())
        return left

    def power(self) -> Expr:
        start, base = self.tok.start, self.unary()
        if self.op("^"):
            self.next()
            return Binary(self.source(start), "^", base, self.power())
        return base

    def unary(self) -> Expr:
        if self.op("-"):
            start = self.next().start
            operand = self.unary()
            if isinstance(operand, Literal) and not isinstance(operand.value, str):
                return Literal(self.source(start), -operand.value)
            return Unary(self.source(start), "-", operand)
        return self.primary()

    def primary(self) -> Expr:
        tok = self.next()
        if tok.kind == "number":
            value = float(tok.text) if any(c in tok.text for c in ".eE") else int(tok.text)
            return Literal(tok.text, value)
        if tok.kind == "string":
            return Literal(self.source(tok.start), tok.text)
        if tok.kind == "span":
            unit = tok.text.lstrip("0123456789")
            return Span(tok.text, int(tok.text[:-len(unit)]) * SPAN_MS[unit])
        if tok.kind == "field":
            return Field(tok.text, tok.text)
        if tok.kind == "op" and tok.text == "(":
            expr = self.expression()
            self.expect_op(")")
            return expr
        if tok.kind == "op" and tok.text == "*":
            return Star("*")
        if tok.kind == "word" and tok.text.lower() not in ("and", "or", "not", "like",
                                                            "in", "as", "by"):
            if self.op("("):
                return self.call(tok)
            return Field(tok.text, tok.text)
        self.fail(tok)

    def call(self, name: Token) -> Call:
        self.next()                                   # "("
        args = []
        if not self.op(")"):
            while True:
                args.append(self.expression())
                if not self.op(","):
                    break
                self.next()
        self.expect_op(")")
        call = Call(self.source(name.start), name.text, tuple(args))
        problem = functions.check_call(call)
        if problem:
            raise malformed(self.text, problem, name.start, name.end - name.start)
        return call


def split_sources(text: str) -> tuple[list[str], str]:
    """The log groups named by leading ``SOURCE '<group>' |`` clauses (how a dashboard's
    log widget stores its query) and the query after them."""
    import re
    groups = []
    pattern = re.compile(r"\s*SOURCE\s+(['\"])(.*?)\1\s*\|", re.I)
    while (m := pattern.match(text)):
        groups.append(m.group(2))
        text = text[m.end():]
    return groups, text.strip()


def parse_query(text: str) -> Query:
    """Compile a Logs Insights query string.

    Raises
    ------
    MalformedQueryException
        With AWS's "unexpected symbol found ..." message and the character offsets.
    """
    return _Parser(text).query()
