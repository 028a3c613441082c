"""The shipped deployment files: a systemd unit and timer that run `pantau nightly` as an unprivileged user."""

from __future__ import annotations

import configparser
from pathlib import Path

from pantau_configs.models import load_nightly
from pantau_configs.paths import CONFIG_DIR


def read_unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((CONFIG_DIR / "systemd" / name).read_text(encoding="utf-8"))
    return parser


def test_service_runs_nightly_as_an_unprivileged_user() -> None:
    service = read_unit("pantau-nightly.service")["Service"]
    assert service["User"] == "pantau" and service["Type"] == "oneshot"
    assert service["ExecStart"].endswith("pantau nightly --config configs/nightly.yaml")
    assert set(service["SuccessExitStatus"].split()) == {"1", "3"}
    assert service["NoNewPrivileges"] == "true"


def test_timer_is_nightly_and_catches_up() -> None:
    timer = read_unit("pantau-nightly.timer")["Timer"]
    assert timer["OnCalendar"].endswith("01:30:00") and timer["Persistent"] == "true"


def test_shipped_nightly_config_loads() -> None:
    config = load_nightly(CONFIG_DIR / "nightly.yaml")
    assert config.db == "data/pantau.db" and Path(config.sources).name == "sources.yaml"
    assert config.max_pages_per_source > 0
