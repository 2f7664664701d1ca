"""What a compiled Django template reads: the variables, bindings and includes a walk finds.

The template reference test compares this with each template's header.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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

#: Names Django's template machinery provides itself, whatever the view passes.
BUILT_INS = frozenset({"forloop", "block", "csrf_token"})


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
