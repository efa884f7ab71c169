"""The workshop server: JupyterHub with three learners logged in through its REST API, each
running notebook 05 at the same time through the hub, all from one shared read-only model cache
that nobody changes."""

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "environment"))
import workshop  # noqa: E402

LEARNERS = ["alice", "bob", "carol"]
NOTEBOOK = "05-soft-labels-and-temperature.ipynb"

pytestmark = pytest.mark.skipif(
    not (Path(sys.prefix) / "node_modules" / ".bin" / "configurable-http-proxy").exists(),
    reason="configurable-http-proxy is not installed (./lab test installs it)")


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    """Seeded as an instructor would: `./lab workshop seed` runs notebook 00 into it."""
    cache = tmp_path_factory.mktemp("shared-cache")
    subprocess.run([sys.executable, str(REPO / "environment" / "workshop.py"), "seed", "--profile", "quick",
                    "--cache", str(cache), "00-the-big-idea.ipynb"], check=True, timeout=1800)
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert files, "seeding wrote nothing into the shared cache"
    assert all(not (p.stat().st_mode & 0o222) for p in files), "the seeded files must be read-only"
    return cache


async def learner_runs(hub, user, nb):
    token = await asyncio.to_thread(hub.login, user)
    await asyncio.to_thread(hub.start_server, user, token)
    async with workshop.RemoteKernel(hub, user, token, f"compression-lab/{NOTEBOOK}") as kernel:
        return await kernel.run_notebook(nb)


def text_of(outputs):
    parts = []
    for m in outputs:
        c = m["content"]
        parts.append(c.get("text", "") or "".join(c.get("data", {}).get("text/plain", "")))
    return "".join(parts)


def test_three_learners_run_notebook_05_from_one_shared_cache(shared_cache, tmp_path):
    before = workshop.tree_digest(shared_cache)
    nb = json.loads((REPO / "notebooks" / NOTEBOOK).read_text())
    with workshop.Hub(tmp_path / "hub", shared_cache, users=LEARNERS, profile="quick") as hub:
        async def everyone():
            return await asyncio.gather(*(learner_runs(hub, u, nb) for u in LEARNERS))

        results = asyncio.run(everyone())
        homes = {u: tmp_path / "hub" / "home" / u for u in LEARNERS}
    code_cells = sum(1 for c in nb["cells"] if c["cell_type"] == "code")
    tables = []
    for user, cells in zip(LEARNERS, results):
        assert len(cells) == code_cells, f"{user} ran {len(cells)} of {code_cells} cells"
        for i, (status, outputs) in enumerate(cells):
            assert status == "ok", f"{user}: code cell {i} failed: {text_of(outputs)[-500:]}"
        everything = text_of([m for _, outs in cells for m in outs])
        assert f"from {shared_cache}" in everything, f"{user} did not load the teacher from the shared cache"
        assert "Saved model" not in everything and "Epoch" not in everything, f"{user} trained a model"
        images = sum(1 for _, outs in cells for m in outs if "image/png" in m["content"].get("data", {}))
        assert images >= 4, f"{user} saw {images} charts"
        tables.append([text_of(outs) for _, outs in cells[1:]])
        assert (homes[user] / "compression-lab" / NOTEBOOK).is_file(), f"{user} has no copy of the notebooks"
    assert tables[0] == tables[1] == tables[2], "the three learners saw different figures from the same seed"
    assert workshop.tree_digest(shared_cache) == before, "a learner changed the shared cache"
