"""The TOTP set-up QR code, drawn on the server as inline SVG (no third-party service)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import segno
from django.utils.safestring import SafeString, mark_safe


def otpauth_uri(issuer: str, account: str, secret: str) -> str:
    """``otpauth://totp/Issuer:account?secret=...&issuer=Issuer`` (Key Uri Format)."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode({"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": 6,
                       "period": 30})
    return f"otpauth://totp/{label}?{query}"


def qr_svg(data: str, *, title: str) -> SafeString:
    """An accessible inline SVG of ``data`` (segno escapes the title)."""
    svg = segno.make(data, error="m").svg_inline(scale=5, border=2, title=title,
                                                 svgclass="cc-qr", lineclass=None)
    return mark_safe(svg)  # noqa: S308 (segno's own SVG output)
