"""Profiles: named papermill parameter sets, stored as YAML data.

A profile maps parameter names to values; every notebook receives the ones
its `parameters` cell declares. A name no notebook declares is a typo, and is
refused with the valid names listed, rather than silently ignored (papermill
itself only warns).

    >>> load_profile("smoke")["model_id"]
    'offline-default'
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import yaml

PROFILE_DIR = files("fccourse") / "resources" / "profiles"


def profile_names() -> list[str]:
    return sorted(p.name[: -len(".yaml")] for p in PROFILE_DIR.iterdir() if p.name.endswith(".yaml"))


def load_profile(name_or_path: str | Path) -> dict:
    """Parameters of a shipped profile (by name) or of a user's YAML file."""
    text = str(name_or_path)
    if text in profile_names():
        raw = (PROFILE_DIR / f"{text}.yaml").read_text()
    elif Path(text).is_file():
        raw = Path(text).read_text()
    else:
        raise ValueError(f"unknown profile {text!r}: use one of {', '.join(profile_names())} or a path to a YAML file")
    data = yaml.safe_load(raw) or {}
    params = data.get("parameters", {})
    if not isinstance(params, dict):
        raise ValueError(f"profile {text!r}: 'parameters' must be a mapping of name: value")
    return params


def check_names(params: dict, declared: dict[str, set[str]], profile: str = "profile") -> None:
    """Refuse names that no notebook declares.

    >>> check_names({"seed": 1}, {"00_setup": {"seed"}})
    >>> check_names({"sed": 1}, {"00_setup": {"seed"}})
    Traceback (most recent call last):
    ...
    ValueError: profile: unknown parameter 'sed' (no notebook declares it). Valid names: seed
    """
    valid = set().union(*declared.values()) if declared else set()
    unknown = sorted(set(params) - valid)
    if unknown:
        names = ", ".join(repr(n) for n in unknown)
        raise ValueError(
            f"{profile}: unknown parameter {names} (no notebook declares it). Valid names: {', '.join(sorted(valid))}"
        )
