"""pyproject.toml declares every folder that goes into the wheel, so setuptools installs them without warnings."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def declared() -> tuple[set[str], dict[str, str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    return set(config["packages"]), config.get("package-dir", {})


def folders_of(package: str, folder: Path) -> set[str]:
    """package and every subfolder holding files (as dotted names), the way setuptools sees them."""
    found = set()
    for path in [folder, *sorted(p for p in folder.rglob("*") if p.is_dir())]:
        if "__pycache__" in path.parts or not any(child.is_file() for child in path.iterdir()):
            continue
        found.add(".".join([package, *path.relative_to(folder).parts]))
    return found


def test_every_package_and_data_folder_is_declared() -> None:
    packages, package_dir = declared()
    tops = {name.split(".")[0] for name in packages}
    expected: set[str] = set()
    for top in tops:
        expected |= folders_of(top, ROOT / package_dir.get(top, top))
    assert expected - packages == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert packages - expected == set(), "these declared packages have no folder with files"
