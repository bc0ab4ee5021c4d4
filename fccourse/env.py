"""Where am I? The facts a learner needs before loading or training anything.

Three places run this course: Colab on a free T4, a laptop (often offline),
and batch runs under papermill. Most failures in the original notebook come
from not knowing which one you are in: bf16 asked of a T4, downloads retried
for minutes with no network, a mirror endpoint set too late to take effect.

Example, on a laptop without a GPU: ``collect().advice`` ->
``'No GPU: train the offline default with the cpu preset (fp32).'``
"""

from __future__ import annotations

import http.client
import importlib.metadata
import os
import platform
import sys
from dataclasses import dataclass, field
from urllib.error import HTTPError
from urllib.parse import urlparse
from urllib.request import Request, urlopen

DEFAULT_ENDPOINT = "https://huggingface.co"
_TRUTHY = {"1", "true", "yes", "on"}
LIBRARIES = ("torch", "transformers", "trl", "peft", "datasets", "accelerate", "bitsandbytes")


def env_flag(name: str) -> bool:
    """True when an HF-style boolean variable is set: HF_HUB_OFFLINE=1 -> True."""
    return os.environ.get(name, "").strip().lower() in _TRUTHY


def in_colab() -> bool:
    """Colab imports its own module into every kernel; nothing else does."""
    return "google.colab" in sys.modules


def hub_endpoint() -> str:
    """The endpoint downloads go to; the course notes use a mirror (HF_ENDPOINT)."""
    return os.environ.get("HF_ENDPOINT", "").strip().rstrip("/") or DEFAULT_ENDPOINT


def endpoint_set_too_late() -> bool:
    """huggingface_hub reads HF_ENDPOINT once, at import. Setting it in a cell
    after `import transformers` silently keeps the old endpoint."""
    constants = sys.modules.get("huggingface_hub.constants")
    if constants is None:  # not imported yet: the variable will still take effect
        return False
    return constants.ENDPOINT.rstrip("/") != hub_endpoint()


def hub_reachable(endpoint: str | None = None, timeout: float = 2.0) -> bool:
    """Does the hub answer an HTTP request within `timeout` seconds?

    Any answer counts, an error status too. A TCP connect alone is not enough:
    a filtering network can accept the connection and then never answer, or
    break the TLS handshake, and the hub clients then retry for minutes: the
    course notes' "the data is cached, yet loading hangs on the network".
    A HEAD request downloads nothing, and fails in milliseconds with no route.
    """
    url = endpoint or hub_endpoint()
    if not urlparse(url).hostname:
        return False
    try:
        with urlopen(Request(url, method="HEAD"), timeout=timeout):
            return True
    except HTTPError:  # it answered, with an error status: it is there
        return True
    except (OSError, http.client.HTTPException):  # refused, no route, timed out, TLS broken, not HTTP
        return False


def offline_reason(check_network: bool = True, timeout: float = 2.0) -> str | None:
    """Why we must not touch the hub, or None when it is usable.

    With HF_HUB_OFFLINE=1 set: ``offline_reason()`` -> ``'HF_HUB_OFFLINE=1 is set'``.
    """
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        if env_flag(name):
            return f"{name}=1 is set"
    if check_network and not hub_reachable(timeout=timeout):
        return f"no connection to {hub_endpoint()} within {timeout:g} s"
    return None


def _cpuinfo() -> dict[str, str]:
    """The first processor's fields in /proc/cpuinfo; empty where there is none (macOS, Windows)."""
    info = {}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    break  # the first processor's block ends at the first blank line
                key, _, value = line.partition(":")
                info[key.strip()] = value.strip()
    except OSError:
        pass
    return info


def _cpu_flags() -> set[str]:
    return set(_cpuinfo().get("flags", "").split())


def describe_cpu(info: dict[str, str], capability: str) -> str:
    """The CPU in one line, with the kernels torch picked on it (`torch.backends.cpu.get_cpu_capability()`).
    The family and model numbers are there because the name alone ("AMD EPYC") does not tell Zen 3 from Zen 4.

    >>> describe_cpu({"model name": "AMD EPYC", "cpu family": "25", "model": "1"}, "AVX2")
    'AMD EPYC (family 25 model 1), torch kernels AVX2'
    >>> describe_cpu({}, "DEFAULT")
    'unknown CPU, torch kernels DEFAULT'
    """
    name = info.get("model name") or "unknown CPU"
    if "cpu family" in info and "model" in info:
        name += f" (family {info['cpu family']} model {info['model']})"
    return f"{name}, torch kernels {capability}"


def cpu() -> str:
    """This machine's CPU, as `describe_cpu` writes it."""
    import torch

    # Without /proc/cpuinfo (macOS, Windows) the platform's own name for it
    return describe_cpu(_cpuinfo() or {"model name": platform.processor()}, torch.backends.cpu.get_cpu_capability())


def machine() -> str:
    """Where this process computes, in one line, to keep beside a trained adapter and its score: the same run
    trains the same weights on one kind of CPU but not across kinds (AVX2 and AVX-512 kernels round apart, and
    800 LoRA steps carry it: one recipe scored 67.0 % AST on one machine and 63.0 % on another,
    benchmarks/recipes.py)."""
    import torch

    g = gpu()
    if g:
        return f"{g.name}, sm {'.'.join(map(str, g.capability))}"
    return f"{cpu()}, {torch.get_num_threads()} threads"


def cpu_has_native_bf16() -> bool:
    """bf16 on a CPU is only fast with AVX512-BF16 or AMX; elsewhere torch
    emulates it and a training step gets 15-30x slower (measured here)."""
    return bool(_cpu_flags() & {"avx512_bf16", "amx_bf16"})


@dataclass
class GPU:
    name: str
    memory_gib: float
    capability: tuple[int, int]

    @property
    def bf16(self) -> bool:
        # torch.cuda.is_bf16_supported() says True on a T4 (sm_75) because it
        # counts emulation; native bf16 arrived with Ampere, sm_80.
        return self.capability >= (8, 0)


def gpu() -> GPU | None:
    """The first CUDA device, or None."""
    import torch

    if not torch.cuda.is_available():
        return None
    props = torch.cuda.get_device_properties(0)
    return GPU(props.name, round(props.total_memory / 2**30, 1), (props.major, props.minor))


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


@dataclass
class EnvReport:
    versions: dict[str, str]
    colab: bool
    gpu: GPU | None
    bf16: bool
    cpu_count: int
    endpoint: str
    endpoint_too_late: bool
    offline: str | None
    advice: str = field(default="")
    cpu: str = field(default="")

    def rows(self) -> list[tuple[str, str]]:
        """(name, value) pairs, in the order `fccourse doctor` prints them."""
        rows = [(k, v) for k, v in self.versions.items()]
        rows.append(("colab", "yes" if self.colab else "no"))
        if self.gpu:
            cap = ".".join(map(str, self.gpu.capability))
            rows.append(("gpu", f"{self.gpu.name}, {self.gpu.memory_gib} GiB, sm {cap}"))
        else:
            rows.append(("gpu", f"none (CPU, {self.cpu_count} cores)"))
        if self.cpu:
            rows.append(("cpu", self.cpu))
        rows.append(("bf16 (native)", "yes" if self.bf16 else "no"))
        endpoint = self.endpoint + (" (mirror)" if self.endpoint != DEFAULT_ENDPOINT else "")
        if self.endpoint_too_late:
            endpoint += "  <- set after huggingface_hub was imported: NOT in effect"
        rows.append(("hub endpoint", endpoint))
        rows.append(("hub", f"offline: {self.offline}" if self.offline else "reachable"))
        return rows


def advise(g: GPU | None, bf16: bool, offline: str | None) -> str:
    """One line: what to do on this machine.

    >>> advise(GPU("Tesla T4", 14.7, (7, 5)), False, None)
    'Tesla T4: no bf16 -> use the t4 preset (fp32 compute; Gemma 3 overflows fp16).'
    """
    if g is None:
        tail = " The hub is out of reach: use the offline default model and data." if offline else ""
        return "No GPU: train the offline default with the cpu preset (fp32)." + tail
    if not bf16:
        return f"{g.name}: no bf16 -> use the t4 preset (fp32 compute; Gemma 3 overflows fp16)."
    return f"{g.name}: native bf16 -> use the bf16-gpu preset."


def collect(check_network: bool = True, timeout: float = 2.0) -> EnvReport:
    g = gpu()
    bf16 = g.bf16 if g else cpu_has_native_bf16()
    offline = offline_reason(check_network=check_network, timeout=timeout)
    return EnvReport(
        versions=library_versions(),
        colab=in_colab(),
        gpu=g,
        bf16=bf16,
        cpu_count=os.cpu_count() or 1,
        endpoint=hub_endpoint(),
        endpoint_too_late=endpoint_set_too_late(),
        offline=offline,
        advice=advise(g, bf16, offline),
        cpu=cpu(),
    )


def format_table(rows: list[tuple[str, str]]) -> str:
    """Two aligned columns.

    >>> print(format_table([("a", "1"), ("bbb", "2")]))
    a    1
    bbb  2
    """
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)


def doctor(check_network: bool = True) -> EnvReport:
    """Print the environment table and one line of advice; return the report."""
    report = collect(check_network=check_network)
    print(format_table(report.rows()))
    print(f"\nadvice: {report.advice}")
    return report
