"""Sphinx directives that render the reference pages from the code itself.

Each directive writes Markdown (the docs are MyST) from a declaration in the package, so the
reference cannot drift from what the code reads: ``cognito-settings`` from ``conf.AppSettings``,
``cognito-checks`` from ``check_catalogue.CATALOGUE``, ``cognito-error-codes`` from the
``CognitoError`` classes, ``cognito-urls`` from the URLconf and ``cognito-seed-format`` from
``SEED_FORMAT``.
"""

from __future__ import annotations

from collections.abc import Iterable

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective


def markdown_table(headers: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    """A Markdown table; cell text is Markdown, with ``|`` and new lines escaped."""
    def cell(text: str) -> str:
        return " ".join(str(text).split()).replace("|", "\\|")

    headers = list(headers)
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return [*lines, ""]


class MarkdownDirective(SphinxDirective):
    """A directive whose body is Markdown written by ``lines()``."""

    has_content = False

    def lines(self) -> list[str]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        container = nodes.container()
        self.state.nested_parse(StringList(self.lines(), source=self.get_source_info()[0]),
                                self.content_offset, container)
        return container.children


class SettingsDirective(MarkdownDirective):
    def lines(self) -> list[str]:
        from django_cognito_challenge.conf import declared

        rows = []
        for setting in declared():
            meaning = setting.doc
            if setting.deprecated:
                meaning += f" **Deprecated** since {setting.deprecated}."
            rows.append((f"`{setting.setting_name}`", setting.type_doc,
                         _code_or_text(setting.default_text), meaning))
        return markdown_table(("Setting", "Type", "Default", "Meaning"), rows)


class ChecksDirective(MarkdownDirective):
    def lines(self) -> list[str]:
        from django_cognito_challenge.check_catalogue import CATALOGUE

        rows = [(f"`cognito_challenge.{check.id}`", check.level.__name__, check.fires_when,
                 check.fix) for check in CATALOGUE.values()]
        return markdown_table(("Id", "Level", "When", "Fix"), rows)


class ErrorCodesDirective(MarkdownDirective):
    def lines(self) -> list[str]:
        from django_cognito_challenge.cognito.errors import CognitoError

        rows = [(f"`{error.code}`", f"`{error.__name__}`", str(error.message),
                 "yes" if error.restart else "no") for error in _subclasses(CognitoError)]
        return markdown_table(("Code", "Exception", "Default message", "Starts over"), rows)


class UrlsDirective(MarkdownDirective):
    def lines(self) -> list[str]:
        from django_cognito_challenge import challenges, urls

        rows = []
        for pattern in urls.urlpatterns:
            answers = challenges.on_page(pattern.name)
            page = (f"Answers {', '.join(f'`{name}`' for name in answers)}." if answers
                    else _first_line(_view_doc(pattern.callback)))
            rows.append((f"`{urls.app_name}:{pattern.name}`", f"`{pattern.pattern}`", page))
        return markdown_table(("URL name", "Path under your prefix", "Page"), rows)


class SeedFormatDirective(MarkdownDirective):
    def lines(self) -> list[str]:
        from django_cognito_challenge.testing.seed import SEED_FORMAT

        lines: list[str] = []
        for section in SEED_FORMAT:
            lines += [f"### `{section.path}`", "", section.meaning, ""]
            if section.keys:
                lines += markdown_table(("Key", "Type", "Default", "Meaning"), (
                    (f"`{key.name}`", key.type, _code_or_text(key.default), key.meaning)
                    for key in section.keys))
        return lines


def _subclasses(cls: type) -> list[type]:
    found = [cls]
    for sub in cls.__subclasses__():
        found += _subclasses(sub)
    return found


def _view_doc(callback) -> str:
    view = getattr(callback, "view_class", callback)
    return view.__doc__ or ""


def _first_line(text: str) -> str:
    return text.strip().split("\n\n")[0]


def _code_or_text(default: str) -> str:
    if default.startswith(("(", "``")) or default in ("none",) or " " in default.strip("'\""):
        return default
    return f"`{default}`"


def setup(app):
    for name, directive in (("cognito-settings", SettingsDirective),
                            ("cognito-checks", ChecksDirective),
                            ("cognito-error-codes", ErrorCodesDirective),
                            ("cognito-urls", UrlsDirective),
                            ("cognito-seed-format", SeedFormatDirective)):
        app.add_directive(name, directive)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
