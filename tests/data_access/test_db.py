from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert

from data_access.db import DatabaseUnavailable, check_database, database_url
from schema import Base, Township


def test_database_url_prefers_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/cockpit")
    assert database_url() == "postgresql+psycopg://postgres@127.0.0.1/cockpit"
    monkeypatch.delenv("DATABASE_URL")
    assert database_url().startswith("sqlite:///")


def test_a_missing_sqlite_file_is_reported_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    with pytest.raises(DatabaseUnavailable) as error:
        check_database(create_engine(f"sqlite:///{path}"))
    assert error.value.reason == "empty" and "python -m seed" in error.value.message_zh
    assert not path.exists()


def test_an_empty_database_is_reported_in_both_languages(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    engine.connect().close()
    with pytest.raises(DatabaseUnavailable, match="no governance tables") as error:
        check_database(engine)
    assert "数据库" in error.value.message_zh
    Base.metadata.create_all(engine)
    with pytest.raises(DatabaseUnavailable, match="no township"):
        check_database(engine)
    with engine.begin() as conn:
        conn.execute(insert(Township).values(name="罗水乡", centre_name="中心", lat=29.2, lon=110.3))
    check_database(engine)


def test_an_unreachable_server_is_reported_without_a_traceback() -> None:
    engine = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/none", connect_args={"connect_timeout": 2})
    with pytest.raises(DatabaseUnavailable) as error:
        check_database(engine)
    assert error.value.reason == "unreachable"
    assert "无法连接数据库" in error.value.message_zh and "Cannot reach" in error.value.message_en
