"""The template reference, read from the templates themselves: every template and its context.

Each template of the app opens with a header (right after ``{% extends %}``, which Django wants
first)::

    {% comment %}
    Purpose: one sentence: what page or fragment this is and when it is shown.
    Context:
      name: what the variable holds. From the view (SomeView).
    {% endcomment %}

``Context: none`` says the template reads no variable. An entry may go on over lines indented by
four spaces, and ends by saying where the variable comes from: "From the view (LoginView).",
"From Django's messages context processor." or, in a partial, "From the including template".
A page lists what the partials it includes read, but not what its parent reads (the parent lists
that). ``describe_templates`` reads the headers and the ``extends``, ``block`` and
``include`` tags with Django's own lexer (no settings needed); ``tests/docs`` proves the headers
list exactly the variables each template reads, and that the views supply them.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.template.base import Lexer, Token, TokenType
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

PACKAGE = "django_cognito_challenge"
#: Where the package keeps its templates, under its own directory.
TEMPLATES = ("templates", "cognito_challenge")
ENTRY = re.compile(r"  (?P<name>[A-Za-z_]\w*): (?P<meaning>\S.*)")
#: Tags that may come before the header: Django wants ``extends`` first.
BEFORE_HEADER = frozenset({"extends", "load"})
STRUCTURE = frozenset({"extends", "block", "include"})


class HeaderError(ValueError):
    """A template's header is missing or malformed."""


@dataclass(frozen=True)
class TemplateDoc:
    """One template: what it is, what it is built from, and the context it reads."""

    name: str  #: as views and ``{% include %}`` name it: ``cognito_challenge/code.html``
    purpose: str
    extends: str | None
    blocks: tuple[str, ...]  #: the blocks it defines, in order
    includes: tuple[str, ...]  #: the templates it includes, each once, in order
    context: tuple[tuple[str, str], ...]  #: (variable, meaning), as its header lists them

    @property
    def is_partial(self) -> bool:
        """A fragment other templates include (its name starts with ``_``)."""
        return self.name.rpartition("/")[2].startswith("_")


def describe_templates(directory: Path) -> list[TemplateDoc]:
    """Describe every ``.html`` template under ``directory``, sorted by name."""
    docs = []
    for path in directory.rglob("*.html"):
        name = f"{directory.name}/{path.relative_to(directory).as_posix()}"
        docs.append(describe_template(path.read_text(encoding="utf-8"), name))
    return sorted(docs, key=lambda doc: doc.name)


def describe_template(source: str, name: str) -> TemplateDoc:
    """Describe one template from its source; ``HeaderError`` if its header is wrong."""
    header, tags = _scan(source, name)
    purpose, context = parse_header(header, name)
    # A parent chosen by the view (``base_template|default:"..."``) is named by its default.
    extends = [argument.partition('|default:')[2].strip("\"'") or argument
               for tag, argument in tags if tag == "extends"]
    return TemplateDoc(
        name=name, purpose=purpose, extends=extends[0] if extends else None,
        blocks=tuple(argument for tag, argument in tags if tag == "block"),
        includes=tuple(dict.fromkeys(argument for tag, argument in tags if tag == "include")),
        context=context)


def _scan(source: str, name: str) -> tuple[str, list[tuple[str, str]]]:
    """The header's text, and each ``extends``, ``block`` and ``include`` tag's argument."""
    header, tags, at_top = None, [], True
    tokens = iter(Lexer(source).tokenize())
    for token in tokens:
        if token.token_type is TokenType.TEXT:
            at_top = at_top and not token.contents.strip()
            continue
        bits = token.split_contents() if token.token_type is TokenType.BLOCK else [""]
        if bits[0] == "comment":
            text = _comment_text(tokens)
            if at_top and text is None:
                raise HeaderError(f"{name}: the header comment holds a tag; keep it plain text")
            header = text if at_top else header
        elif bits[0] in STRUCTURE and len(bits) > 1:
            tags.append((bits[0], _unquoted(bits[1])))
        at_top = at_top and bits[0] in BEFORE_HEADER
    if header is None:
        raise HeaderError(f"{name}: no header comment at the top (after extends and load)")
    return header, tags


def _comment_text(tokens: Iterator[Token]) -> str | None:
    """Consume a comment to its ``endcomment``: its text, or None when it holds any tag."""
    parts: list[str | None] = []
    for token in tokens:
        if token.token_type is TokenType.BLOCK and token.contents == "endcomment":
            break
        parts.append(token.contents if token.token_type is TokenType.TEXT else None)
    return None if None in parts else "".join(parts)


def _unquoted(argument: str) -> str:
    """A tag's string argument without its quotes (a variable stays as written)."""
    if len(argument) > 1 and argument[0] == argument[-1] and argument[0] in "\"'":
        return argument[1:-1]
    return argument


def parse_header(text: str | None, name: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The purpose and the ``(variable, meaning)`` entries of a header's text."""
    lines = [line.rstrip() for line in (text or "").strip("\n").splitlines()]
    if not lines or not lines[0].startswith("Purpose: "):
        raise HeaderError(f"{name}: the header is plain text starting with 'Purpose: '")
    at = next((i for i, line in enumerate(lines) if line.startswith("Context:")), None)
    if at is None:
        raise HeaderError(f"{name}: the header has no 'Context:' line")
    if any(not line.startswith(" ") for line in lines[1:at]):
        raise HeaderError(f"{name}: the purpose goes on over indented lines only")
    purpose = " ".join(line.strip() for line in lines[:at]).removeprefix("Purpose: ")
    context = _entries(lines[at + 1:], name)
    if lines[at] != ("Context:" if context else "Context: none"):
        raise HeaderError(f"{name}: write 'Context: none', or 'Context:' then its entries")
    return purpose, context


def _entries(lines: list[str], name: str) -> tuple[tuple[str, str], ...]:
    entries: list[list[str]] = []
    for line in lines:
        match = ENTRY.fullmatch(line)
        if match:
            entries.append([match["name"], match["meaning"]])
        elif line.startswith("    ") and entries:
            entries[-1][1] += " " + line.strip()
        else:
            raise HeaderError(f"{name}: not a context entry ('  name: meaning'): {line!r}")
    names = [variable for variable, _ in entries]
    if len(set(names)) != len(names):
        raise HeaderError(f"{name}: a context variable is listed twice")
    return tuple((variable, meaning) for variable, meaning in entries)


def template_directory() -> Path:
    """The package's template directory, found without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"{PACKAGE} is not importable")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*TEMPLATES)


# -- the directive ------------------------------------------------------------------------------


class TemplatesDirective(SphinxDirective):
    """``cognito-templates``: a section per template: purpose, blocks, includes, context."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        directory = template_directory()
        try:
            docs = describe_templates(directory)
        except HeaderError as error:
            raise self.error(str(error)) from error
        for path in directory.rglob("*.html"):
            self.env.note_dependency(str(path))
        by_name = {doc.name: doc for doc in docs}
        # The base first, then the pages, then the partials they include.
        ordered = sorted(docs, key=lambda doc: (doc.is_partial, doc.extends is not None))
        return [template_section(doc, by_name) for doc in ordered]


def template_section(doc: TemplateDoc, by_name: dict[str, TemplateDoc]) -> nodes.section:
    section = nodes.section(ids=[nodes.make_id(f"template {doc.name}")])
    section += nodes.title("", "", nodes.literal(text=doc.name))
    section += nodes.paragraph(text=_sentence(doc.purpose))
    fields = nodes.field_list()
    fields += _field("Extends", _literals([doc.extends] if doc.extends else [], "nothing"))
    fields += _field("Blocks", _literals(doc.blocks, "none"))
    inherited = [block for block in _inherited_blocks(doc, by_name) if block not in doc.blocks]
    if inherited:
        fields += _field("Inherited blocks", _literals(inherited, ""))
    if doc.includes:
        fields += _field("Includes", _literals(doc.includes, ""))
    users = [other.name for other in by_name.values() if doc.name in other.includes]
    if users:
        fields += _field("Included by", _literals(users, ""))
    section += fields
    section += (_context_table(doc.context) if doc.context
                else nodes.paragraph(text="It reads no context variable."))
    return section


def _inherited_blocks(doc: TemplateDoc, by_name: dict[str, TemplateDoc]) -> list[str]:
    """The blocks of the templates ``doc`` extends, nearest parent last."""
    parent = by_name.get(doc.extends or "")
    return [*_inherited_blocks(parent, by_name), *parent.blocks] if parent else []


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _field(label: str, *body: nodes.Node) -> nodes.field:
    return nodes.field("", nodes.field_name(text=label),
                       nodes.field_body("", nodes.paragraph("", "", *body)))


def _literals(names: Iterable[str], empty: str) -> nodes.inline:
    """``a``, ``b``: each name as code, or ``empty`` when there are none."""
    inline = nodes.inline()
    for index, name in enumerate(names):
        if index:
            inline += nodes.Text(", ")
        inline += nodes.literal(text=name)
    return inline if inline.children else nodes.inline(text=empty)


def _context_table(entries: tuple[tuple[str, str], ...]) -> nodes.table:
    group = nodes.tgroup(cols=2)
    group += [nodes.colspec(colwidth=30), nodes.colspec(colwidth=70)]
    group += nodes.thead("", _row(nodes.Text("Context variable"), nodes.Text("Meaning")))
    group += nodes.tbody("", *(_row(nodes.literal(text=variable), nodes.Text(_sentence(meaning)))
                               for variable, meaning in entries))
    return nodes.table("", group, classes=["cognito-template-context"])


def _row(*cells: nodes.Node) -> nodes.row:
    return nodes.row("", *(nodes.entry("", nodes.paragraph("", "", cell)) for cell in cells))


def setup(app) -> dict[str, bool]:
    app.add_directive("cognito-templates", TemplatesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
