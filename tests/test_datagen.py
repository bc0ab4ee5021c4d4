"""The bundled dataset: its size, shape, coverage, determinism, and held-out tools."""

import hashlib
import random
from collections import Counter

import jsonschema
import pytest

from fccourse import catalogue, data, datagen


@pytest.fixture(scope="module")
def rows():
    return data.read_jsonl(data.bundled_path())


@pytest.fixture(scope="module")
def parsed(rows):
    report, convs = data.validate(rows)
    return report, convs


def test_bundled_file_matches_its_checksum():
    assert data.bundled_checksum_ok()


def test_bundled_set_is_big_clean_and_round_trips(rows, parsed):
    report, _ = parsed
    assert len(rows) >= 3000
    assert report.rejected == [], report.rejected[:3]
    assert all(data.round_trips(r) for r in rows)


def test_rows_have_the_hub_schema(rows):
    for row in rows[:200]:
        roles = [t["role"] for t in row["conversations"]]
        assert roles[0] == "system" and roles[1] == "human" and roles[-1] == "model"
        assert set(roles) <= {"system", "human", "model", "tool"}
        assert all(set(t) == {"content", "role"} for t in row["conversations"])
        system = row["conversations"][0]["content"]
        assert system.startswith("You are a function calling AI model.") and "<tools> [{'type': 'function'" in system


def test_catalogue_size_and_domains():
    assert len(catalogue.TOOLS) >= 60
    assert len({t.name for t in catalogue.TOOLS}) == len(catalogue.TOOLS)
    assert len({t.domain for t in catalogue.TOOLS}) >= 12


def test_bundled_rows_use_at_least_60_tools(rows):
    offered = set().union(*(data.tool_names(r) for r in rows))
    assert len(offered) >= 60


def test_every_kind_of_conversation_is_there(rows, parsed):
    _, convs = parsed
    kinds = Counter(r["kind"] for r in rows)
    assert set(kinds) == {"single", "follow_up", "parallel", "no_call"} and min(kinds.values()) > 300
    stats = data.stats(convs)
    assert stats["parallel_call_turns"] > 300  # two calls in one turn
    assert stats["first_answer_without_call"] == kinds["no_call"]  # no tool fits: a reply, no call
    assert 0.3 < stats["thinking_share_after_user"] < 0.7  # some turns think, others do not
    assert len(stats["tools_offered"]) >= 3  # several tools offered, one right
    for row, conv in zip(rows, convs):
        if row["kind"] == "no_call":
            assert not any(m.get("tool_calls") for m in conv["messages"])


def _schema_types(schema: dict):
    yield schema.get("type"), "enum" in schema
    for sub in schema.get("properties", {}).values():
        yield from _schema_types(sub)


def test_argument_types_and_optional_arguments_are_covered(parsed):
    _, convs = parsed
    seen_types, optional_given, optional_omitted = set(), 0, 0
    for conv in convs:
        schemas = {t["function"]["name"]: t["function"]["parameters"] for t in conv["tools"]}
        for msg in conv["messages"]:
            for call in msg.get("tool_calls", []):
                params = schemas[call["function"]["name"]]
                args = call["function"]["arguments"]
                for name in args:
                    prop = params["properties"][name]
                    seen_types.add("enum" if "enum" in prop else prop["type"])
                optional = set(params["properties"]) - set(params.get("required", []))
                optional_given += bool(optional & set(args))
                optional_omitted += bool(optional - set(args))
    assert seen_types >= {"string", "integer", "number", "boolean", "enum", "array", "object"}
    assert optional_given > 100 and optional_omitted > 100


def test_holdout_tools_only_in_test_and_marked(rows):
    holdout = data.default_holdout(data.BUNDLED)
    assert len(holdout) >= 8
    train, test = data.split(rows, test_size=0.1, seed=42, holdout_tools=holdout)
    assert not any(data.tool_names(r) & set(holdout) for r in train)
    unseen = [r for r in test if r["unseen_tools"]]
    seen = [r for r in test if not r["unseen_tools"]]
    assert len(unseen) >= 100 and len(seen) >= 100
    assert all(data.tool_names(r) & set(holdout) for r in unseen)
    called = {name for r in unseen for name in _called(r)}
    assert called & set(holdout), "unseen rows must call held-out tools, not only offer them"


def _called(row):
    conv, _ = data.parse_conversation(row)
    return [c["function"]["name"] for m in conv["messages"] for c in m.get("tool_calls", [])]


def test_generator_is_deterministic_and_reproduces_the_bundled_file(tmp_path):
    assert datagen.generate(50, seed=3) == datagen.generate(50, seed=3)
    assert datagen.generate(50, seed=3) != datagen.generate(50, seed=4)
    digest = datagen.write_jsonl_gz(datagen.generate(3570, 0), tmp_path / "again.jsonl.gz")
    assert digest == hashlib.sha256(data.bundled_path().read_bytes()).hexdigest()


@pytest.mark.parametrize("tool", catalogue.TOOLS, ids=lambda t: t.name)
def test_each_tool_samples_valid_arguments_stated_in_the_request(tool):
    gen = datagen.Generator(seed=0)
    gen.rng = random.Random(tool.name)
    schema = tool.schema()["function"]["parameters"]
    for _ in range(20):
        args, say, text = gen.request(tool)
        jsonschema.validate(args, schema)
        for name, value in args.items():
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                assert str(value) in text, (name, value, text)
        result = tool.respond(args, gen.rng)
        assert all(isinstance(v, (str, int, float, bool)) for v in result.values())
        assert tool.answers[0].format_map({**result, **say})


def test_argument_pairs_differ_in_one_stated_optional_argument_only():
    rows = datagen.argument_pairs(60, seed=5)
    assert len(rows) == 120 and rows == datagen.argument_pairs(60, seed=5)
    assert len(data.validate(rows)[0].kept) == 120
    held = set(datagen.holdout_tools())
    dropped = set()
    for a, b in zip(rows[::2], rows[1::2]):
        assert (a["id"][:-1], a["id"][-1], b["id"][-1]) == (b["id"][:-1], "a", "b")
        assert a["conversations"][0] == b["conversations"][0]  # the same tools offered
        (name, with_it), (other, without) = _call(a), _call(b)
        assert name == other and name not in held
        [key] = set(with_it) - set(without)
        assert {k: v for k, v in with_it.items() if k != key} == without
        params = next(t for t in catalogue.TOOLS if t.name == name).schema()["function"]["parameters"]
        assert key not in params["required"]
        said, unsaid = a["conversations"][1]["content"], b["conversations"][1]["content"]
        if isinstance(with_it[key], (str, int, float)) and not isinstance(with_it[key], bool):
            assert str(with_it[key]) in said
        assert said != unsaid
        dropped.add((name, key))
    assert len(dropped) > 20  # many tools and arguments, not one pattern repeated
    # A request asked in the pairs above is left out when named, and its pair drawn again without it
    asked = rows[1]["conversations"][1]["content"]
    again = datagen.argument_pairs(60, seed=5, leave_out=[asked])
    assert len(again) == 120 and all(r["conversations"][1]["content"] != asked for r in again)
    kept = [r["conversations"] for a, b in zip(rows[::2], rows[1::2]) if asked not in (a["conversations"][1][
        "content"], b["conversations"][1]["content"]) for r in (a, b)]
    assert [r["conversations"] for r in again[:len(kept)]] == kept  # the others kept, in order; new ones after


def _call(row):
    [call] = data.parse_conversation(row)[0]["messages"][1]["tool_calls"]
    return call["function"]["name"], call["function"]["arguments"]


def test_stating_rows_state_an_optional_argument_in_every_call_that_can_and_skip_left_out_requests():
    rows = datagen.stating_rows(80, seed=3)
    assert len(rows) == 80 and rows == datagen.stating_rows(80, seed=3)
    assert len(data.validate(rows)[0].kept) == 80
    optional = {t.name: {p.name for p in t.params if not p.required} for t in catalogue.TOOLS}
    held, calls = set(datagen.holdout_tools()), 0
    for row in rows:
        for turn in data.parse_conversation(row)[0]["messages"]:
            for call in turn.get("tool_calls") or []:
                name, args = call["function"]["name"], call["function"]["arguments"]
                assert name not in held
                if optional[name]:
                    calls += 1
                    assert optional[name] & set(args), (name, args)
    assert calls > 40
    # A request asked in the rows above is left out when named, and the rows are drawn again without it
    asked = next(r for r in rows if r["kind"] == "single")["conversations"][1]["content"]
    again = datagen.stating_rows(80, seed=3, leave_out=[asked])
    assert len(again) == 80 and all(r["conversations"][1]["content"] != asked for r in again)
