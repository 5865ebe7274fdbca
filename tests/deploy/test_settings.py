"""The shipped Streamlit settings are fit for production: XSRF protection on, and no secret, address or port in
the repository (they come from the environment or the untracked secrets.toml)."""
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / ".streamlit" / "config.toml"
SECRET_KEYS = {"cookiesecret", "cookie_secret", "client_secret", "password", "url"}


def tracked(*patterns: str) -> list[str]:
    return subprocess.run(["git", "ls-files", "--", *patterns], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.split()


def keys(table: dict[str, object], prefix: str = "") -> set[str]:
    """Every key of a TOML document, nested ones as `section.key`."""
    found = set()
    for key, value in table.items():
        found.add(f"{prefix}{key}")
        if isinstance(value, dict):
            found |= keys(value, f"{prefix}{key}.")
    return found


def test_xsrf_protection_is_on() -> None:
    assert tomllib.loads(CONFIG.read_text())["server"]["enableXsrfProtection"] is True


def test_the_config_names_no_cookie_secret_address_or_port() -> None:
    server = tomllib.loads(CONFIG.read_text())["server"]
    assert not {"cookieSecret", "address", "port"} & server.keys()


def test_no_committed_toml_holds_a_secret() -> None:
    files = tracked("*.toml")
    assert ".streamlit/config.toml" in files
    for name in files:
        names = {key.rsplit(".", 1)[-1].lower() for key in keys(tomllib.loads((ROOT / name).read_text()))}
        assert not names & SECRET_KEYS, f"{name} holds {names & SECRET_KEYS}"


def test_secrets_toml_is_ignored_and_untracked() -> None:
    assert tracked(".streamlit") == [".streamlit/config.toml"]
    assert subprocess.run(["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=ROOT).returncode == 0
