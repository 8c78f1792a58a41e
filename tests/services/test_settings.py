"""Settings precedence: defaults < config file < environment < explicit overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.settings import ConfigFileError, load_settings


def test_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "switchboard.toml").write_text(
        'port = 9001\nhost = "127.0.0.2"\n[limits]\nmax_page_size = 40\ndefault_page_size = 10\n'
    )
    assert load_settings(data_dir=tmp_path).port == 9001
    monkeypatch.setenv("SWITCHBOARD_PORT", "9002")
    monkeypatch.setenv("SWITCHBOARD_LIMITS__MAX_PAGE_SIZE", "30")
    settings = load_settings(data_dir=tmp_path)
    assert (settings.port, settings.host) == (9002, "127.0.0.2")
    assert (settings.limits.max_page_size, settings.limits.default_page_size) == (30, 10)  # merged per key
    assert load_settings(data_dir=tmp_path, port=9003).port == 9003


def test_config_file_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "conf" / "sb.toml"
    elsewhere.parent.mkdir()
    elsewhere.write_text("port = 7000\n")
    monkeypatch.setenv("SWITCHBOARD_CONFIG_FILE", str(elsewhere))
    assert load_settings(data_dir=tmp_path).port == 7000
    monkeypatch.delenv("SWITCHBOARD_CONFIG_FILE")
    monkeypatch.setenv("SWITCHBOARD_DATA_DIR", str(tmp_path / "d"))
    settings = load_settings()
    assert settings.resolved_config_file == tmp_path / "d" / "switchboard.toml"
    assert settings.resolved_database_url.endswith(str(tmp_path / "d" / "switchboard.db"))


def test_bad_file_and_bad_values_are_clear(tmp_path: Path) -> None:
    (tmp_path / "switchboard.toml").write_text("port = \n")
    with pytest.raises(ConfigFileError, match="cannot read config file"):
        load_settings(data_dir=tmp_path)
    (tmp_path / "switchboard.toml").write_text('auth_mode = "open"\n')
    with pytest.raises(ValueError, match="auth_mode"):
        load_settings(data_dir=tmp_path)
