"""Jupyter widgets through a real Jupyter client acting as the front end: the widget message
protocol 2.1 of ipywidgets 8 (comm targets jupyter.widget and jupyter.widget.control), states that
validate against the ipywidgets 8 model schema, updates both ways, request_state(s), output
captured into Output widgets, binary buffers, and every malformed message the kernel must shrug
off (logged, value unchanged, kernel alive).

Run with the system Python, after kernel/install:
    /usr/bin/python3 -m unittest kernel/test_widgets.py
The schema is vendored in kernel/testdata/ipywidgets8-models.json.
"""

import base64
import json
import os
import sys
import time
import unittest
import uuid


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_client import KERNEL_NAME, KernelTestCase  # noqa: E402

TIMEOUT = 60
HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(HERE, "testdata", "ipywidgets8-models.json")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def load_schema():
    with open(SCHEMA) as f:
        return {m["model"]["name"]: m for m in json.load(f)["models"]}


def schema_problems(schema, state, buffer_paths, opened):
    """What in one widget's state disagrees with its model's schema (empty if nothing)."""
    name = state.get("_model_name")
    model = schema.get(name)
    if model is None:
        return [f"unknown model {name!r}"]
    problems = []
    for key, spec in (("_model", model["model"]), ("_view", model["view"])):
        for part in ("name", "module"):
            if state.get(f"{key}_{part}") != spec[part]:
                problems.append(f"{name}.{key}_{part} = {state.get(f'{key}_{part}')!r}")
        if state.get(f"{key}_module_version") != spec["version"]:
            problems.append(f"{name}.{key}_module_version = {state.get(f'{key}_module_version')!r}")
    for attr in model["attributes"]:
        key = attr["name"]
        if attr["type"] == "bytes":
            if [key] not in buffer_paths:
                problems.append(f"{name}.{key}: bytes not sent as a buffer")
            continue
        if key not in state:
            problems.append(f"{name}.{key}: missing")
            continue
        problem = type_problem(attr, state[key], opened)
        if problem:
            problems.append(f"{name}.{key}: {problem}")
    return problems


def type_problem(attr, value, opened):
    if value is None:
        return None if attr.get("allow_none") else "null is not allowed"
    types = attr["type"] if isinstance(attr["type"], list) else [attr["type"]]
    for t in types:
        if t == "string" and isinstance(value, str):
            if "enum" in attr and value not in attr["enum"]:
                return f"{value!r} is not one of {attr['enum']}"
            return None
        if t == "bool" and isinstance(value, bool):
            return None
        if t == "int" and isinstance(value, int) and not isinstance(value, bool):
            return None
        if t == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return None
        if t == "object" and isinstance(value, dict):
            return None
        if t == "reference" and isinstance(value, str) and value.startswith("IPY_MODEL_"):
            return None if value[len("IPY_MODEL_"):] in opened else f"{value} was never opened"
        if t == "array" and isinstance(value, list):
            items = attr.get("items")
            for v in value:
                p = type_problem(items, v, opened) if items else None
                if p:
                    return "item " + p
            return None
    return f"{value!r} is not of type {attr['type']}"


class FrontEnd(KernelTestCase):
    """One kernel for all tests; the client plays a front end that records every widget."""

    TIMEOUT = TIMEOUT
    LOG_PREFIX = "lab-widgets-"
    WARM_UP = None

    @classmethod
    def setUpClass(cls):
        cls.schema = load_schema()
        cls.opened = {}  # comm id -> the comm_open message
        super().setUpClass()

    # ------------------------------------------------------------------ helpers

    def record(self, msg):
        if msg["msg_type"] == "comm_open" and msg["content"]["target_name"] == "jupyter.widget":
            self.opened[msg["content"]["comm_id"]] = msg

    def run_cell(self, code):
        """Runs code; returns (status, execute_result data or None, every iopub message)."""
        msgs = []

        def hook(msg):
            self.record(msg)
            msgs.append(msg)

        reply = self.kc.execute_interactive(code, output_hook=hook, timeout=TIMEOUT)
        results = [m["content"]["data"] for m in msgs if m["msg_type"] == "execute_result"]
        errors = [m["content"] for m in msgs if m["msg_type"] == "error"]
        status = reply["content"]["status"]
        if status != "ok":
            return status, errors, msgs
        return status, results[0] if results else None, msgs

    def value_of(self, expression):
        status, data, _ = self.run_cell(expression)
        self.assertEqual(status, "ok", data)
        return data["text/plain"]

    def widget(self, data):
        """The comm_open of the widget a cell showed."""
        view = data["application/vnd.jupyter.widget-view+json"]
        return self.opened[view["model_id"]]

    def comm_of(self, data, model_name):
        """The comm id of the widget named model_name in the tree a cell showed."""
        todo = [self.widget(data)["content"]["comm_id"]]
        while todo:
            cid = todo.pop()
            state = self.opened[cid]["content"]["data"]["state"]
            if state["_model_name"] == model_name:
                return cid
            for ref in state.get("children", []):
                todo.append(ref[len("IPY_MODEL_"):])
        self.fail(f"no {model_name} in the widget tree")

    def send(self, msg_type, content, metadata=None, buffers=None):
        msg = self.kc.session.msg(msg_type, content, metadata=metadata or {})
        self.kc.session.send(self.kc.shell_channel.socket, msg, buffers=buffers)
        return msg["header"]["msg_id"]

    def comm_msg(self, comm_id, data, buffers=None):
        return self.send("comm_msg", {"comm_id": comm_id, "data": data}, buffers=buffers)

    def collect(self, parent_id, until=None, timeout=TIMEOUT):
        """iopub messages caused by parent_id, until `until(msgs)` holds (or, without it, until
        the kernel is idle after that message)."""
        msgs = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
            except Exception:
                break
            self.record(msg)
            if msg["parent_header"].get("msg_id") != parent_id:
                continue
            msgs.append(msg)
            if until is not None and until(msgs):
                return msgs
            if (
                until is None
                and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"
            ):
                return msgs
        if until is not None:
            self.fail(f"timed out; got {[m['msg_type'] for m in msgs]}")
        return msgs

    @staticmethod
    def comm_msgs(msgs, comm_id, method=None):
        return [
            m
            for m in msgs
            if m["msg_type"] == "comm_msg"
            and m["content"]["comm_id"] == comm_id
            and (method is None or m["content"]["data"].get("method") == method)
        ]

    def log_text(self):
        with open(self.log.name, encoding="utf-8", errors="replace") as f:
            return f.read()

    def assert_logged(self, text):
        deadline = time.time() + 10
        while time.time() < deadline:
            if text in self.log_text():
                return
            time.sleep(0.1)
        self.fail(f"{text!r} not in the kernel log:\n{self.log_text()[-2000:]}")

    def slider(self, name, code):
        status, data, _ = self.run_cell(code + "\n" + name)
        self.assertEqual(status, "ok", data)
        return self.widget(data)["content"]["comm_id"]

    def assert_kernel_alive(self):
        self.assertEqual(self.value_of("6 * 7"), "42")

    # ------------------------------------------------------------------ targets and states

    def test_comm_info_lists_the_widget_comms_and_the_control_comm(self):
        t = self.slider("ci", 'var ci = new FloatSlider("ci");')
        msg_id = self.kc.comm_info(target_name="jupyter.widget")
        comms = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["comms"]
        self.assertIn(t, comms)
        self.assertEqual(comms[t]["target_name"], "jupyter.widget")
        state = self.opened[t]["content"]["data"]["state"]
        for ref in (state["layout"], state["style"]):
            self.assertIn(ref[len("IPY_MODEL_"):], comms)
        control = str(uuid.uuid4())
        self.send(
            "comm_open",
            {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
            metadata={"version": "1.0.0"},
        )
        self.kc.comm_info()
        comms = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["comms"]
        self.assertEqual(comms[control]["target_name"], "jupyter.widget.control")

    def test_comm_open_for_an_unknown_target_is_closed(self):
        cid = str(uuid.uuid4())
        msg_id = self.send("comm_open", {"comm_id": cid, "target_name": "no.such.target", "data": {}})
        msgs = self.collect(msg_id)
        closes = [m for m in msgs if m["msg_type"] == "comm_close"]
        self.assertEqual(closes[0]["content"]["comm_id"], cid)
        self.assert_logged("unknown target 'no.such.target'")

    def test_every_widget_opens_with_a_state_valid_for_the_ipywidgets_8_schema(self):
        status, data, msgs = self.run_cell(
            "var all = VBox.of(\n"
            '    new FloatSlider("f").range(0, 1).value(0.5), new IntSlider("i"),\n'
            '    new FloatLogSlider("T").range(0.1, 20).value(2),\n'
            '    Dropdown.of("d", List.of("a", "b")), ToggleButtons.of("tb", List.of(1, 2)),\n'
            '    new Checkbox("c"), new Button("b"), new Label("l"), new HTML("<b>h</b>"),\n'
            "    new Image().bytes(new byte[] {1, 2, 3}, \"png\"), new Output(),\n"
            '    HBox.of(new Label("in a row")));\n'
            "all"
        )
        self.assertEqual(status, "ok", data)
        opens = [m for m in msgs if m["msg_type"] == "comm_open"]
        names = {m["content"]["data"]["state"]["_model_name"] for m in opens}
        self.assertEqual(names, set(self.schema))  # every model of the schema, each validated
        seen = set()
        for m in opens:
            content = m["content"]
            self.assertEqual(m["metadata"], {"version": "2.1.0"})
            self.assertEqual(set(content["data"]), {"state", "buffer_paths"})
            state, paths = content["data"]["state"], content["data"]["buffer_paths"]
            # references point at widgets opened before
            self.assertEqual(schema_problems(self.schema, state, paths, seen), [])
            self.assertEqual(len(m["buffers"]), len(paths))
            seen.add(content["comm_id"])

    def test_a_slider_displays_as_a_widget_view_with_a_text_fallback(self):
        status, data, _ = self.run_cell('new FloatLogSlider("T").range(0.1, 20).value(2)')
        view = data["application/vnd.jupyter.widget-view+json"]
        self.assertEqual((view["version_major"], view["version_minor"]), (2, 0))
        self.assertIn(view["model_id"], self.opened)
        self.assertEqual(data["text/plain"], "FloatLogSlider(value=2.0, min=0.1, max=20.0, description='T')")

    # ------------------------------------------------------------------ updates both ways

    def test_update_from_the_front_end_changes_the_value_echoes_it_and_runs_the_listener(self):
        t = self.slider(
            "up",
            'var up = new FloatSlider("up").range(0, 10).value(1);\n'
            "var heard = new java.util.concurrent.CopyOnWriteArrayList<Double>();\n"
            "up.onChange(heard::add);",
        )
        msg_id = self.comm_msg(t, {"method": "update", "state": {"value": 7.5}, "buffer_paths": []})
        msgs = self.collect(msg_id)
        echo = self.comm_msgs(msgs, t, "echo_update")
        self.assertEqual(echo[0]["content"]["data"]["state"], {"value": 7.5})
        # the next cell runs after the listener
        self.assertEqual(self.value_of('up.value() + " " + heard'), "7.5 [7.5]")

    def test_update_from_java_reaches_the_front_end(self):
        t = self.slider("fromJava", 'var fromJava = new IntSlider("bits").range(2, 8).value(8);')
        status, _, msgs = self.run_cell("fromJava.value(4);")
        updates = self.comm_msgs(msgs, t, "update")
        self.assertEqual(updates[0]["content"]["data"]["state"], {"value": 4})

    def test_request_state_answers_with_the_whole_state(self):
        t = self.slider("rs", 'var rs = Dropdown.of("image", List.of(3, 17, 42)).index(2);')
        msg_id = self.comm_msg(t, {"method": "request_state"})
        msgs = self.collect(msg_id)
        state = self.comm_msgs(msgs, t, "update")[0]["content"]["data"]["state"]
        self.assertEqual(state["index"], 2)
        self.assertEqual(state["_options_labels"], ["3", "17", "42"])
        self.assertEqual(schema_problems(self.schema, state, [], set(self.opened)), [])

    def test_request_states_returns_every_live_widget(self):
        self.run_cell('VBox.of(new Label("one"), new Image().bytes(new byte[] {7}, "png"))')
        self.kc.comm_info(target_name="jupyter.widget")
        live = set(self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["comms"])
        control = str(uuid.uuid4())
        self.send(
            "comm_open",
            {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
            metadata={"version": "1.0.0"},
        )
        msg_id = self.comm_msg(control, {"method": "request_states"})
        reply = self.comm_msgs(self.collect(msg_id), control, "update_states")[0]
        states = reply["content"]["data"]["states"]
        self.assertEqual(set(states), live)
        paths = reply["content"]["data"]["buffer_paths"]
        self.assertEqual(len(reply["buffers"]), len(paths))
        for cid, entry in states.items():
            self.assertEqual(entry["model_name"], entry["state"]["_model_name"])
            self.assertEqual(entry["model_module"], entry["state"]["_model_module"])
            own = [p[2:] for p in paths if p[0] == cid]
            self.assertEqual(schema_problems(self.schema, entry["state"], own, live), [], cid)

    # ------------------------------------------------------------------ outputs and buffers

    def test_an_image_travels_as_a_binary_png_buffer(self):
        status, data, _ = self.run_cell(
            "var chart = new XYChartBuilder().width(200).height(120).build();\n"
            'chart.addSeries("y", new double[] {0, 1, 2}, new double[] {1, 3, 2});\n'
            "new Image().show(chart)"
        )
        self.assertEqual(status, "ok", data)
        opened = self.widget(data)
        self.assertEqual(opened["content"]["data"]["buffer_paths"], [["value"]])
        self.assertTrue(opened["buffers"][0].tobytes().startswith(PNG_MAGIC))

    def test_interact_shows_a_chart_in_its_output_and_redraws_it_on_a_move(self):
        status, data, _ = self.run_cell(
            'var amp = new FloatSlider("amp").range(1, 5).value(1);\n'
            "interact(() -> {\n"
            "  var c = new XYChartBuilder().width(200).height(120).build();\n"
            '  c.addSeries("y", new double[] {0, 1, 2}, new double[] {0, amp.value(), 0});\n'
            "  return c;\n"
            "}, amp)"
        )
        self.assertEqual(status, "ok", data)
        self.assertIn("<img src=\"data:image/png;base64,", data["text/html"])  # what nbconvert shows
        out = self.comm_of(data, "OutputModel")
        first = self.opened[out]["content"]["data"]["state"]["outputs"]
        self.assertIn("image/png", first[0]["data"])
        amp = self.comm_of(data, "FloatSliderModel")
        msg_id = self.comm_msg(amp, {"method": "update", "state": {"value": 4.0}, "buffer_paths": []})
        msgs = self.collect(msg_id, until=lambda ms: self.comm_msgs(ms, out, "update"))
        outputs = self.comm_msgs(msgs, out, "update")[-1]["content"]["data"]["state"]["outputs"]
        self.assertEqual(len(outputs), 1)
        png = base64.b64decode(outputs[0]["data"]["image/png"])
        self.assertTrue(png.startswith(PNG_MAGIC))
        self.assertNotEqual(outputs[0]["data"]["image/png"], first[0]["data"]["image/png"])

    def test_a_clicked_button_prints_into_its_output_and_an_exception_shows_there(self):
        status, data, _ = self.run_cell(
            "var log = new Output();\n"
            'var go = new Button("go");\n'
            "var clicks = new java.util.concurrent.atomic.AtomicInteger();\n"
            "go.onClick(log.capturing(() -> {\n"
            '  System.out.println("click " + clicks.incrementAndGet());\n'
            '  display(Table.create("t", IntColumn.create("n", new int[] {1, 2})));\n'
            '  if (clicks.get() == 2) throw new IllegalStateException("second click");\n'
            "}));\n"
            "VBox.of(go, log)"
        )
        self.assertEqual(status, "ok", data)
        go, log = self.comm_of(data, "ButtonModel"), self.comm_of(data, "OutputModel")
        click = {"method": "custom", "content": {"event": "click"}}

        def last_outputs(msgs):
            updates = self.comm_msgs(msgs, log, "update")
            return updates[-1]["content"]["data"]["state"]["outputs"] if updates else []

        self.collect(
            self.comm_msg(go, click),
            until=lambda ms: [o["output_type"] for o in last_outputs(ms)] == ["stream", "display_data"],
        )
        msgs = self.collect(
            self.comm_msg(go, click),
            until=lambda ms: any(o["output_type"] == "error" for o in last_outputs(ms)),
        )
        outputs = last_outputs(msgs)
        kinds = [o["output_type"] for o in outputs]
        self.assertEqual(kinds[-1], "error")
        self.assertEqual(outputs[-1]["ename"], "IllegalStateException")
        self.assertIn("click 2", "".join(o.get("text", "") for o in outputs))
        tables = [o for o in outputs if o["output_type"] == "display_data"]
        self.assertIn("<table", tables[0]["data"]["text/html"])  # rendered as in a cell
        self.assert_kernel_alive()

    def test_a_callback_that_never_ends_is_stopped_by_an_interrupt(self):
        status, data, _ = self.run_cell(
            'var spin = new Button("spin");\n'
            "var spins = new java.util.concurrent.atomic.AtomicLong();\n"
            "spin.onClick(() -> { while (true) { spins.incrementAndGet(); } });\n"
            "spin"
        )
        self.comm_msg(self.widget(data)["content"]["comm_id"], {"method": "custom", "content": {"event": "click"}})
        time.sleep(1)
        self.km.interrupt_kernel()
        self.assert_kernel_alive()

    # ------------------------------------------------------------------ bad input

    def assert_refused(self, comm_id, state, expression, expected, logged):
        msg_id = self.comm_msg(comm_id, {"method": "update", "state": state, "buffer_paths": []})
        msgs = self.collect(msg_id)
        echo = self.comm_msgs(msgs, comm_id, "echo_update")
        key = next(iter(state))
        self.assertEqual(len(echo), 1, msgs)
        self.assertEqual(echo[0]["content"]["data"]["state"][key], json.loads(expected))
        self.assert_logged(logged)
        self.assertEqual(self.value_of(expression), expected)

    def test_a_value_outside_min_and_max_is_refused(self):
        t = self.slider("range", 'var range = new IntSlider("range").range(2, 8).value(5);')
        self.assert_refused(t, {"value": 99}, "range.value()", "5", "99.0 is outside [2.0, 8.0]")

    def test_a_value_of_the_wrong_type_is_refused(self):
        t = self.slider("typed", 'var typed = new FloatSlider("typed").range(0, 1).value(0.5);')
        self.assert_refused(t, {"value": "high"}, "typed.value()", "0.5", 'refused value="high"')
        c = self.slider("box", 'var box = new Checkbox("box").value(true);')
        self.assert_refused(c, {"value": 1}, "box.value()", "true", "expected true or false")

    def test_an_update_without_state_is_logged_and_ignored(self):
        t = self.slider("nostate", 'var nostate = new FloatSlider("nostate").value(3);')
        msg_id = self.comm_msg(t, {"method": "update"})
        msgs = self.collect(msg_id)
        self.assertEqual(self.comm_msgs(msgs, t), [])
        self.assert_logged("update without a state object: ignored")
        self.assertEqual(self.value_of("nostate.value()"), "3.0")

    def test_a_message_for_an_unknown_comm_is_logged_and_ignored(self):
        msg_id = self.comm_msg("no-such-comm", {"method": "update", "state": {"value": 1}})
        msgs = self.collect(msg_id)
        self.assertEqual([m["msg_type"] for m in msgs if m["msg_type"] != "status"], [])
        self.assert_logged("comm_msg for unknown comm no-such-comm: ignored")
        self.assert_kernel_alive()

    def test_other_malformed_messages_are_logged_and_leave_the_kernel_alive(self):
        t = self.slider("odd", 'var odd = new FloatSlider("odd").value(4);')
        self.collect(self.comm_msg(t, {"method": "frobnicate"}))
        self.assert_logged("unknown method 'frobnicate'")
        self.collect(self.comm_msg(t, {"state": {"value": 5}}))
        self.assert_logged("without a method")
        self.collect(self.comm_msg(t, {"method": "update", "state": {"value": 5}, "buffer_paths": [["value"]]}))
        self.assert_logged("buffer_paths do not match")
        # data that is not an object cannot even be parsed by the kernel's message reader
        self.send("comm_msg", {"comm_id": t, "data": [1, 2]})
        self.assert_logged("shell channel error")
        self.collect(self.send("comm_msg", {"data": {"method": "update"}}))
        self.assert_logged("comm_msg for unknown comm null")
        self.assertEqual(self.value_of("odd.value()"), "4.0")

    def test_a_front_end_may_not_create_widgets(self):
        cid = str(uuid.uuid4())
        msg_id = self.send(
            "comm_open",
            {"comm_id": cid, "target_name": "jupyter.widget", "data": {"state": {}}},
            metadata={"version": "2.1.0"},
        )
        closes = [m for m in self.collect(msg_id) if m["msg_type"] == "comm_close"]
        self.assertEqual(closes[0]["content"]["comm_id"], cid)
        self.assert_logged("only the kernel creates widgets")


class Headless(unittest.TestCase):
    """What a notebook run without a widget manager keeps (nbclient, then nbconvert)."""

    def test_widget_cells_leave_a_meaningful_static_output(self):
        try:
            import nbformat
            from nbclient import NotebookClient
        except ImportError:
            self.skipTest("nbclient is not installed")
        nb = nbformat.v4.new_notebook()
        nb.cells = [
            nbformat.v4.new_code_cell('var t = new FloatLogSlider("T").range(0.1, 20).value(2);\nt'),
            nbformat.v4.new_code_cell(
                'interact(() -> "soft labels at T=" + t.value(), t)'
            ),
        ]
        NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=TIMEOUT, store_widget_state=False).execute()
        slider = nb.cells[0].outputs[0]["data"]
        self.assertEqual(slider["text/plain"], "FloatLogSlider(value=2.0, min=0.1, max=20.0, description='T')")
        panel = nb.cells[1].outputs[0]["data"]
        self.assertIn("soft labels at T=2.0", panel["text/plain"])
        self.assertIn("<pre>soft labels at T=2.0</pre>", panel["text/html"])
        try:
            from nbconvert import HTMLExporter
        except ImportError:
            return
        html, _ = HTMLExporter().from_notebook_node(nb)
        self.assertIn("FloatLogSlider(value=2.0", html)  # no widget state: the text fallback
        self.assertIn("soft labels at T=2.0", html)
        # with stored widget state nbconvert would load @jupyter-widgets/html-manager from a CDN
        self.assertNotIn("html-manager", html)


if __name__ == "__main__":
    unittest.main()
