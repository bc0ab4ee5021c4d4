"""The training recipe: which conversations notebook 04 trains on, and how its markers are tokenized.

`benchmarks/recipes.py` measured each part on the held-out split (its docstring holds
the tables); these are the parts that moved tool-call accuracy and are kept:

* no-call twins (`no_call_twin`): a single-call request again, with the called tool's
  domain taken off the list and a polite answer instead of the call, so that only the
  list tells calling from not calling;
* made tools (`fccourse.synthtools`): conversations over procedurally made tools,
  practice at reading tools the catalogue does not have;
* no thinking (`drop_thinking`): the data's thoughts decide in their first words, which a
  small model learns as word frequencies, not as a decision; without them every turn
  trains the first token's choice between calling and answering;
* single-token markers (`single_token_markers`): `<think>`, `<tool_call>` and their
  closers as repurposed `<unusedN>` tokens (notebook 03's strategy b) with their
  embedding rows trained, so that `<think>` and `<tool_call>` no longer share a first
  token `<`.

Together, on every training row (+512 made, +640 twins, 4365 conversations, one epoch,
the `cpu` preset, an H100): 77.9 % AST match (seen tools 83.8, unseen 71.9), parse 100 %,
no-call 94.8 %. At notebook 04's default 128 rows they gain a few points at most: with 40
twins, trained through the prompt, 25.8 % on notebook 06's 120-row sample under guided
decoding against the plain rows' 24.2 %. They pick the tool better there (forced choice
78.3 % against 58.3 %) but call in every row: a small model needs ~1000 conversations
before it learns the decision at all.

The parts apply in a fixed order (the runs that measured them used it): the drawn rows,
the made conversations, a shuffle, the twins, a shuffle; the thoughts are dropped last,
so that a twin thinks exactly when its original did.
"""

from __future__ import annotations

import random

from . import data, datagen, synthtools, train
from .catalogue import TOOLS

DECISION_MARKERS = ("<think>", "</think>", "<tool_call>", "</tool_call>")  # the markers a model turn writes
TWIN_SEED = 7  # the twins' own draw (replies, thoughts), apart from the rows' seed, as in every measured run


def no_call_twin(conv: dict, rng: random.Random) -> dict | None:
    """The same first request with the called tool's domain off the list, answered without a call
    (the data's own no-call replies and thinking); None when no tool would be left.

    Domains come from the catalogue; every tool outside it (a made one, a hub dataset's)
    counts as one domain of its own, so a twin of such a row keeps only catalogue tools,
    and a row offering none of them has no twin.

    >>> tool = lambda name: {"type": "function", "function": {"name": name, "description": "Get it."}}
    >>> conv = {"system": None, "tools": [tool("get_weather"), tool("convert_currency")],
    ...         "messages": [{"role": "user", "content": "Weather in Oslo?"},
    ...                      {"role": "assistant", "content": "", "tool_calls": [data.make_call("get_weather", {})]}]}
    >>> twin = no_call_twin(conv, random.Random(0))
    >>> [t["function"]["name"] for t in twin["tools"]], "tool_calls" in twin["messages"][1]
    (['convert_currency'], False)
    """
    domain = {t.name: t.domain for t in TOOLS}
    first, turn = conv["messages"][0], conv["messages"][1]
    called = turn["tool_calls"][0]["function"]["name"]
    keep = [t for t in conv["tools"] if domain.get(t["function"]["name"]) != domain.get(called)]
    if not keep:
        return None
    abilities = ", or ".join(datagen.lower_first(t["function"]["description"].rstrip(".")) for t in keep)
    answer = {"role": "assistant", "content": rng.choice(datagen.NO_CALL_REPLIES).format(abilities=abilities)}
    if turn.get("reasoning"):  # the twin thinks when its original did
        names = ", ".join(t["function"]["name"] for t in keep)
        answer["reasoning"] = rng.choice(datagen.THINK_NO_CALL).format(ask=first["content"], tools=names)
    return {**conv, "tools": keep, "messages": [first, answer]}


def no_call_twins(convs: list[dict], n: int, seed: int = TWIN_SEED) -> list[dict]:
    """Up to `n` twins (`no_call_twin`) of `convs`' rows whose first answer is one call, in their order."""
    rng = random.Random(seed)
    singles = [c for c in convs if len(c["messages"]) > 1 and len(c["messages"][1].get("tool_calls") or []) == 1]
    return [t for t in (no_call_twin(c, rng) for c in singles) if t][:n]


def drop_thinking(conv: dict) -> dict:
    """`conv` with no model turn's thinking.

    >>> drop_thinking({"messages": [{"role": "assistant", "reasoning": "Hm.", "content": "Hi"}]})
    {'messages': [{'role': 'assistant', 'content': 'Hi'}]}
    """
    return {**conv, "messages": [{k: v for k, v in m.items() if k != "reasoning"} for m in conv["messages"]]}


def single_token_markers(p: dict) -> dict:
    """A copy of preset `p` with the markers as repurposed single tokens, their rows trained.

    >>> single_token_markers(train.preset("cpu"))["lora"]["trainable_tokens"]
    ['<end_of_turn>', '<think>', '</think>', '<tool_call>', '</tool_call>']
    """
    trained = [*(p["lora"].get("trainable_tokens") or []), *DECISION_MARKERS]
    return {**p, "token_strategy": "repurpose_unused", "lora": {**p["lora"], "trainable_tokens": trained}}


def training_conversations(rows: list[dict], n_rows: int, seed: int = 42, made: int = 0,
                           made_goals: bool | str = "both", made_goal_count: int = 2, twins: int = 0,
                           thinking: bool = True, skip_made: int = 0, made_more_kinds: bool = False,
                           made_more: int = 0, made_said: int = 0) -> list[dict]:
    """Notebook 04's training conversations: `n_rows` of `rows` (all when 0; `train.pick_rows`),
    `made` conversations over made tools (`synthtools.synth_rows`, the first `skip_made` left
    out; their parameters from `synthtools.MORE_KINDS` if `made_more_kinds`), `made_more` more over the same
    tools with MORE_KINDS' parameters (the first ones: beside `made`, not in place of it), `made_said` more with
    SAID_KINDS' (the first ones, beside both), `twins` no-call twins, and every thought dropped unless `thinking`.

    With no made rows, no twins and thinking kept, it is the drawn rows, parsed, in order.
    """
    for name, n in (("n_rows", n_rows), ("made", made), ("twins", twins), ("skip_made", skip_made),
                    ("made_more", made_more), ("made_said", made_said)):
        if n < 0:
            raise ValueError(f"{name} must be 0 or more, not {n} (n_rows 0 means every row; made and twins 0: none)")
    if made_more and made_more_kinds:
        raise ValueError("made_more adds MORE_KINDS' made tools beside `made`'s KINDS ones, and made_more_kinds makes "
                         "`made` MORE_KINDS' too, so both would draw the same first ones: drop one of them")
    convs = [data.parse_conversation(r)[0] for r in train.pick_rows(rows, n_rows, seed)]
    if made or made_more or made_said:
        drawn = synthtools.synth_rows(skip_made + made, seed, made_goals, made_goal_count,
                                      made_more_kinds)[skip_made:] if made else []
        # MORE_KINDS beside KINDS: in place of them, as a first sitting's only made tools, they lowered the unseen
        # tools (benchmarks/recipes.py), so each kind's practice is kept and the other's added
        drawn += synthtools.synth_rows(made_more, seed, made_goals, made_goal_count, True) if made_more else []
        drawn += synthtools.synth_rows(made_said, seed, made_goals, made_goal_count, "said") if made_said else []
        convs += [data.parse_conversation(r)[0] for r in drawn]
        random.Random(seed).shuffle(convs)
    if twins:
        convs += no_call_twins(convs, twins)
        random.Random(seed).shuffle(convs)
    return convs if thinking else [drop_thinking(c) for c in convs]
