"""The pinned Python environment: requirements.txt and environment.yml pin the same packages at
the same versions, constraints.txt agrees with both, and the venv has exactly those versions."""

import re
from importlib import metadata
from pathlib import Path

ENV = Path(__file__).resolve().parent.parent / "environment"


def norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lines):
    found = {}
    for line in lines:
        line = line.split("#", 1)[0].strip().lstrip("- ").strip()
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([A-Za-z0-9_.+\-]+)", line)
        if m:
            found[norm(m.group(1))] = m.group(2)
    return found


def test_requirements_pin_every_package_exactly():
    lines = [l.split("#", 1)[0].strip() for l in (ENV / "requirements.txt").read_text().splitlines()]
    lines = [l for l in lines if l]
    assert lines and all("==" in l for l in lines), f"unpinned lines: {[l for l in lines if '==' not in l]}"


def test_environment_yml_carries_the_same_pins():
    req = pins((ENV / "requirements.txt").read_text().splitlines())
    yml_lines = (ENV / "environment.yml").read_text().splitlines()
    pip_section = yml_lines[next(i for i, l in enumerate(yml_lines) if l.strip() == "- pip:") + 1:]
    yml = pins(pip_section)
    assert yml == req, f"environment.yml {yml} differs from requirements.txt {req}"


def test_constraints_agree_with_requirements():
    req = pins((ENV / "requirements.txt").read_text().splitlines())
    con = pins((ENV / "constraints.txt").read_text().splitlines())
    differ = {n: (v, con.get(n)) for n, v in req.items() if con.get(n) != v}
    assert not differ, f"constraints.txt pins differently: {differ}"


def test_this_python_has_the_pinned_versions():
    req = pins((ENV / "requirements.txt").read_text().splitlines())
    wrong = {}
    for name, version in req.items():
        try:
            got = metadata.version(name)
        except metadata.PackageNotFoundError:
            got = None
        if got != version:
            wrong[name] = (version, got)
    assert not wrong, f"pinned vs installed: {wrong}; run environment/setup test"
