"""Procedurally made training tools: valid, stated in the request, and clear of the held-out tools."""

import random

import pytest

from fccourse import catalogue, data, datagen, synthtools

from .test_datagen import test_each_tool_samples_valid_arguments_stated_in_the_request as check_tool

TOOLS = synthtools.synth_tools(0)


def test_names_are_new_and_unique():
    names = [t.name for t in TOOLS]
    assert len(names) == len(set(names)) > 100
    assert not set(names) & {t.name for t in catalogue.TOOLS}


def test_no_tool_borrows_a_held_out_subject():
    held = datagen.holdout_tools()
    # the held-out tools' subjects: calculate_loan_payment -> loan, compare_prices -> compare, prices ...
    words = {w for name in held for w in name.split("_")} - {"get", "find", "send", "calculate", "info"}
    for t in TOOLS:
        assert not set(t.name.split("_")) & words, t.name


@pytest.mark.parametrize("tool", TOOLS[::7], ids=lambda t: t.name)
def test_samples_are_valid_and_said_verbatim(tool):
    check_tool(tool)  # the catalogue's own check: schema-valid arguments, every value in the request's words


def test_booleans_are_said_both_ways():
    said = {}
    rng = random.Random(1)
    for _ in range(40):
        value, words = synthtools.KINDS[[k[0] for k in synthtools.KINDS].index("notify")][3](rng)
        said.setdefault(value, set()).add(words)
    assert said[True] and said[False] and not said[True] & said[False]
    assert any(w.startswith(("without", "no ")) for w in said[False])


def test_rows_are_deterministic_and_pass_validation():
    rows = synthtools.synth_rows(60, seed=3)
    assert rows == synthtools.synth_rows(60, seed=3)
    report, convs = data.validate(rows)
    assert len(report.kept) == 60, report
    assert {r["kind"] for r in rows} == set(datagen.KIND_WEIGHTS)
    assert all(r["id"].startswith("syn-") for r in rows)
