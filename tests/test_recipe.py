"""Notebook 04's training conversations: twins that only the tool list tells apart, made tools, no thoughts."""

import random

import pytest

from fccourse import catalogue, data, datagen, recipe, synthtools, train

ROWS = datagen.generate(80, seed=0)
DOMAIN = {t.name: t.domain for t in catalogue.TOOLS}


def names(conv: dict) -> list[str]:
    return [t["function"]["name"] for t in conv["tools"]]


def single_call_convs() -> list[dict]:
    convs = [data.parse_conversation(r)[0] for r in ROWS]
    return [c for c in convs if len(c["messages"][1].get("tool_calls") or []) == 1]


def test_a_twin_asks_the_same_and_declines_with_the_called_domain_off_the_list():
    twins = 0
    for conv in single_call_convs():
        twin = recipe.no_call_twin(conv, random.Random(0))
        called = conv["messages"][1]["tool_calls"][0]["function"]["name"]
        if twin is None:  # every offered tool was of the called one's domain
            assert {DOMAIN[n] for n in names(conv)} == {DOMAIN[called]}
            continue
        twins += 1
        assert twin["messages"][0] == conv["messages"][0] and len(twin["messages"]) == 2
        answer = twin["messages"][1]
        assert "tool_calls" not in answer and answer["content"]
        assert DOMAIN[called] not in {DOMAIN[n] for n in names(twin)}
        assert set(names(twin)) < set(names(conv))
        assert ("reasoning" in answer) == bool(conv["messages"][1].get("reasoning"))  # thinks when its original did
    assert twins >= 10


def test_a_row_offering_only_its_own_domain_has_no_twin():
    conv = next(c for c in single_call_convs() if len(c["tools"]) > 1)
    called = conv["messages"][1]["tool_calls"][0]["function"]["name"]
    alone = {**conv, "tools": [t for t in conv["tools"] if DOMAIN[t["function"]["name"]] == DOMAIN[called]]}
    assert recipe.no_call_twin(alone, random.Random(0)) is None


def test_without_the_parts_it_is_the_drawn_rows_in_order():
    # notebook 04's path before the recipe existed, so the offline profile's stored outputs still hold
    expected = [data.parse_conversation(r)[0] for r in train.pick_rows(ROWS, 32, 42)]
    assert recipe.training_conversations(ROWS, 32, 42) == expected


def test_the_parts_add_what_they_say_and_drop_every_thought():
    plain = recipe.training_conversations(ROWS, 32, 42)
    convs = recipe.training_conversations(ROWS, 32, 42, made=12, twins=6, thinking=False)
    assert len(convs) == 32 + 12 + 6
    catalogue_names = {t.name for t in catalogue.TOOLS}
    made = [c for c in convs if not set(names(c)) <= catalogue_names]
    assert len(made) == 12  # a made conversation offers at least one made tool; a twin keeps catalogue tools only
    assert not any("reasoning" in m for c in convs for m in c["messages"])
    def declines(cs):
        return sum(len(c["messages"]) == 2 and not c["messages"][1].get("tool_calls") for c in cs)

    assert declines(convs) >= declines(plain) + 6
    assert convs == recipe.training_conversations(ROWS, 32, 42, made=12, twins=6, thinking=False)  # seeded


def test_a_second_sitting_goes_on_with_the_made_rows_the_first_did_not_use():
    made = lambda **kw: [c for c in recipe.training_conversations(ROWS[:1], 1, 42, **kw)  # noqa: E731
                         if not set(names(c)) <= {t.name for t in catalogue.TOOLS}]
    first, second, both = made(made=5), made(made=4, skip_made=5), made(made=9)
    key = lambda c: repr(c)  # noqa: E731
    assert sorted(map(key, first + second)) == sorted(map(key, both))
    assert not set(map(key, first)) & set(map(key, second))


def test_single_token_markers_leave_the_preset_as_it_was():
    p = train.preset("cpu")
    q = recipe.single_token_markers(p)
    assert q["token_strategy"] == "repurpose_unused" and p["token_strategy"] == "plain_text"
    assert p["lora"]["trainable_tokens"] == ["<end_of_turn>"]
    assert set(recipe.DECISION_MARKERS) < set(q["lora"]["trainable_tokens"])


@pytest.mark.parametrize("bad", [{"made": -1}, {"twins": -2}, {"made_more": -3}, {"made_said": -4}])
def test_negative_counts_are_refused(bad):
    with pytest.raises(ValueError, match="0 or more"):
        recipe.training_conversations(ROWS, 8, 42, **bad)


def test_made_more_adds_more_kinds_beside_the_first_kinds():
    made = lambda **kw: [c for c in recipe.training_conversations(ROWS[:1], 1, 42, **kw)  # noqa: E731
                         if not set(names(c)) <= {t.name for t in catalogue.TOOLS}]
    key = lambda c: repr(c)  # noqa: E731
    first, more, both = made(made=6), made(made_more=5, made_more_kinds=False), made(made=6, made_more=5)
    assert (len(first), len(more), len(both)) == (6, 5, 11)
    assert sorted(map(key, first + more)) == sorted(map(key, both))  # the two streams, added up
    assert sorted(map(key, more)) == sorted(map(key, made(made=5, made_more_kinds=True)))  # MORE_KINDS' first ones
    assert not set(map(key, first)) & set(map(key, more))
    assert recipe.training_conversations(ROWS, 32, 42, made=4) == recipe.training_conversations(ROWS, 32, 42, made=4,
                                                                                               made_more=0)
    with pytest.raises(ValueError, match="both would draw the same first ones"):
        recipe.training_conversations(ROWS, 8, 42, made=4, made_more=4, made_more_kinds=True)


def test_made_said_adds_said_kinds_beside_the_other_made_ones():
    made = lambda **kw: [c for c in recipe.training_conversations(ROWS[:1], 1, 42, **kw)  # noqa: E731
                         if not set(names(c)) <= {t.name for t in catalogue.TOOLS}]
    said_params = {k[0] for k in synthtools.SAID_KINDS}
    said, all_three = made(made_said=5), made(made=3, made_more=4, made_said=5)
    assert len(said) == 5 and len(all_three) == 12
    assert sorted(map(repr, made(made=3) + made(made_more=4) + said)) == sorted(map(repr, all_three))
    for c in said:  # the first SAID_KINDS conversations, every parameter one of theirs
        assert {k for t in c["tools"] if t["function"]["name"] not in {t.name for t in catalogue.TOOLS}
                for k in t["function"]["parameters"]["properties"]} <= said_params
