"""pytest configuration shared by unit tests and nbval.

nbval compares stored and fresh outputs cell by cell. stderr is not part of
the lesson and changes with every library release (deprecation notices,
progress bars), so it is left out of the comparison, together with the
output kinds that embed per-run ids (widgets, HTML with generated ids).
"""

import os
from pathlib import Path

# Tests never reach the network: anything that would try fails at once.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def pytest_collectstart(collector):
    if str(getattr(collector, "path", "")).endswith(".ipynb"):
        collector.skip_compare += (
            "stderr",
            "application/vnd.jupyter.widget-view+json",
            "text/html",
            "application/javascript",
        )


# Notebooks 04-06 train (~10 min) and evaluate (~10 min) with their stored
# parameters, and 05-06 read what 04 wrote, so nbval runs them only when asked
# (`make test-notebooks`, FCCOURSE_NBVAL_ALL=1). The default suite still
# executes every cell of them: the papermill `smoke` run of the whole series
# (tests/test_runner.py) with small sizes.
HEAVY_NOTEBOOKS = ("04_", "05_", "06_")


def pytest_ignore_collect(collection_path: Path, config):
    if collection_path.suffix == ".ipynb" and collection_path.name.startswith(HEAVY_NOTEBOOKS):
        return None if os.environ.get("FCCOURSE_NBVAL_ALL") == "1" else True
    return None
