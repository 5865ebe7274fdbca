"""python -m accounts: add, set-role, reset-password, unlock and list against a migrated SQLite file."""
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from accounts.__main__ import main
from accounts.audit import events
from accounts.signin import sign_in, utcnow
from schema.migrate import upgrade


def test_the_command_line_manages_accounts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'accounts.db'}"
    engine = create_engine(url)
    upgrade(engine)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("ACCOUNT_PASSWORD", "first long password")
    main(["add", "王乡长", "leader"])
    with pytest.raises(SystemExit, match="village secretary needs an existing village"):
        main(["set-role", "王乡长", "village_secretary", "--village", "99"])
    main(["set-role", "王乡长", "observer"])
    monkeypatch.setenv("ACCOUNT_PASSWORD", "second long password")
    main(["reset-password", "王乡长"])
    main(["unlock", "王乡长"])
    capsys.readouterr()
    main(["list"])
    listed = capsys.readouterr().out
    assert "王乡长" in listed and "observer" in listed and "argon2" not in listed
    assert sign_in(engine, "王乡长", "first long password", utcnow()) is None
    assert sign_in(engine, "王乡长", "second long password", utcnow()) is not None
    assert events(engine, actor="cli")["action"].tolist() == [
        "account_unlocked", "password_reset", "role_set", "account_added"]
