"""pytest configuration shared by unit tests and nbval.

nbval compares stored and fresh outputs cell by cell. stderr is not part of
the lesson and changes with every library release (deprecation notices,
progress bars), so it is left out of the comparison, together with the
output kinds that embed per-run ids (widgets, HTML with generated ids).
"""

import os

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
