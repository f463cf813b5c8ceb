"""Text from users and files shown as text, and failures told plainly.

Text from users and files is never shown as a link, an image, HTML or formatting.

Streamlit renders ``st.markdown``, ``st.caption``, ``st.info`` and the like as Markdown, so a value
from a query string, an uploaded file or a stored budget line that holds ``![x](https://...)``
would fetch an image from another site and ``[log in](https://...)`` would be a link. ``md`` puts a
backslash before every ASCII punctuation character, which CommonMark reads as that character and
nothing more; a bare address loses its ``://`` and is not turned into a link either.

A failure the page catches is logged on the server with its traceback under a short reference; the
person sees a plain sentence and the reference (``failed``). Uncaught errors show Streamlit's
redacted message (``showErrorDetails = "none"`` in ``.streamlit/config.toml``).

Example::

    >>> md("![x](https://evil.example/i.png) <b>hi</b> `code`")
    '\\\\!\\\\[x\\\\]\\\\(https\\\\:\\\\/\\\\/evil\\\\.example\\\\/i\\\\.png\\\\) \\\\<b\\\\>hi\\\\<\\\\/b\\\\> \\\\`code\\\\`'
"""

from __future__ import annotations

import logging
import re
import secrets
import string

import streamlit as st

_LOG = logging.getLogger("leaving_care_insight")

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")


def md(text: object) -> str:
    """``text`` escaped for any Streamlit element that renders Markdown; line breaks become spaces."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


def failed(message: str, exc: BaseException) -> str:
    """Log ``exc`` with its traceback on the server under a short reference, and show the user
    ``message`` and the reference only (never a path or a traceback). Returns the reference."""
    reference = secrets.token_hex(4)
    _LOG.error("reference %s: %s", reference, message, exc_info=exc)
    st.error(f"{md(message)} If it happens again, give your administrator the reference **{reference}**.",
             icon=":material/error:")
    return reference
