import socket
import subprocess
import sys
import time

import pytest

from fccourse import env


def closed_port() -> int:
    """A loopback port nobody listens on: connecting is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_t4_has_no_native_bf16_even_though_torch_says_it_emulates_it():
    assert not env.GPU("Tesla T4", 14.7, (7, 5)).bf16
    assert env.GPU("NVIDIA A100-SXM4-40GB", 39.4, (8, 0)).bf16
    assert env.GPU("NVIDIA L4", 22.0, (8, 9)).bf16


@pytest.mark.parametrize(
    "gpu, bf16, offline, expected",
    [
        (env.GPU("Tesla T4", 14.7, (7, 5)), False, None, "t4 preset"),
        (env.GPU("NVIDIA L4", 22.0, (8, 9)), True, None, "bf16-gpu preset"),
        (None, False, None, "cpu preset"),
        (None, False, "HF_HUB_OFFLINE=1", "offline default"),
    ],
)
def test_advice_names_the_preset_for_the_machine(gpu, bf16, offline, expected):
    assert expected in env.advise(gpu, bf16, offline)


@pytest.mark.parametrize("name", ["HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"])
def test_offline_flags_are_reported_by_name(monkeypatch, name):
    for other in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(other, raising=False)
    assert env.offline_reason(check_network=False) is None
    monkeypatch.setenv(name, "1")
    assert env.offline_reason(check_network=False) == f"{name}=1 is set"
    monkeypatch.setenv(name, "0")
    assert env.offline_reason(check_network=False) is None


def test_unreachable_endpoint_is_detected_quickly(monkeypatch):
    for name in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{closed_port()}")
    t0 = time.perf_counter()
    reason = env.offline_reason(timeout=2.0)
    assert reason is not None and "no connection to http://127.0.0.1" in reason
    assert time.perf_counter() - t0 < 2.5


def test_reachable_endpoint_is_detected():
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Quiet(BaseHTTPRequestHandler):  # answers every request 501: an error status still proves it is there
        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.handle_request, daemon=True).start()
    try:
        assert env.hub_reachable(f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.server_close()


def test_endpoint_that_accepts_but_never_answers_is_unreachable():
    # A filtering network's way: the connection opens, no answer comes. A TCP probe called it reachable,
    # and loading cached data then hung on the hub's retries.
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)  # the kernel completes the handshake; nobody ever reads or answers
        t0 = time.perf_counter()
        assert not env.hub_reachable(f"http://127.0.0.1:{server.getsockname()[1]}", timeout=0.5)
        assert time.perf_counter() - t0 < 2.0


def test_mirror_endpoint_is_shown_and_flagged_when_set_after_import(monkeypatch):
    import huggingface_hub.constants  # noqa: F401  (imported before the variable changes, as in a notebook)

    monkeypatch.setenv("HF_ENDPOINT", "https://hf-mirror.com/")
    assert env.hub_endpoint() == "https://hf-mirror.com"
    assert env.endpoint_set_too_late()
    report = env.collect(check_network=False)
    row = dict(report.rows())["hub endpoint"]
    assert "hf-mirror.com (mirror)" in row and "NOT in effect" in row


def test_report_is_consistent_with_this_machine():
    report = env.collect(check_network=False)
    assert report.versions["torch"].startswith("2.")
    expected_bf16 = report.gpu.bf16 if report.gpu else env.cpu_has_native_bf16()
    assert report.bf16 == expected_bf16
    names = [k for k, _ in report.rows()]
    for name in ("python", "torch", "transformers", "trl", "peft", "datasets", "gpu", "bf16 (native)", "hub"):
        assert name in names


def test_machine_names_the_gpu_or_the_kernels_torch_picked_on_this_cpu():
    import torch

    g, line = env.gpu(), env.machine()
    if g:
        assert line.startswith(g.name)
    else:  # the CPU kind decides the kernels, and the kernels the rounding a training run carries
        kernels = torch.backends.cpu.get_cpu_capability()
        assert line.endswith(f"torch kernels {kernels}, {torch.get_num_threads()} threads")
        assert dict(env.collect(check_network=False).rows())["cpu"] in line


def test_doctor_cli_prints_table_and_advice():
    out = subprocess.run(
        [sys.executable, "-m", "fccourse", "doctor", "--no-network"], capture_output=True, text=True, check=True
    ).stdout
    assert "transformers" in out and "bf16 (native)" in out
    assert "\nadvice: " in out
