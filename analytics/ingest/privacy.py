"""Pseudonymisation of loaded records: a keyed hash for the child's ID, the month for a date of birth
and for the date UASC status ceased (DUC: the 18th birthday for most, so its day would give the date
of birth back; SSDA903 records are cut to the month as they are written, in
``analytics/sql/ingest_stage_<table>_rows.sql``).

CHILD is replaced by HMAC-SHA256 under a secret key held in a file outside the store, so the same
child gets the same key in every year and table (records still link) while nobody holding only the
store can recover an ID, nor confirm a guessed one without the key. The key file is created on first
use, readable by its owner only. Losing it means later loads no longer link to earlier ones: back it
up with the authority's other secrets, never in git.

Where the key lives, first match wins: the ``path`` argument (``--key``), ``$LCI_INGEST_KEY``, the
configuration's ``[ingest] key_file``, else ``data/.ingest_key``.

Example::

    >>> key = b"k" * 32
    >>> child_key("CL001", key)[:16]
    '0ad3f79f6495609d'
    >>> birth_month(dt.date(2006, 5, 17))
    datetime.date(2006, 5, 1)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from analytics import config

KEY_ENV = "LCI_INGEST_KEY"
DEFAULT_KEY = config.ROOT / "data" / ".ingest_key"
_KEY_BYTES = 32


def key_path(path: Path | str | None = None) -> Path:
    if path is not None:
        return Path(path)
    if os.environ.get(KEY_ENV):
        return Path(os.environ[KEY_ENV])
    configured = config.load().ingest.key_file
    return configured or DEFAULT_KEY


def load_key(path: Path | str | None = None) -> bytes:
    """The key at ``key_path(path)``, created (mode 600) if there is none yet."""
    where = key_path(path)
    try:
        return bytes.fromhex(where.read_text().strip())
    except FileNotFoundError:
        pass
    where.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(_KEY_BYTES)
    try:
        # O_EXCL: two first loads at once must not each write a different key.
        fd = os.open(where, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return bytes.fromhex(where.read_text().strip())
    with os.fdopen(fd, "w") as handle:
        handle.write(key.hex() + "\n")
    return key


def child_key(child: str, key: bytes) -> str:
    return hmac.new(key, child.strip().encode("utf-8"), hashlib.sha256).hexdigest()


def birth_month(dob: dt.date) -> dt.date:
    return dob.replace(day=1)
