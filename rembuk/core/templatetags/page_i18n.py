"""{% translate %} that translates each fixed text once per process and language.

Load it after i18n (`{% load i18n page_i18n %}`): it replaces the `translate` and `trans` tags
of that template. A page that repeats the same button labels on every row (Edit, More, Move up,
Delete…) paid Django's full path for each: a lazy translation object, then its cast, localize and
escape — over a third of the plan page. This node keeps the finished text of a fixed message
(and message context) per language and escaping, as the menu keeps its labels: the catalogs do
not change while the process runs. A variable, a filter or `noop` takes Django's own path. The
tag is written as before, so `makemessages` finds every message (docs/decisions/0025).

The language is read once per page (asking for it cost a dozen calls per tag); this library's
`{% language %}` changes it for its block. A template that switches language with i18n's own
`{% language %}` around an include of a page_i18n template would print the outer language's
texts in it: load page_i18n in that template too.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import Parser, Token, Variable, render_value_in_context
from django.template.context import Context
from django.templatetags.i18n import LanguageNode, TranslateNode, do_translate, language
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

from rembuk.core.page_context import once_per_page

register = template.Library()

# Where a page's render keeps its language (page_context.once_per_page).
_PAGE_LANGUAGE = "_page_language"


class PageTranslateNode(TranslateNode):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        expression, message_context = self.filter_expression, self.message_context
        # A literal message (and context): its text depends on nothing but the language.
        self.fixed_text = not (
            self.noop
            or expression.filters
            or expression.var.lookups is not None
            or (
                message_context
                and (message_context.filters or isinstance(message_context.var, Variable))
            )
        )
        # Kept on the node, per language and escaping: the catalogs do not change while the
        # process runs, and a template parsed again drops its texts with the node.
        self.texts: dict[tuple[str | None, bool], str] = {}

    def render(self, context: Context) -> str:
        if not self.fixed_text:
            return str(super().render(context))
        key = (once_per_page(context, _PAGE_LANGUAGE, get_language), context.autoescape)
        value = self.texts.get(key)
        if value is None:
            message_context = (
                self.message_context.resolve(context) if self.message_context else None
            )
            value = self.texts[key] = self._translated(context, message_context)
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value

    def _translated(self, context: Context, message_context: str | None) -> str:
        """What TranslateNode.render prints for this message (the same steps)."""
        variable = self.filter_expression.var
        variable.translate = True
        variable.message_context = message_context
        value = render_value_in_context(self.filter_expression.resolve(context), context)
        # Percent signs are doubled in template text so they are not read as format flags;
        # the text stays safe only if it was.
        restored = value.replace("%%", "%")
        return mark_safe(restored) if isinstance(value, SafeData) else restored


@register.tag("translate")
@register.tag("trans")
def translate(parser: Parser, token: Token) -> PageTranslateNode:
    """{% translate "text" [context "…"] [as var] %}, written as with i18n."""
    node = do_translate(parser, token)
    return PageTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


class PageLanguageNode(LanguageNode):
    """i18n's {% language %}, which also sets the page's language for its block."""

    def render(self, context: Context) -> str:
        kept = context.__dict__
        outer = kept.get(_PAGE_LANGUAGE)
        with translation.override(self.language.resolve(context)):
            kept[_PAGE_LANGUAGE] = get_language()
            try:
                return str(self.nodelist.render(context))
            finally:
                kept[_PAGE_LANGUAGE] = outer  # None: read again when next asked


@register.tag("language")
def page_language(parser: Parser, token: Token) -> PageLanguageNode:
    """{% language "code" %}…{% endlanguage %}, written as with i18n."""
    node = language(parser, token)
    return PageLanguageNode(node.nodelist, node.language)
