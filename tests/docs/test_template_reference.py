"""The template reference cannot drift: each header lists exactly what its template reads.

``docs/_ext/template_reference.py`` renders every template's header comment (purpose, context)
into the docs. Here the headers are checked against the compiled templates (every variable read
is listed, every listed variable is read) and against the views (what a page's header says the
view supplies is in the context it renders with).
"""

from __future__ import annotations

import importlib.util
import io
import re
import sys
from pathlib import Path

import pytest

import django_cognito_challenge

from ..browsers import Browser
from .page_visits import STATUS, VISITS
from .template_reads import reads_of

EXTENSION = Path(__file__).resolve().parents[2] / "docs" / "_ext" / "template_reference.py"
TEMPLATES = Path(django_cognito_challenge.__file__).parent / "templates" / "cognito_challenge"
#: What may come before the header: Django wants ``extends`` first.
TOP = re.compile(r"(\{% extends [^%]+ %\})?(\{% load [\w ]+ %\})*")
FROM_VIEW = re.compile(r"From the view \((\w+)\)\.$")
FROM_PROCESSOR = re.compile(r"From Django's \w+ context processor\.$")
FROM_INCLUDER = re.compile(r"From the including template\b.*\.$")


def load_extension():
    """``docs/_ext/template_reference.py``, as Sphinx imports it (by module name)."""
    if "template_reference" not in sys.modules:
        spec = importlib.util.spec_from_file_location("template_reference", EXTENSION)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up while defining
        spec.loader.exec_module(module)
    return sys.modules["template_reference"]


reference = load_extension()
DOCS = {doc.name: doc for doc in reference.describe_templates(TEMPLATES)}
#: Templates a view renders; a base a page extends (the admin's look) is tested with its view.
PAGES = sorted(name for name, doc in DOCS.items()
               if doc.extends and not name.endswith("/base.html"))
PARTIALS = sorted(name for name, doc in DOCS.items() if doc.is_partial)


# -- what a template needs from whoever renders it ----------------------------------------------


def parameters_of(partial: str) -> set[str]:
    """What any template passes to ``partial`` with ``with``: the partial's own parameters.

    A page including the partial without one (``submit_label``) lets the partial fall back to
    its default; that is not a variable the page's view is expected to pass.
    """
    return {name for other in DOCS for included, _, passed, _ in reads_of(other).includes
            if included == partial for name in passed}


def needed(name: str) -> set[str]:
    """What ``name`` reads from its context: itself, and through the partials it includes."""
    reads = reads_of(name)
    names = set(reads.names)
    for included, bound, passed, only in reads.includes:
        if not only:
            names |= needed(included) - bound - passed - parameters_of(included)
    return names


# -- the headers ----------------------------------------------------------------------------------


def test_every_template_is_described():
    on_disk = {f"cognito_challenge/{path.relative_to(TEMPLATES).as_posix()}"
               for path in TEMPLATES.rglob("*.html")}
    assert set(DOCS) == on_disk
    assert "cognito_challenge/base.html" in on_disk


@pytest.mark.parametrize("name", sorted(DOCS))
def test_every_template_opens_with_its_purpose_and_context(name):
    source = (TEMPLATES / name.partition("/")[2]).read_text(encoding="utf-8")
    header = re.search(r"\{% comment %\}\nPurpose: .+?\nContext:( none)?\n", source, re.S)
    assert header, f"{name} has no 'Purpose:' and 'Context:' header"
    assert TOP.fullmatch(source[:header.start()].strip()), "the header comes first"
    assert DOCS[name].purpose.endswith(".")
    assert len(DOCS[name].purpose.split(". ")) == 1, "the purpose is one sentence"


@pytest.mark.parametrize("name", sorted(DOCS))
def test_each_context_entry_says_where_it_comes_from(name):
    doc = DOCS[name]
    sources = [FROM_INCLUDER] if doc.is_partial else [FROM_VIEW, FROM_PROCESSOR]
    for variable, meaning in doc.context:
        assert any(source.search(meaning) for source in sources), (name, variable)


@pytest.mark.parametrize("name", sorted(DOCS))
def test_each_header_lists_exactly_the_variables_its_template_reads(name):
    documented = {variable for variable, _ in DOCS[name].context}
    read = needed(name)
    assert not read - documented, f"{name} reads these, its header does not list them"
    assert not documented - read, f"{name}'s header lists these, it does not read them"


def test_the_walk_sees_loop_variables_bindings_and_includes():
    """Spot checks of what the walk finds, so an empty walk cannot pass the test above."""
    assert reads_of("cognito_challenge/security.html").names == {
        "devices", "current_device_key", "remembered_device_skips_mfa", "error", "mfa",
        "mfa_error", "passkeys_offered", "passkeys", "passkeys_error"}
    code = reads_of("cognito_challenge/code.html")
    # "verify" is bound by translate's as; base_template chooses the parent (the admin's look)
    assert code.names == {"base_template", "challenge", "parameters"}
    ((included, bound, passed, only),) = code.includes
    assert (included, passed, only) == ("cognito_challenge/_step_form.html",
                                        {"submit_label"}, False)
    assert "verify" in bound
    assert reads_of("cognito_challenge/base.html").names == {"messages"}  # not LANGUAGE_CODE
    assert needed("cognito_challenge/_step_form.html") == {"form", "submit_label"}
    assert parameters_of("cognito_challenge/_step_form.html") == {"submit_label"}


def test_structure_is_read_from_the_tags():
    code = DOCS["cognito_challenge/code.html"]
    assert code.extends == "cognito_challenge/base.html"
    assert code.blocks == ("title", "content")
    assert code.includes == ("cognito_challenge/_step_form.html",)
    base = DOCS["cognito_challenge/base.html"]
    assert (base.extends, base.blocks) == (None, ("title", "extra_head", "content"))
    assert DOCS["cognito_challenge/_step_form.html"].includes == (
        "cognito_challenge/_form.html", "cognito_challenge/_restart.html")
    assert DOCS["cognito_challenge/_restart.html"].context == ()


@pytest.mark.parametrize("source", [
    "<p>no header</p>",
    "{% comment %}\nContext: none\n{% endcomment %}",
    "{% comment %}\nPurpose: a page.\n{% endcomment %}",
    "{% comment %}\nPurpose: a page.\nContext:\n{% endcomment %}",
    "{% comment %}\nPurpose: a page.\nContext: none\n  form: a form. From the view (V).\n"
    "{% endcomment %}",
    "{% comment %}\nPurpose: a page.\nContext:\nform: not indented\n{% endcomment %}",
    "<p>late</p>{% comment %}\nPurpose: a page.\nContext: none\n{% endcomment %}",
])
def test_a_missing_or_malformed_header_is_an_error_naming_the_template(source):
    with pytest.raises(reference.HeaderError, match=r"^cognito_challenge/x\.html: "):
        reference.describe_template(source, "cognito_challenge/x.html")


def test_the_directive_renders_a_section_per_template(tmp_path):
    """``cognito-templates`` in a MyST page builds without a warning, every template in it."""
    from sphinx.application import Sphinx

    (tmp_path / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(EXTENSION.parent)!r})\n"
        'extensions = ["myst_parser", "template_reference"]\n')
    (tmp_path / "index.md").write_text("# Templates\n\n```{cognito-templates}\n```\n")
    warnings = io.StringIO()
    app = Sphinx(tmp_path, tmp_path, tmp_path / "out", tmp_path / "doctrees", "text",
                 status=None, warning=warnings, warningiserror=True)
    app.build()
    text = (tmp_path / "out" / "index.txt").read_text()
    assert not warnings.getvalue()
    titles = {name: text.index(f'"{name}"\n===') for name in DOCS}  # raises if one is missing
    assert sorted(DOCS, key=titles.get) == [
        "cognito_challenge/base.html", *sorted([*PAGES, "cognito_challenge/admin/base.html"]),
        *PARTIALS]
    assert "It reads no context variable." in text  # _restart.html
    assert "remembered_device_skips_mfa" in text
    assert "Inherited blocks" in text


# -- what the views pass --------------------------------------------------------------------------


def test_every_page_is_visited():
    assert set(VISITS) == set(PAGES)


@pytest.mark.parametrize("page", sorted(VISITS))
def test_the_view_passes_what_the_page_header_says_it_does(db, cognito, page):
    passed, views = set(), set()
    for visit in VISITS[page]:
        response = visit(Browser(), cognito)
        assert response.status_code == STATUS.get(page, 200)
        assert response.templates[0].name == page
        passed |= set(response.context.keys())
        views |= {klass.__name__ for klass in response.resolver_match.func.view_class.__mro__}
    promised = {variable: FROM_VIEW.search(meaning)[1] for variable, meaning in DOCS[page].context
                if FROM_VIEW.search(meaning)}
    assert promised
    assert promised.keys() <= passed, "the header promises these, the view did not pass them"
    assert set(promised.values()) <= views, "the header names a view that did not render it"


def test_the_context_processors_supply_what_the_base_header_says(db, client):
    response = client.get("/accounts/login/")
    from_processors = {variable for variable, meaning in DOCS["cognito_challenge/base.html"].context
                       if FROM_PROCESSOR.search(meaning)}
    assert from_processors == {"messages"}
    assert from_processors <= set(response.context.keys())
