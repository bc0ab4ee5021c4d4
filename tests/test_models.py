import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fccourse import models
from tests.test_env import closed_port


@pytest.fixture(scope="module")
def offline_default():
    return models.load("offline-default")


def test_offline_default_is_a_real_gemma3(offline_default):
    model, tokenizer = offline_default
    assert type(model).__name__ == "Gemma3ForCausalLM"
    assert model.config.vocab_size == 262144
    assert len(tokenizer) == 262144
    assert tokenizer.convert_tokens_to_ids("<start_of_turn>") == 105
    assert tokenizer.convert_tokens_to_ids("<end_of_turn>") == 106
    # real weights, not a random init: the tied embedding has trained structure
    assert model.model.embed_tokens.weight.std().item() > 0.01
    assert sum(p.numel() for p in model.parameters()) > 250_000_000


def test_inference_device_is_the_gpu_when_there_is_one(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert models.inference_device() == "cuda"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert models.inference_device() == "cpu"


def test_base_model_for_inference_goes_to_the_inference_device(monkeypatch):
    """`models.load` leaves weights on the CPU for the Trainer to place; `agent.load_base` moves them to
    where generation runs. "meta" stands in for "cuda" on a machine without a GPU."""
    from fccourse import agent

    monkeypatch.setattr(models, "inference_device", lambda: "meta")
    model, _ = agent.load_base(log=lambda m: None)
    assert {w.device.type for w in model.parameters()} == {"meta"}
    assert models.load("offline-default", log=lambda m: None)[0].device.type == "cpu"


def test_second_resolve_uses_the_cache():
    first = models.resolve("offline-default")
    mtime = (first / models.MANIFEST).stat().st_mtime
    messages = []
    t0 = time.perf_counter()
    again = models.resolve("gemma-3-270m", log=messages.append)
    assert again == first
    assert messages == []  # nothing was prepared
    assert (again / models.MANIFEST).stat().st_mtime == mtime
    assert time.perf_counter() - t0 < 15


# --- build_once: locked, atomic, verified -------------------------------------


def _tiny_build(counter: Path, delay: float = 0.0):
    def build(tmp: Path):
        with counter.open("a") as f:
            f.write("x")
        time.sleep(delay)
        (tmp / "weights.bin").write_bytes(b"\x01" * 1000)
        models.write_manifest(tmp)

    return build


def _build_in_process(target, counter, delay):
    models.build_once(Path(target), _tiny_build(Path(counter), delay), log=lambda m: None)


def test_concurrent_builds_build_once(tmp_path):
    target, counter = tmp_path / "m", tmp_path / "count"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_build_in_process, args=(str(target), str(counter), 1.0)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert counter.read_text() == "x"
    assert models.verify_folder(target) is None


def _killed_build(target):
    def build(tmp: Path):
        (tmp / "weights.bin").write_bytes(b"\x01" * 500)  # half written...
        os._exit(9)  # ...and the process dies, as with Ctrl-C or an OOM kill

    models.build_once(Path(target), build)


def test_a_build_killed_half_way_leaves_nothing_that_looks_complete(tmp_path):
    target = tmp_path / "m"
    ctx = multiprocessing.get_context("spawn")
    p = ctx.Process(target=_killed_build, args=(str(target),))
    p.start()
    p.join(60)
    assert p.exitcode == 9
    assert not target.exists()
    assert models.verify_folder(target) == "missing"
    counter = tmp_path / "count"
    models.build_once(target, _tiny_build(counter), log=lambda m: None)
    assert counter.read_text() == "x"
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name] == []  # leftovers cleaned


def test_a_failing_build_raises_and_leaves_no_target(tmp_path):
    def build(tmp):
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        models.build_once(tmp_path / "m", build)
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize(
    "damage, expected",
    [
        (lambda d: (d / "weights.bin").write_bytes(b"\x01" * 999), "has 999 bytes"),
        (lambda d: (d / "weights.bin").write_bytes(b"\x02" * 1000), "does not match its sha256"),
        (lambda d: (d / "weights.bin").unlink(), "weights.bin is missing"),
        (lambda d: (d / models.MANIFEST).write_text("{not json"), "no readable"),
    ],
)
def test_damaged_folders_are_detected_and_rebuilt(tmp_path, damage, expected):
    target, counter = tmp_path / "m", tmp_path / "count"
    models.build_once(target, _tiny_build(counter), log=lambda m: None)
    damage(target)
    assert expected in models.verify_folder(target)
    messages = []
    models.build_once(target, _tiny_build(counter), log=messages.append)
    assert counter.read_text() == "xx"
    assert "rebuilding" in messages[0]
    assert models.verify_folder(target) is None


def test_corrupted_offline_cache_is_rebuilt_for_real(tmp_path):
    """The real conversion, from a copy of the cache with flipped weight bytes."""
    good = models.resolve("offline-default")
    copy = tmp_path / "models" / models.OFFLINE_FOLDER
    shutil.copytree(good, copy)
    with (copy / "model.safetensors").open("r+b") as f:
        f.seek(10_000_000)
        f.write(b"\x00" * 4096)
    messages = []
    rebuilt = models.prepare_offline_default(cache=tmp_path, log=messages.append)
    assert rebuilt == copy
    assert any("does not match its sha256" in m and "rebuilding" in m for m in messages)
    assert models.verify_folder(rebuilt) is None
    assert (rebuilt / "model.safetensors").read_bytes()[10_000_000:10_004_096] != b"\x00" * 4096


# --- clear errors -------------------------------------------------------------------


def test_unreachable_hub_gives_one_clear_error(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("HF_DATASETS_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{closed_port()}")
    t0 = time.perf_counter()
    with pytest.raises(models.HubUnreachableError) as info:
        models.resolve("fccourse-tests/no-such-model")
    assert time.perf_counter() - t0 < 10
    message = str(info.value)
    assert "'fccourse-tests/no-such-model'" in message
    assert "unreachable" in message
    assert 'model_id="offline-default"' in message and "local folder" in message
    err = info.value  # no chained stack of retries underneath
    assert err.__cause__ is None and (err.__context__ is None or err.__suppress_context__)


def test_offline_flag_gives_the_same_clear_error(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(models.HubUnreachableError, match="HF_HUB_OFFLINE=1"):
        models.resolve("google/gemma-3-1b-it-not-cached-here")


@pytest.mark.parametrize("bad", ["not a model id", "./no/such/folder/"])
def test_nonsense_model_id_is_explained(bad):
    with pytest.raises(models.ModelLoadError, match="neither a folder on this machine nor a hub id"):
        models.resolve(bad)


def test_folder_without_config_is_explained(tmp_path):
    with pytest.raises(models.ModelLoadError, match="no config.json"):
        models.resolve(tmp_path)


def test_cli_prints_the_error_without_a_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "fccourse", "prepare-model", "fccourse-tests/no-such-model"],
        capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: Cannot load 'fccourse-tests/no-such-model'")
