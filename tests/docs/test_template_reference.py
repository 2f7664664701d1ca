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
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.template import Variable
from django.template.base import TextNode, TokenType, VariableNode
from django.template.defaulttags import (
    CommentNode,
    CsrfTokenNode,
    ForNode,
    IfNode,
    LoadNode,
    TemplateLiteral,
    URLNode,
    WithNode,
)
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode, IncludeNode
from django.templatetags.i18n import BlockTranslateNode, GetCurrentLanguageNode, TranslateNode
from django.templatetags.static import StaticNode

import django_cognito_challenge

from ..browsers import Browser
from ..signin.conftest import TOTP_SECRET, sign_in

EXTENSION = Path(__file__).resolve().parents[2] / "docs" / "_ext" / "template_reference.py"
TEMPLATES = Path(django_cognito_challenge.__file__).parent / "templates" / "cognito_challenge"
#: Names Django's template machinery provides itself, whatever the view passes.
BUILT_INS = frozenset({"forloop", "block", "csrf_token"})
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


# -- what a compiled template reads ---------------------------------------------------------------


@dataclass
class Reads:
    """The variables a template reads itself, and the templates it includes."""

    names: set[str] = field(default_factory=set)
    #: (template, names bound where it is included, names passed with ``with``, ``only``)
    includes: list[tuple[str, frozenset[str], frozenset[str], bool]] = field(
        default_factory=list)

    def nodelist(self, nodes, bound: set[str]) -> None:
        """Walk ``nodes`` in order; ``as`` bindings join ``bound`` for the nodes after them."""
        for node in nodes:
            walk = next((WALKS[klass] for klass in type(node).__mro__ if klass in WALKS), None)
            if walk is None:
                raise TypeError(f"this test does not know what {type(node).__name__} reads; "
                                "add it to WALKS")
            walk(self, node, bound)

    def nothing(self, node, bound: set[str]) -> None:
        pass

    def variable(self, node: VariableNode, bound: set[str]) -> None:
        self.expressions([node.filter_expression], bound)

    def block(self, node: ExtendsNode | BlockNode, bound: set[str]) -> None:
        if isinstance(node, ExtendsNode) and node.parent_name.filters:  # a chosen parent
            self.expressions([node.parent_name], bound)
        self.nodelist(node.nodelist, set(bound))  # a block pushes the context

    def if_(self, node: IfNode, bound: set[str]) -> None:
        for condition, nodes in node.conditions_nodelists:
            self.condition(condition, bound)
            self.nodelist(nodes, bound)  # an if pushes nothing: its bindings outlive it

    def for_(self, node: ForNode, bound: set[str]) -> None:
        self.expressions([node.sequence], bound)
        self.nodelist(node.nodelist_loop, bound | set(node.loopvars))
        self.nodelist(node.nodelist_empty, set(bound))

    def with_(self, node: WithNode, bound: set[str]) -> None:
        self.expressions(node.extra_context.values(), bound)
        self.nodelist(node.nodelist, bound | set(node.extra_context))

    def include(self, node: IncludeNode, bound: set[str]) -> None:
        template = node.template.var  # a quoted name compiles to the string itself
        if not isinstance(template, str) or node.template.filters:
            raise TypeError("an include of a variable template cannot be followed")
        self.expressions(node.extra_context.values(), bound)
        self.includes.append((template, frozenset(bound),
                              frozenset(node.extra_context), node.isolated_context))

    def url(self, node: URLNode, bound: set[str]) -> None:
        self.expressions([node.view_name, *node.args, *node.kwargs.values()], bound)
        self.binds(node.asvar, bound)

    def translate(self, node: TranslateNode, bound: set[str]) -> None:
        self.expressions([node.filter_expression, node.message_context], bound)
        self.binds(node.asvar, bound)

    def blocktranslate(self, node: BlockTranslateNode, bound: set[str]) -> None:
        self.expressions([*node.extra_context.values(), node.counter, node.message_context],
                         bound)
        named = bound | set(node.extra_context) | {node.countervar}
        for token in [*node.singular, *(node.plural or [])]:
            if token.token_type is TokenType.VAR and token.contents not in named:
                self.names.add(token.contents)
        self.binds(node.asvar, bound)

    def current_language(self, node: GetCurrentLanguageNode, bound: set[str]) -> None:
        self.binds(node.variable, bound)

    def binds(self, name: str | None, bound: set[str]) -> None:
        if name:
            bound.add(name)

    def condition(self, condition, bound: set[str]) -> None:
        """An ``if`` condition: a literal, or an operator over one or two conditions."""
        if isinstance(condition, TemplateLiteral):
            self.expressions([condition.value], bound)
        elif condition is not None:
            self.condition(condition.first, bound)
            self.condition(condition.second, bound)

    def expressions(self, expressions, bound: set[str]) -> None:
        """Each expression's variable, and any variable its filters take as an argument."""
        for expression in filter(None, expressions):
            variables = [expression.var, *(argument for _, arguments in expression.filters
                                           for lookup, argument in arguments if lookup)]
            for variable in variables:
                if isinstance(variable, Variable) and variable.lookups:
                    self.read(variable.lookups[0], bound)

    def read(self, name: str, bound: set[str]) -> None:
        if name not in bound and name not in BUILT_INS:
            self.names.add(name)


#: How to walk each node type the templates use; any other type fails the test until added.
WALKS = {
    TextNode: Reads.nothing, CommentNode: Reads.nothing, LoadNode: Reads.nothing,
    CsrfTokenNode: Reads.nothing,  # csrf_token is a built-in
    StaticNode: Reads.nothing,  # {% static "path" %} with a literal path
    VariableNode: Reads.variable, ExtendsNode: Reads.block, BlockNode: Reads.block,
    IfNode: Reads.if_, ForNode: Reads.for_, WithNode: Reads.with_, IncludeNode: Reads.include,
    URLNode: Reads.url, TranslateNode: Reads.translate, BlockTranslateNode: Reads.blocktranslate,
    GetCurrentLanguageNode: Reads.current_language,
}


def reads_of(name: str) -> Reads:
    reads = Reads()
    reads.nodelist(get_template(name).template.nodelist, set())
    return reads


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
        "mfa_error"}
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


def at_login(client, cognito):
    return client.get("/accounts/login/?next=/home/")


def at_code(client, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", totp_secret=TOTP_SECRET)
    assert sign_in(client, "tess")["Location"] == "/accounts/login/code/"
    return client.get("/accounts/login/code/")


def at_new_password(client, cognito):
    cognito.add_user("newbie", "Temp-Pass-1!", temporary=True)
    assert sign_in(client, "newbie", "Temp-Pass-1!")["Location"] == "/accounts/login/new-password/"
    return client.get("/accounts/login/new-password/")


def at_select_mfa(client, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tess", attributes={"email": "tess@example.com"}, totp_secret=TOTP_SECRET,
                     email_mfa=True)
    assert sign_in(client, "tess")["Location"] == "/accounts/login/select-mfa/"
    return client.get("/accounts/login/select-mfa/")


def at_mfa_setup_choice(client, cognito):
    cognito.configure_pool(mfa_configuration="ON")
    cognito.add_user("tina")
    assert sign_in(client, "tina")["Location"] == "/accounts/login/mfa-setup/"
    return client.get("/accounts/login/mfa-setup/")


def at_mfa_setup_totp(client, cognito):
    cognito.configure_pool(mfa_configuration="ON", enabled_mfa_factors=("SOFTWARE_TOKEN_MFA",))
    cognito.add_user("toby")
    assert sign_in(client, "toby")["Location"] == "/accounts/login/mfa-setup/"
    return client.get("/accounts/login/mfa-setup/")


def at_security(client, cognito):
    cognito.add_user("tess")
    assert sign_in(client, "tess")["Location"] == "/home/"
    return client.get("/accounts/security/")


def at_security_unlisted(client, cognito):
    cognito.add_user("tara")
    assert sign_in(client, "tara")["Location"] == "/home/"
    cognito.fail_next("ListDevices", "InternalErrorException")
    return client.get("/accounts/security/")


def at_mfa_totp(client, cognito):
    cognito.configure_pool(mfa_configuration="OPTIONAL")
    cognito.add_user("tom")
    assert sign_in(client, "tom")["Location"] == "/home/"
    response = client.post("/accounts/security/", {"action": "totp"})
    assert response["Location"] == "/accounts/security/mfa/totp/"
    return client.get("/accounts/security/mfa/totp/")


def at_password_reset(client, cognito):
    return client.get("/accounts/password/reset/")


def at_password_reset_confirm(client, cognito):
    cognito.add_user("rita", attributes={"email": "rita@example.com", "email_verified": "true"})
    response = client.post("/accounts/password/reset/", {"username": "rita"})
    assert response["Location"] == "/accounts/password/reset/confirm/"
    return client.get("/accounts/password/reset/confirm/")


def at_password_reset_required(client, cognito):
    cognito.add_user("rory", attributes={"email": "rory@example.com", "email_verified": "true"},
                     status="RESET_REQUIRED")
    assert sign_in(client, "rory")["Location"] == "/accounts/password/reset/confirm/"
    return client.get("/accounts/password/reset/confirm/")


def at_password_change(client, cognito):
    cognito.add_user("pam")
    assert sign_in(client, "pam")["Location"] == "/home/"
    return client.get("/accounts/password/change/")


#: Each page, and the ways to reach it that together show every variable its view may pass.
VISITS = {
    "cognito_challenge/login.html": [at_login],
    "cognito_challenge/code.html": [at_code],
    "cognito_challenge/new_password.html": [at_new_password],
    "cognito_challenge/select_mfa.html": [at_select_mfa],
    "cognito_challenge/mfa_setup.html": [at_mfa_setup_choice, at_mfa_setup_totp],
    "cognito_challenge/security.html": [at_security, at_security_unlisted],
    "cognito_challenge/mfa_totp.html": [at_mfa_totp],
    "cognito_challenge/password_reset.html": [at_password_reset],
    "cognito_challenge/password_reset_confirm.html": [at_password_reset_confirm,
                                                      at_password_reset_required],
    "cognito_challenge/password_change.html": [at_password_change],
}


def test_every_page_is_visited():
    assert set(VISITS) == set(PAGES)


@pytest.mark.parametrize("page", sorted(VISITS))
def test_the_view_passes_what_the_page_header_says_it_does(db, cognito, page):
    passed, views = set(), set()
    for visit in VISITS[page]:
        response = visit(Browser(), cognito)
        assert response.status_code == 200
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
