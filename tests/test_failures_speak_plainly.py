"""Failures speak plainly (issue 18): the ingest command exits 2 on a corrupt store and on a full
disk, as the README says; a full disk during a build or a load leaves no stray .tmp or .wal file and
the store unchanged; the server hides tracebacks; loading needs a sign-in, which the load log records."""

from __future__ import annotations

import errno
import hashlib
import shutil
import tomllib
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics import access, db
from analytics.ingest import Source, isolated, loader, privacy
from analytics.ingest.__main__ import main as ingest_main
from data import build
from tests.apptest import open_page

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "ssda903" / "oc3_2023.csv"
KPI_BUDGET = b"line_id,option,item,amount\nbase_budget,,Base Budget,1300000\n"


@pytest.fixture()
def copy(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "store.duckdb"
    shutil.copyfile(store, path)
    monkeypatch.setenv(db.STORE_ENV, str(path))
    monkeypatch.setenv(privacy.KEY_ENV, str(tmp_path / "key"))
    return path


def full_disk(*_: object, **__: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_corrupt_store_exits_2(copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy.write_bytes(b"not a database" * 100)
    budget = tmp_path / "budget_lines.csv"
    budget.write_bytes(KPI_BUDGET)
    assert ingest_main([str(budget), "--store", str(copy)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_full_disk_exits_2_and_leaves_nothing_behind(copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    budget = tmp_path / "budget_lines.csv"
    budget.write_bytes(KPI_BUDGET)
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    real_run = loader._run

    def fills_up(con: duckdb.DuckDBPyConnection, name: str, *args: object, **kwargs: object) -> None:
        real_run(con, name, *args, **kwargs)
        if name == "ingest_log_file":  # half way: the copy and its journal exist
            full_disk()

    monkeypatch.setattr(loader, "_run", fills_up)
    assert ingest_main([str(budget), "--store", str(copy)]) == 2
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in copy.parent.iterdir() if p.name.startswith(copy.name)) == [copy.name]


def test_a_full_disk_build_leaves_no_stray_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "built.duckdb"
    monkeypatch.setattr(build, "_validate", full_disk)
    with pytest.raises(OSError):
        build.build(out)
    assert list(tmp_path.iterdir()) == []


def test_the_server_hides_tracebacks_and_listens_locally() -> None:
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert settings["client"]["showErrorDetails"] == "none"
    assert settings["server"]["address"] == "127.0.0.1"
    assert "--server.address $(ADDRESS)" in (ROOT / "Makefile").read_text()


def test_a_password_is_kept_as_a_hash_and_compared_in_constant_time() -> None:
    stored = access.hash_password("a long test password", iterations=1000)
    assert "a long test password" not in stored
    assert access.password_matches("a long test password", stored)
    assert not access.password_matches("a long test passworD", stored)
    assert not access.password_matches("anything", "not a hash")


def test_loading_needs_a_sign_in_and_the_log_says_who(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    st.cache_data.clear()
    at = open_page("pages/80_Data.py")
    at.file_uploader[0].set_value([("budget_lines.csv", KPI_BUDGET, "text/csv")]).run()
    assert not at.success  # no check before the click
    at.button(key="data_check_files").click().run()
    assert at.success[0].value == "All 1 files passed every check."
    # Nothing configured: loading is switched off.
    assert not [b for b in at.button if b.key == "data_load"]
    assert any("Loading is switched off" in i.value for i in at.info)

    monkeypatch.setenv(access.PASSWORD_HASH_ENV, access.hash_password("the right password", iterations=1000))
    at.run()
    at.text_input(key="signin_name").input("Ann Loader")
    at.text_input(key="signin_password").input("the wrong password")
    at.get("form_submit_button")[0].click()
    at.run()
    assert any("did not sign you in" in e.value for e in at.error)
    assert not [b for b in at.button if b.key == "data_load"]
    at.text_input(key="signin_password").input("the right password")
    at.get("form_submit_button")[0].click()
    at.run()
    at.button(key="data_load").click().run()
    assert not at.exception
    log = next(d.value for d in at.dataframe if "sha256" in d.value.columns)
    assert log["loaded_by"].tolist() == ["password:Ann Loader"]
    assert log["records"].tolist() == ["c"]  # one record: suppressed like every count below 5
    st.cache_data.clear()


# What a council's deployment puts in .streamlit/secrets.toml for Streamlit's built-in sign-in
# (README, Deployment); no identity provider is reached in these tests, only st.user as it reports.
IDENTITY_PROVIDER = {"auth": {
    "redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "a test cookie secret of some length",
    "client_id": "leaving-care-insight", "client_secret": "a test client secret",
    "server_metadata_url": "https://login.council.example/.well-known/openid-configuration",
}}


def checked_budget_upload(**page: object) -> AppTest:
    st.cache_data.clear()
    at = open_page("pages/80_Data.py", **page)
    at.file_uploader[0].set_value([("budget_lines.csv", KPI_BUDGET, "text/csv")]).run()
    at.button(key="data_check_files").click().run()
    assert at.success[0].value == "All 1 files passed every check."
    return at


def test_with_an_identity_provider_a_signed_out_user_is_offered_the_council_sign_in_and_cannot_load(
    copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A password is configured too: the identity provider, when there is one, is the way in.
    monkeypatch.setenv(access.PASSWORD_HASH_ENV, access.hash_password("the right password", iterations=1000))
    at = checked_budget_upload(secrets=IDENTITY_PROVIDER, user={"is_logged_in": False})
    assert any(i.value == "Loading data needs a sign-in with your council account." for i in at.info)
    assert [b.label for b in at.button if b.key == "signin_sso"] == ["Sign in"]
    assert not [b for b in at.button if b.key == "data_load"]
    assert not [t for t in at.text_input if t.key in ("signin_name", "signin_password")]
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    at.run()
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before


def test_a_user_signed_in_by_the_identity_provider_loads_and_the_log_names_them(copy: Path) -> None:
    person = {"is_logged_in": True, "email": "ann.loader@council.example", "name": "Ann Loader"}
    at = checked_budget_upload(secrets=IDENTITY_PROVIDER, user=person)
    assert "Signed in to load data as ann.loader@council.example." in [c.value for c in at.caption]
    assert not [b for b in at.button if b.key == "signin_sso"]
    at.button(key="data_load").click().run()
    assert not at.exception, [e.message for e in at.exception]
    log = next(d.value for d in at.dataframe if "sha256" in d.value.columns)
    assert log["loaded_by"].tolist() == ["sso:ann.loader@council.example"]
    st.cache_data.clear()


def test_signing_out_of_the_identity_provider_takes_the_load_button_away(copy: Path) -> None:
    person = {"is_logged_in": True, "email": "ann.loader@council.example"}
    at = checked_budget_upload(secrets=IDENTITY_PROVIDER, user=person)
    assert [b for b in at.button if b.key == "data_load"]
    at.button(key="signin_out").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.user == {"is_logged_in": False}
    assert not [b for b in at.button if b.key == "data_load"]
    assert [b for b in at.button if b.key == "signin_sso"]


def test_without_an_auth_section_the_identity_provider_is_not_assumed(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Other secrets, no [auth]: st.user is not consulted, and the configured password is the way in.
    monkeypatch.setenv(access.PASSWORD_HASH_ENV, access.hash_password("the right password", iterations=1000))
    at = checked_budget_upload(secrets={"loading": {"note": "no identity provider here"}},
                               user={"is_logged_in": True, "email": "someone@elsewhere.example"})
    assert not [b for b in at.button if b.key in ("signin_sso", "data_load")]
    assert [t.key for t in at.text_input if t.key.startswith("signin_")] == ["signin_name", "signin_password"]


def test_a_password_hash_in_the_secrets_is_a_configured_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(access.PASSWORD_HASH_ENV, raising=False)
    stored = access.hash_password("the right password", iterations=1000)
    assert access.configured_hash({"password_hash": stored}) == stored
    assert access.configured_hash({}) is None and access.configured_hash(None) is None


def test_a_check_past_its_time_limit_is_stopped(copy: Path) -> None:
    with pytest.raises(isolated.WorkerFailed, match="longer than"):
        isolated.run([Source.from_path(FIXTURE)], dry_run=True, timeout_s=0.01)


def test_a_worker_that_fails_says_so_plainly_and_keeps_the_detail_for_the_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No store where the settings point: the worker's error names the path, which the user must not see.
    monkeypatch.setenv(db.STORE_ENV, str(tmp_path / "gone.duckdb"))
    with pytest.raises(isolated.WorkerFailed, match="stopped with an error") as caught:
        isolated.run([Source.from_path(FIXTURE)], dry_run=True)
    assert str(tmp_path) not in str(caught.value)  # no server path for the user
    assert str(tmp_path) in str(caught.value.__cause__)  # the detail, for the server's log
