"""Who may load data: a password for a stand-alone install, kept only as a salted hash.

Viewing the dashboard is open; loading files into the store (the Data page) needs a sign-in. A
council's deployment signs people in through its own identity provider with Streamlit's built-in
``st.login`` (README, Deployment). A stand-alone install uses one password for the people who load
data: only its PBKDF2-SHA256 hash is configured (``LCI_LOADER_PASSWORD_HASH``, or ``password_hash``
under ``[loading]`` in ``.streamlit/secrets.toml``), and a password given is compared with
``hmac.compare_digest``, so the comparison takes the same time whatever it matches.

Make a hash::

    python -m analytics.access          # asks for the password twice, prints the hash

Example::

    >>> stored = hash_password("correct horse", salt=b"s" * 16, iterations=1000)
    >>> stored.split("$")[:2]
    ['pbkdf2_sha256', '1000']
    >>> password_matches("correct horse", stored), password_matches("wrong", stored)
    (True, False)
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import os
import secrets
import sys

PASSWORD_HASH_ENV = "LCI_LOADER_PASSWORD_HASH"
SCHEME = "pbkdf2_sha256"
# OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
ITERATIONS = 600_000


def hash_password(password: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """'pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>'."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` (a ``hash_password`` string) was made from; a
    malformed ``stored`` matches nothing."""
    try:
        scheme, iterations, salt, digest = stored.strip().split("$")
        if scheme != SCHEME:
            return False
        given = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt), int(iterations))
        return hmac.compare_digest(given, bytes.fromhex(digest))
    except ValueError:
        return False


def configured_hash(secrets_section: dict[str, str] | None = None) -> str | None:
    """The configured hash: ``$LCI_LOADER_PASSWORD_HASH``, else the secrets' ``[loading]
    password_hash`` (passed in by the page, which reads Streamlit's secrets)."""
    return os.environ.get(PASSWORD_HASH_ENV) or (secrets_section or {}).get("password_hash") or None


def main() -> int:
    first = getpass.getpass("Password for loading data: ")
    if len(first) < 12:
        print("use at least 12 characters", file=sys.stderr)
        return 1
    if getpass.getpass("Again: ") != first:
        print("the two did not match", file=sys.stderr)
        return 1
    print(hash_password(first))
    return 0


if __name__ == "__main__":
    sys.exit(main())
