"""Untrusted text made safe for a log line."""

from __future__ import annotations

MAX_LENGTH = 200


def printable(value: object) -> str:
    """``value`` with control and separator characters escaped (``\\r``, ``\\n``, ``\\x1b``...).

    SECURITY: a typed username goes into log lines; a CR/LF in it must not forge another line,
    nor an escape sequence repaint a terminal (ASVS 16.4.1).
    """
    text = str(value)[:MAX_LENGTH]
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)
