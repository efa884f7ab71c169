"""environment/setup repairs what it can and says what it cannot: a package deleted from the venv
is reinstalled by the next run, and an unreachable package index falls back to Debian's Jupyter
with one line saying what the learner loses."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
VENV = REPO / ".venv"

pytestmark = pytest.mark.skipif(Path(sys.prefix).resolve() != VENV.resolve(),
                                reason="runs on the project's own .venv only")


def setup(**env):
    return subprocess.run([str(REPO / "environment" / "setup"), "run"], capture_output=True, text=True,
                          timeout=900, env={**os.environ, "LAB_PYTHON": "", **env})


def test_a_package_deleted_from_the_venv_is_reinstalled():
    subprocess.run([sys.executable, "-m", "pip", "uninstall", "-y", "-q", "jupyter_kernel_test"], check=True)
    done = setup()
    assert done.returncode == 0, done.stderr
    assert "a package is missing" in done.stderr, done.stderr
    assert done.stdout.strip().endswith(f"LAB_PYTHON={VENV}/bin/python"), done.stdout
    check = subprocess.run([sys.executable, "-c", "import jupyter_kernel_test"], capture_output=True)
    assert check.returncode == 0, "jupyter_kernel_test was not reinstalled"


@pytest.mark.skipif(shutil.which("apt-get") is None or os.getuid() != 0,
                    reason="the Debian fallback installs with apt-get as root")
def test_an_unreachable_index_falls_back_to_debian_and_says_what_is_lost(tmp_path):
    done = setup(LAB_VENV=str(tmp_path / "venv"), PIP_INDEX_URL="http://127.0.0.1:9/simple",
                 PIP_FIND_LINKS="", PIP_RETRIES="0", PIP_DEFAULT_TIMEOUT="2")
    assert "classic Notebook 6 instead of JupyterLab 4" in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("LAB_PYTHON=/usr/bin/python3"), done.stdout
