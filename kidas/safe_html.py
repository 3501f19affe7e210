"""`format_html` for markup written in Python on every row of a list (the caseload's rows, the referral list's,
the risk tags, the deadline cell): the same text as Django's, faster.

Django's format_html escapes each argument through `conditional_escape` and `escape`, each wrapped to check
every argument for lazy text; a page of 50 rows makes some 900 such calls, and the checks took a fifth of the
caseload page's time. This one escapes with `html.escape`, which Django's escape calls, once any lazy text
is made text."""

from __future__ import annotations

import html
from typing import Any

from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe


def format_html(format_string: str, *args: Any) -> SafeString:
    """Django's format_html with positional arguments: each escaped unless it is already safe markup (it has
    `__html__`), the whole marked safe."""
    return mark_safe(format_string.format(*map(escaped, args)))  # noqa: S308 (every argument escaped)


def escaped(value: Any) -> str:
    """Django's conditional_escape, as text."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))
