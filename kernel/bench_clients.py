"""Load on one Jupyter Server: N clients, each with its own kernel, each running a notebook's code
cells in a loop for a fixed time (kernel/bench_kernel.py --clients N). See run()."""

import asyncio
import glob
import json
import os
import statistics
import tempfile
import time
import uuid

from lab_server import JupyterServer, execute_request

CELL_TIMEOUT = 600


def code_cells(notebook):
    with open(notebook, encoding="utf-8") as f:
        nb = json.load(f)
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def signature(msgs):
    """What a cell showed, by kind: each output's type and MIME types, and its printed lines."""
    shown = []
    lines = 0
    for m in msgs:
        t = m["msg_type"]
        if t in ("execute_result", "display_data"):
            shown.append((t, tuple(sorted(m["content"]["data"]))))
        elif t == "error":
            shown.append((t, m["content"]["ename"]))
        elif t == "stream":
            lines += m["content"]["text"].count("\n")
    return shown, lines


async def run_cell(ws, session, code):
    """Sends one cell; returns (seconds to its reply and idle, status, its iopub messages)."""
    msg_id, request = execute_request(session, code)
    start = time.perf_counter()
    await ws.write_message(request)
    msgs = []
    status = None
    idle = False
    while status is None or not idle:
        raw = await asyncio.wait_for(ws.read_message(), CELL_TIMEOUT)
        if raw is None:
            raise ConnectionError("the server closed the websocket")
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "execute_reply":
            status = msg["content"]["status"]
        elif msg["msg_type"] == "status":
            idle = msg["content"]["execution_state"] == "idle"
        else:
            msgs.append(msg)
    return time.perf_counter() - start, status, msgs


async def client(server, kernel_id, cells, duration, index, result, ready):
    session = uuid.uuid4().hex
    ws = await server.connect(kernel_id, session)
    await run_cell(ws, session, "1 + 1")  # the kernel has started: not counted
    ready.arrive()
    await ready.wait()  # every client starts its loop at once
    reference = {}
    deadline = time.time() + duration
    loops = 0
    try:
        while time.time() < deadline:
            for i, code in enumerate(cells):
                seconds, status, msgs = await run_cell(ws, session, code)
                result["trips"].append(seconds)
                result["per_cell"].setdefault(i, []).append(seconds)
                result["cells"] += 1
                if status != "ok":
                    errors = [m["content"] for m in msgs if m["msg_type"] == "error"]
                    result["failures"].append(
                        {"client": index, "loop": loops, "cell": i, "status": status,
                         "error": errors[0]["ename"] + ": " + errors[0]["evalue"] if errors else ""}
                    )
                sig = signature(msgs)
                if i not in reference:
                    reference[i] = sig
                elif sig != reference[i]:
                    result["lost_output"].append(
                        {"client": index, "loop": loops, "cell": i,
                         "first_run": repr(reference[i]), "this_run": repr(sig)}
                    )
                if time.time() >= deadline:
                    break
            loops += 1
    except Exception as e:  # a dropped connection or a cell that never answered
        result["failures"].append({"client": index, "loop": loops, "error": repr(e)})
    finally:
        ws.close()
        result["loops"] = max(result["loops"], loops)


def kernel_rss_mib(kernel_id):
    """Resident memory of the kernel whose command line names its connection file."""
    for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            with open(cmdline, "rb") as f:
                args = f.read().split(b"\0")
        except OSError:
            continue
        if any(f"kernel-{kernel_id}.json".encode() in a for a in args):
            with open(cmdline.replace("cmdline", "status"), encoding="ascii") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
    return None


class Countdown:
    """Every client arrives once it is ready; wait() returns when all have."""

    def __init__(self, n):
        self.count = n
        self.all_here = asyncio.Event()

    def arrive(self):
        self.count -= 1
        if self.count <= 0:
            self.all_here.set()

    async def wait(self):
        await self.all_here.wait()


def percentile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


async def load(server, kernel, clients, duration, cells):
    kernels = [server.rest("POST", "/api/kernels", {"name": kernel})["id"] for _ in range(clients)]
    result = {"trips": [], "per_cell": {}, "cells": 0, "failures": [], "lost_output": [], "loops": 0}
    ready = Countdown(clients)
    try:
        started = time.time()
        await asyncio.gather(
            *(client(server, k, cells, duration, i, result, ready) for i, k in enumerate(kernels))
        )
        wall = time.time() - started
        rss = [kernel_rss_mib(k) for k in kernels]
    finally:
        for k in kernels:
            try:
                server.rest("DELETE", f"/api/kernels/{k}")
            except OSError:
                pass
    trips = sorted(result["trips"])
    return {
        "clients": clients,
        "duration_s": duration,
        "wall_s": round(wall, 1),
        "notebook_cells": len(cells),
        "cells_run": result["cells"],
        "round_trip_median_ms": round(statistics.median(trips) * 1000, 1) if trips else None,
        "round_trip_p90_ms": round(percentile(trips, 0.90) * 1000, 1) if trips else None,
        "round_trip_p99_ms": round(percentile(trips, 0.99) * 1000, 1) if trips else None,
        "round_trip_max_ms": round(trips[-1] * 1000, 1) if trips else None,
        "per_cell_median_ms": [
            round(statistics.median(result["per_cell"][i]) * 1000, 1) if i in result["per_cell"] else None
            for i in range(len(cells))
        ],
        "failures": result["failures"],
        "lost_output": result["lost_output"],
        "kernel_rss_mib": [round(r) if r else None for r in rss],
        "load_average": os.getloadavg()[0],
    }


def bench_kernelspec(kernel, max_memory):
    """A copy of the installed kernelspec whose native-memory bound is max_memory, in a fresh
    Jupyter data directory: ten kernels at the default 2560m bound could ask for more than the
    machine has. Returns (JUPYTER_PATH, kernel name)."""
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(kernel)
    argv = [
        f"-Dorg.bytedeco.javacpp.maxPhysicalBytes={max_memory}"
        if a.startswith("-Dorg.bytedeco.javacpp.maxPhysicalBytes=")
        else a
        for a in spec.argv
    ]
    data = tempfile.mkdtemp(prefix="lab-bench-kernels-")
    name = kernel + "-bench"
    os.makedirs(os.path.join(data, "kernels", name))
    with open(os.path.join(data, "kernels", name, "kernel.json"), "w", encoding="utf-8") as f:
        json.dump({"argv": argv, "display_name": spec.display_name + " (bench)",
                   "language": spec.language, "env": spec.env,
                   "interrupt_mode": spec.interrupt_mode}, f)
    return data, name


def run(kernel, clients, duration, notebook, max_memory="1200m"):
    """Starts a Jupyter Server, N kernels and N clients; returns the figures as a dict."""
    cells = code_cells(notebook)
    data, name = bench_kernelspec(kernel, max_memory)
    env = {
        "LAB_PROFILE": os.environ.get("LAB_PROFILE", "quick"),
        "JUPYTER_PATH": data + os.pathsep + os.environ.get("JUPYTER_PATH", ""),
    }
    with JupyterServer(env=env) as server:
        figures = asyncio.run(load(server, name, clients, duration, cells))
    figures["notebook"] = os.path.basename(notebook)
    figures["profile"] = env["LAB_PROFILE"]
    figures["kernel_max_memory"] = max_memory
    return figures
