"""The lab's ONNX files outside Java: deploy.ExportSamples writes every kind the exporter makes
(float32, weight- and filter-pruned, batch norm, int8 per-channel and per-tensor, int4 levels in
int8) with the lab's own logits for 1,000 Fashion-MNIST test images; the pinned `onnx` checks each
file and the pinned `onnxruntime` runs it. Float files must give the lab's logits within 1e-4,
quantized ones the predictions of the lab's integer engine on at least 99.5% of the images (95% on
x86 without VNNI, where ONNX Runtime's int8 pair sums saturate).
Needs the built jar (`./lab build`) and the Debian Fashion-MNIST package, as `./lab test` has."""

import json
import os
import subprocess
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT / "target" / "lib"
JAR = next(iter(sorted(LIB.glob("compression-lab-deploy-*.jar"))), LIB / "compression-lab-deploy.jar")


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    if not JAR.exists():
        pytest.fail(f"{JAR} is missing: build the lab first (./lab build)")
    out = tmp_path_factory.mktemp("onnx-samples")
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    subprocess.run(
        [java, "--add-modules", "jdk.incubator.vector", "-cp", f"{LIB}/*",
         "io.github.compressionlab.deploy.ExportSamples", str(out), "1000"],
        check=True, timeout=900)
    manifest = json.loads((out / "manifest.json").read_text())
    x = np.fromfile(out / manifest["input"], dtype="<f4").reshape(manifest["input_shape"])
    return out, manifest, x


def test_every_kind_was_written(samples):
    _, manifest, _ = samples
    names = {s["name"] for s in manifest["samples"]}
    assert {"lenet-float32", "cnn-float32", "cnn-weight-pruned", "cnn-filter-pruned",
            "cnn-batchnorm-float32", "cnn-int8", "lenet-int8-per-tensor", "cnn-int4"} <= names


def test_files_pass_the_onnx_checker_with_the_stated_ir_and_opset(samples):
    out, manifest, _ = samples
    for s in manifest["samples"]:
        model = onnx.load(out / s["file"])
        onnx.checker.check_model(model, full_check=True)
        assert model.ir_version == manifest["ir_version"] == 7, s["name"]
        assert [(o.domain, o.version) for o in model.opset_import] == [("", manifest["opset"])]
        meta = {p.key: p.value for p in model.metadata_props}
        assert json.loads(meta["architecture"])["layers"], s["name"]
        assert meta["weights"] == s["format"], s["name"]
        if s["quantized"]:
            ops = {n.op_type for n in model.graph.node}
            assert {"QuantizeLinear", "DequantizeLinear"} <= ops, (s["name"], ops)


def int8_is_exact():
    """ONNX Runtime's x86 int8 kernels are exact with VNNI; without it their pair sums saturate."""
    import platform
    if platform.machine() not in ("x86_64", "AMD64"):
        return True
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return True
    return " avx512_vnni" in flags or " avx_vnni" in flags


def test_onnxruntime_in_python_gives_the_labs_results(samples):
    out, manifest, x = samples
    for s in manifest["samples"]:
        session = ort.InferenceSession(str(out / s["file"]), providers=["CPUExecutionProvider"])
        (y,) = session.run(None, {"input": x})
        expected = np.fromfile(out / s["expected"], dtype="<f4").reshape(y.shape)
        if s["quantized"]:
            agree = float((y.argmax(1) == expected.argmax(1)).mean())
            # without VNNI, ONNX Runtime's int8 kernels sum u8×s8 pairs in saturating 16 bits
            # (OnnxRuntimeModel.int8IsExact in the deploy module says the same)
            bound = 0.995 if int8_is_exact() else 0.95
            print(f"{s['name']}: ONNX Runtime int8 agrees on {agree:.4f}"
                  f" ({'VNNI' if int8_is_exact() else 'no VNNI: saturating'})")
            assert agree >= bound, f"{s['name']}: predictions agree on {agree:.4f}"
        else:
            diff = float(np.abs(y - expected).max())
            assert diff <= 1e-4, f"{s['name']}: logits differ by {diff}"


def test_onnxruntime_fuses_the_int8_graph_into_integer_kernels(samples, tmp_path):
    out, manifest, _ = samples
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.optimized_model_filepath = str(tmp_path / "optimized.onnx")
    ort.InferenceSession(str(out / "cnn-int8.onnx"), options, providers=["CPUExecutionProvider"])
    ops = {n.op_type for n in onnx.load(tmp_path / "optimized.onnx").graph.node}
    assert "QLinearConv" in ops and "DequantizeLinear" not in ops, ops
