"""Hostile requests to the app's pages: POST bodies and query strings, as hypothesis strategies.

A body is a form (sent multipart, with lists as repeated keys), raw urlencoded bytes (broken
percent-escapes, invalid UTF-8), or text under another content type (JSON, plain text). Field
names mix each page's real names with arbitrary ones; values are huge, unicode, NUL bytes,
control characters, JSON-ish text, numbers, the values a real page sends, and :data:`MARKER`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.test import Client
from django.test.client import MULTIPART_CONTENT
from hypothesis import strategies as st

#: A script tag no page writes: finding it unescaped in a response is a reflected payload.
MARKER = "<script>fz0</script>"
#: The field names every page may be sent, whatever its form.
COMMON_FIELDS = ("csrfmiddlewaretoken", "next", "action", "remember_device")
#: What real pages send: choices, actions, codes, booleans (to reach the branches past a form).
REAL_VALUES = (
    "SOFTWARE_TOKEN_MFA", "EMAIL_OTP", "SMS_MFA", "SMS_OTP", "PASSWORD", "PASSWORD_SRP",
    "WEB_AUTHN", "forget", "forget_others", "totp", "enable", "prefer", "disable", "resend",
    "123456", "000000", "12345678", "1 2 3 4 5 6", "on", "true", "tess@example.com", "tess",
    "Demo-Pass-1!", "/home/", "//evil.example/", "https://evil.example/", "javascript:alert(1)",
)
SPECIALS = ("", " ", "\x00", "a\x00b", "\r\n", "\t", "\u202e", "\ufeff", "\u0661\u0662\u0663\u0664"
            "\u0665\u0666", "%00", "%", "&=&", "{{ request }}", "{% debug %}", "../../etc/passwd",
            "null", "[]", "{}", "-1", "1e309", "NaN", "0x10")

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=6,
)
_b64url = st.text(alphabet="AZaz09_-=+/", min_size=1, max_size=24) | st.text(max_size=8)
#: A PublicKeyCredential almost right: the shape the passkey forms check, with junk inside.
_credential = st.fixed_dictionaries(
    {"type": st.sampled_from(["public-key", "PUBLIC-KEY", ""]), "id": _b64url, "rawId": _b64url,
     "response": st.dictionaries(
         st.sampled_from(["clientDataJSON", "authenticatorData", "signature", "userHandle",
                          "attestationObject"]), _b64url | _json, max_size=5)},
    optional={"extra": _json},
)
_json_text = st.one_of(_json, _credential).map(json.dumps)
_huge = st.builds(lambda char, count: char * count, st.sampled_from(["A", "é", "\x00", "7", "💥"]),
                  st.integers(min_value=257, max_value=70_000))

#: One value for a field: text of every kind, numbers, JSON, the marker.
scalars = st.one_of(
    st.text(max_size=40), st.sampled_from(SPECIALS), st.sampled_from(REAL_VALUES),
    st.integers(), st.floats(allow_nan=False, allow_infinity=False), _huge, _json_text,
    st.text(max_size=8).map(lambda text: text + MARKER),
)
#: A field's values: one, or several (repeated keys), or none at all.
values = scalars | st.lists(scalars, max_size=2)


def field_names(real: tuple[str, ...]) -> st.SearchStrategy[str]:
    """A page's real field names, the ones every page may get, and arbitrary text."""
    return st.one_of(st.sampled_from(real + COMMON_FIELDS), st.text(min_size=1, max_size=20))


@dataclass(frozen=True)
class Post:
    """One request: where it goes (its query string), what it carries, and how it is typed."""

    query: str
    data: Any
    content_type: str = MULTIPART_CONTENT

    def send(self, client: Client, path: str, **extra: Any):
        target = f"{path}?{self.query}" if self.query else path
        return client.post(target, self.data, content_type=self.content_type, **extra)


def _form(real: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(field_names(real), values, max_size=4)


def _urlencoded(real: tuple[str, ...]) -> st.SearchStrategy[bytes]:
    pairs = st.lists(st.tuples(field_names(real), scalars.map(str)), max_size=4)
    encoded = pairs.map(lambda p: urlencode(p).encode())
    return st.one_of(encoded, st.binary(max_size=200),
                     st.text(alphabet="a=&%0fF;+\x00é", max_size=60).map(str.encode))


queries = st.one_of(
    st.just(""),
    st.lists(st.tuples(st.sampled_from(["next", "action"]) | st.text(max_size=8),
                       scalars.map(str)), max_size=3).map(urlencode),
    st.text(alphabet="next=&%0fF;+/?#<>\"'é", max_size=40),
)


def posts(real: tuple[str, ...]) -> st.SearchStrategy[Post]:
    """Any POST to a page whose form has the fields ``real``."""
    return st.one_of(
        st.builds(Post, queries, _form(real)),
        st.builds(Post, queries, _urlencoded(real),
                  st.just("application/x-www-form-urlencoded")),
        st.builds(Post, queries, (_json_text | st.text(max_size=60)).map(str.encode),
                  st.sampled_from(["application/json", "text/plain", "multipart/form-data",
                                   "application/x-www-form-urlencoded"])),
    )


def reflected(response) -> bool:
    """Whether the response carries :data:`MARKER` unescaped."""
    return MARKER.encode() in response.content
