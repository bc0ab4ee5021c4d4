"""Profiles, the notebook contract, and papermill runs of the real series."""

import ast
import json
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from fccourse import profiles, runner

NOTEBOOKS = sorted(runner.notebooks_dir().glob("[0-9][0-9]_*.ipynb"))


def declared_parameters() -> dict[str, set[str]]:
    return {nb.stem: set(pm.inspect_notebook(str(nb))) for nb in NOTEBOOKS}


def test_the_series_exists():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_setup.ipynb"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_contract(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    # literals only: papermill replaces the cell, derived values would go stale
    for node in ast.parse(tagged[0].source).body:
        assert isinstance(node, ast.Assign), ast.dump(node)
        ast.literal_eval(node.value)
    assert "output_dir" in pm.inspect_notebook(str(nb_path))
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code if c.outputs), "outputs without execution counts"
    assert not any(o.output_type == "error" for c in code for o in c.outputs)
    assert "colab.research.google.com" in nb.cells[0].source, "an Open-in-Colab badge at the top"


@pytest.mark.parametrize("name", profiles.profile_names())
def test_shipped_profiles_only_use_declared_names(name):
    params = profiles.load_profile(name)
    assert params
    profiles.check_names(params, declared_parameters(), profile=name)


def test_offline_profile_is_the_notebooks_defaults():
    offline = profiles.load_profile("offline")
    for nb in NOTEBOOKS:
        defaults = {p: v["default"] for p, v in pm.inspect_notebook(str(nb)).items()}
        for key in set(defaults) & set(offline):
            assert ast.literal_eval(defaults[key]) == offline[key], (nb.stem, key)


def test_typo_in_a_profile_is_refused_with_the_valid_names(tmp_path):
    bad = tmp_path / "mine.yaml"
    bad.write_text("parameters:\n  model_idd: offline-default\n")
    with pytest.raises(ValueError) as info:
        runner.run_series(bad, out=tmp_path / "out")
    message = str(info.value)
    assert "'model_idd'" in message and "Valid names:" in message and "model_id" in message


def test_unknown_profile_names_the_shipped_ones():
    with pytest.raises(ValueError, match="offline, smoke"):
        profiles.load_profile("offlien")


def test_select_by_number():
    paths = [Path("00_a.ipynb"), Path("01_b.ipynb"), Path("02_c.ipynb")]
    assert [p.name for p in runner.select(paths, only=["00", "02"])] == ["00_a.ipynb", "02_c.ipynb"]
    with pytest.raises(ValueError, match="no notebook numbered '07'"):
        runner.select(paths, start="07")


def test_smoke_profile_runs_the_series(tmp_path):
    """papermill executes every notebook with the smoke profile; each writes its figures."""
    summary = runner.run_series("smoke", out=tmp_path)
    assert list(summary) == [nb.stem for nb in NOTEBOOKS]
    for nb in NOTEBOOKS:
        assert (tmp_path / "executed" / nb.name).is_file()
        assert (tmp_path / f"{nb.stem}.json").is_file(), f"{nb.stem} did not write its figures"
    setup = summary["00_setup"]
    assert setup["model_class"] == "Gemma3ForCausalLM" and setup["vocab_size"] == 262144
    trained = summary["04_lora_sft_t4"]
    # 4 drawn rows + 2 over made tools + the twins they hold (fccourse.recipe), at batch 2
    assert trained["preset"] == "cpu" and trained["token_strategy"] == "repurpose_unused"
    assert trained["made_rows"] == 2 and trained["train_rows"] == 4 + 2 + trained["no_call_twins"]
    assert trained["steps"] == -(-trained["train_rows"] // 2)
    assert 0 < trained["final_loss"] < 20
    # a real, small adapter; the renamed markers' tokenizer (33 MB) is saved beside it
    assert (tmp_path / "adapter" / "adapter_model.safetensors").stat().st_size < 10 * 2**20
    assert (tmp_path / "adapter" / "tokenizer.json").is_file() and 30 < trained["adapter_mb"] < 50
    assert summary["05_tool_call_inference"]["tokens_per_second"] > 0
    assert summary["06_evaluation"]["eval_rows"] == 6  # the smoke profile's eval_rows
    report = json.loads((tmp_path / "06_eval_tuned.json").read_text())
    assert report["overall"]["rows"] == 6 and "mismatches" in report
    assert json.loads((tmp_path / "summary.json").read_text()) == summary
    assert "| 00_setup |" in (tmp_path / "summary.md").read_text()


def _one_notebook_series(tmp_path, name: str, failing_cell: str):
    """A series of one notebook whose third cell is `failing_cell`, and an empty profile."""
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell('output_dir = "runs"', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell(failing_cell),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, nbs / name)
    (tmp_path / "p.yaml").write_text("parameters: {}\n")
    return nbs


def test_a_failing_notebook_is_named_with_its_cell_and_executed_copy(tmp_path):
    nbs = _one_notebook_series(tmp_path, "00_broken.ipynb", "raise ValueError('planted failure')")
    with pytest.raises(runner.NotebookFailed) as info:
        runner.run_series(tmp_path / "p.yaml", out=tmp_path / "out", notebooks=nbs)
    message = str(info.value)
    # [4]: the executed copy numbers papermill's injected-parameters cell too
    assert "00_broken.ipynb failed in cell [4] `raise ValueError('planted failure')`: ValueError: planted failure" in message
    assert str(tmp_path / "out" / "executed" / "00_broken.ipynb") in message
    assert "--from 00" in message


def test_a_cell_past_the_time_limit_fails_with_the_way_to_resume(tmp_path):
    # nbclient raises its timeout as it is, not as papermill's execution error: it once escaped as a raw traceback
    nbs = _one_notebook_series(tmp_path, "04_slow.ipynb", "import time\ntime.sleep(60)")
    with pytest.raises(runner.NotebookFailed) as info:
        runner.run_series(tmp_path / "p.yaml", out=tmp_path / "out", notebooks=nbs, timeout=2)
    message = str(info.value)
    assert "04_slow.ipynb failed in cell [4] `import time`: it ran past the limit of 2 s per cell" in message
    assert f"fccourse run --profile {tmp_path / 'p.yaml'} --from 04 --out {tmp_path / 'out'} --timeout 0" in message
