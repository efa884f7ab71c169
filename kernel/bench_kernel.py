"""Kernel speed through a real Jupyter client (jupyter_client), for `./lab bench kernel`.

Prints one JSON object: seconds from kernel start to the first result of `1+1`, the median
round trip of a trivial cell over 50 runs (after 5 warm-up runs), and the time of the first cell
that touches ND4J, with ND4J warmed in the background (the default) and cold.

    python kernel/bench_kernel.py [--kernel NAME] [--runs 50]

With --clients N it measures load instead: one Jupyter Server (the one JupyterLab talks to), N
clients each with its own kernel over the server's websocket, each running a notebook's code cells
(notebook 05 by default) in a loop for --duration seconds. It prints the cell round trips (send to
reply and idle: median, p90, p99, max), every failed cell, and every cell whose outputs differ in
kind or number from the same cell's first run in that client (lost output), plus the kernels'
resident memory at the end:

    python kernel/bench_kernel.py --clients 10 --duration 120 [--notebook notebooks/05-...ipynb]
"""

import argparse
import json
import os
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

ND4J_CELL = "Nd4j.ones(DataType.FLOAT, 64, 64).mmul(Nd4j.ones(DataType.FLOAT, 64, 64)).sumNumber()"


def run(kc, code, timeout=120):
    """Sends code; returns seconds until its execute_reply and idle status both arrived."""
    start = time.perf_counter()
    msg_id = kc.execute(code)
    got_reply = got_idle = False
    status = None
    while not (got_reply and got_idle):
        if not got_reply:
            reply = kc.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                got_reply = True
                status = reply["content"]["status"]
        msg = None
        while not got_idle:
            msg = kc.get_iopub_msg(timeout=timeout)
            if (
                msg["parent_header"].get("msg_id") == msg_id
                and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"
            ):
                got_idle = True
    if status != "ok":
        raise RuntimeError(f"cell failed: {code!r}")
    return time.perf_counter() - start


def start(kernel, env_extra=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    km = KernelManager(kernel_name=kernel)
    t0 = time.perf_counter()
    km.start_kernel(env=env)
    kc = km.client()
    kc.start_channels()
    return km, kc, t0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kernel", default=os.environ.get("LAB_KERNEL_NAME", "compression-lab"))
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--clients", type=int, default=0, help="measure N clients at once instead")
    p.add_argument("--duration", type=float, default=120, help="seconds each client loops")
    p.add_argument("--kernel-memory", default="1200m",
                   help="native-memory bound of each kernel with --clients (maxPhysicalBytes)")
    p.add_argument(
        "--notebook",
        default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "notebooks",
                             "05-soft-labels-and-temperature.ipynb"),
    )
    a = p.parse_args()
    if a.clients > 0:
        import bench_clients

        print(json.dumps(bench_clients.run(a.kernel, a.clients, a.duration, a.notebook, a.kernel_memory)))
        return

    km, kc, t0 = start(a.kernel)
    try:
        run(kc, "1+1")
        first_result = time.perf_counter() - t0
        for _ in range(5):
            run(kc, "1+1")
        trips = [run(kc, "1+1") for _ in range(a.runs)]
        nd4j_warm = run(kc, ND4J_CELL)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

    km, kc, t0 = start(a.kernel, {"LAB_KERNEL_WARM_ND4J": "false"})
    try:
        run(kc, "1+1")
        nd4j_cold = run(kc, ND4J_CELL)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

    print(
        json.dumps(
            {
                "kernel": a.kernel,
                "start_to_first_result_s": round(first_result, 3),
                "trivial_cell_median_ms": round(statistics.median(trips) * 1000, 1),
                "trivial_cell_p90_ms": round(sorted(trips)[int(0.9 * len(trips)) - 1] * 1000, 1),
                "runs": a.runs,
                "first_nd4j_cell_s": round(nd4j_warm, 3),
                "first_nd4j_cell_cold_s": round(nd4j_cold, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    # Skip interpreter teardown: jupyter_client's finalizers complain once logging is gone.
    os._exit(0)
