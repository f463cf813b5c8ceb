"""The sign-in that loading data needs (viewing stays open); ``analytics.access`` holds the rules.

Two ways, the first configured wins:

- Streamlit's built-in authentication against the council's identity provider, when
  ``.streamlit/secrets.toml`` has an ``[auth]`` section (README, Deployment): a "Sign in" button
  calls ``st.login`` and the person is known by the e-mail address the provider gives.
- A password for a stand-alone install, when its hash is configured: the person gives their name
  (for the load log) and the password.

With neither, loading is switched off and the page says how to switch it on.
"""

from __future__ import annotations

import streamlit as st

from analytics import access

_SIGNED_IN = "signin_user"


def _secrets_section(name: str) -> dict[str, str] | None:
    try:
        section = st.secrets.get(name)
    # No secrets.toml at all: Streamlit raises its own error type for that.
    except Exception:  # noqa: BLE001
        return None
    return dict(section) if section else None


def _identity_provider() -> bool:
    return _secrets_section("auth") is not None


def user() -> str | None:
    """Who is signed in to load data ('sso:name@council.gov.uk' or 'password:Name'), or None."""
    if _identity_provider():
        return f"sso:{st.user.get('email') or st.user.get('name')}" if st.user.is_logged_in else None
    return st.session_state.get(_SIGNED_IN)


def gate() -> str | None:
    """The signed-in user, or None after drawing what it takes to sign in."""
    who = user()
    if who is not None:
        cols = st.columns([4, 1])
        cols[0].caption(f"Signed in to load data as {who.split(':', 1)[1]}.")
        if cols[1].button("Sign out", key="signin_out"):
            if _identity_provider():
                st.logout()
            st.session_state.pop(_SIGNED_IN, None)
            st.rerun()
        return who
    if _identity_provider():
        st.info("Loading data needs a sign-in with your council account.", icon=":material/lock:")
        st.button("Sign in", key="signin_sso", on_click=st.login, icon=":material/login:")
        return None
    stored = access.configured_hash(_secrets_section("loading"))
    if stored is None:
        st.info(
            "Loading is switched off on this server: nobody has been given a way to sign in. An administrator sets a "
            "password hash or the council's sign-in (README, Deployment). Checking files works without it.",
            icon=":material/lock:",
        )
        return None
    with st.form("signin_form", border=True):
        st.markdown("**Sign in to load data**")
        name = st.text_input("Your name (recorded in the load log)", key="signin_name", max_chars=80)
        password = st.text_input("Password", type="password", key="signin_password")
        submitted = st.form_submit_button("Sign in", icon=":material/login:")
    if submitted:
        if name.strip() and access.password_matches(password, stored):
            st.session_state[_SIGNED_IN] = f"password:{name.strip()}"
            st.rerun()
        st.error("That name and password did not sign you in.")
    return None
