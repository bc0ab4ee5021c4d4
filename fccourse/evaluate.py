"""Did fine-tuning work? Tool-call metrics over a held-out split.

Each test row gives one item: the conversation up to the model's first turn,
and what that turn should do (the calls, or no call). The model writes the
turn (greedy, batched); `toolcalls.parse` reads it; the metrics compare.

AST match follows the Berkeley Function-Calling Leaderboard (BFCL) rules:
the name must match; every required argument present and none the schema
does not list; an int is accepted where a number is expected; strings are
compared lower-cased without spaces and ``,./-_*^``; an optional argument the
reference leaves out must be left out. Parallel calls: same calls, any order.
No-call rows (irrelevance): right only when no call is made; as in BFCL, an
output that does not decode to a call counts as none. The call decision
(`call_decisions`) counts any `<tool_call>` written, decodable or not.
`search_errors` asks of each wrong call whether the model itself ranks the
reference higher (greedy decoding missed it) or its own answer (training must fix it);
`beams=N` decodes by beam search instead, which finds the likelier whole turn.

    >>> ast_match([("f", {"x": 2.0, "s": "New York"})], [("f", {"x": 2, "s": "new-york"})], {"f": {}})
    True
"""

from __future__ import annotations

import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field

from . import data, templates, tokens, toolcalls
from .guided import CallGuide, source_text

_STRIP = re.compile(r"[ ,./\-_*^]")


def normalize_string(s: str) -> str:
    """BFCL's string comparison form. normalize_string("New York, NY") -> 'newyorkny'"""
    return _STRIP.sub("", s).lower()


def values_match(expected, got, schema: dict | None = None) -> bool:
    """One argument value against the reference, with BFCL's leniencies.

    >>> values_match(3.0, 3, {"type": "number"}), values_match(3, 3.5, {"type": "integer"})
    (True, False)
    >>> values_match(["a b"], ["A-B"]), values_match({"k": "X"}, {"k": "x"}), values_match(True, 1)
    (True, True, False)
    """
    schema = schema or {}
    if isinstance(expected, bool) or isinstance(got, bool):
        return type(expected) is type(got) and expected == got
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)):
        if isinstance(got, float) and not isinstance(expected, float) and schema.get("type") == "integer":
            return False  # a float is not accepted where an integer is due
        return float(expected) == float(got)
    if isinstance(expected, str) and isinstance(got, str):
        return normalize_string(expected) == normalize_string(got)
    if isinstance(expected, list) and isinstance(got, list):
        items = schema.get("items") or {}
        return len(expected) == len(got) and all(values_match(e, g, items) for e, g in zip(expected, got))
    if isinstance(expected, dict) and isinstance(got, dict):
        props = schema.get("properties") or {}
        return expected.keys() == got.keys() and all(values_match(expected[k], got[k], props.get(k)) for k in expected)
    return expected == got


def call_matches(expected: tuple[str, dict], got: tuple[str, dict], parameters: dict | None) -> bool:
    """One call against one reference call (BFCL AST rules)."""
    (e_name, e_args), (g_name, g_args) = expected, got
    if e_name != g_name or not isinstance(g_args, dict):
        return False
    props = (parameters or {}).get("properties") or {}
    required = set((parameters or {}).get("required") or ())
    if props and set(g_args) - set(props):
        return False  # an argument the tool does not have
    if required - set(g_args):
        return False
    if set(g_args) != set(e_args):
        return False  # an optional argument the reference leaves out was given, or the reverse
    return all(values_match(e_args[k], g_args[k], props.get(k)) for k in e_args)


def ast_match(expected: list[tuple[str, dict]], got: list[tuple[str, dict]], schemas: dict[str, dict]) -> bool:
    """All calls matched one to one, in any order; no calls expected → none made."""
    if len(expected) != len(got):
        return False
    left = list(got)
    for e in expected:
        hit = next((i for i, g in enumerate(left) if call_matches(e, g, schemas.get(e[0]))), None)
        if hit is None:
            return False
        left.pop(hit)
    return True


def exact_match(expected: list[tuple[str, dict]], got: list[tuple[str, dict]]) -> bool:
    """Same calls with identical arguments, any order."""
    key = lambda calls: sorted(repr(sorted(a.items())) + n for n, a in calls)  # noqa: E731
    return len(expected) == len(got) and key(expected) == key(got)


# --- items -----------------------------------------------------------------------------------------


@dataclass
class Item:
    id: str
    conv: dict  # the conversation up to (not including) the turn to write
    expected: list[tuple[str, dict]]
    unseen_tools: bool
    thinking: bool  # the reference turn thinks first
    kind: str


def items(rows: list[dict]) -> list[Item]:
    """One item per row: its first model turn. Rows that do not parse are skipped
    (notebook 01's validation already rejected them from the split)."""
    out = []
    for i, row in enumerate(rows):
        conv, problems = data.parse_conversation(row)
        if problems:
            continue
        msgs = conv["messages"]
        k = next((j for j, m in enumerate(msgs) if m["role"] == "assistant"), None)
        if k is None:
            continue
        ref = msgs[k]
        expected = [(c["function"]["name"], c["function"]["arguments"]) for c in ref.get("tool_calls", [])]
        out.append(Item(str(row.get("id", i)), {**conv, "messages": msgs[:k]}, expected,
                        bool(row.get("unseen_tools")), bool(ref.get("reasoning")), row.get("kind", "")))
    return out


# --- generation ------------------------------------------------------------------------------------


def generate_batch(model, tokenizer, prompts: list[str], max_new_tokens: int = 160, batch_size: int = 64,
                   progress=None, guides: list | None = None, beams: int = 1) -> list[str]:
    """Greedy completions of `prompts`, batched; each ends at its stop token, e.g.
    two prompts -> ['<tool_call>\\n{"name": "get_weather", …}\\n</tool_call><end_of_turn>', 'Hello!<end_of_turn>'].
    `guides`, one `CallGuide` (or None) per prompt, keep its calls to its tools' schemas;
    `beams` > 1: beam search of that width instead of greedy (`_beam_decode`).
    """
    import torch

    encoded = [tokenizer(p, add_special_tokens=False)["input_ids"] for p in prompts]
    stops = torch.tensor(tokens.stop_token_ids(tokenizer), device=model.device)
    written = decode_rows(model, encoded, stops, max_new_tokens, batch_size, progress, guides, beams)
    return [tokenizer.decode(ids, skip_special_tokens=False) for ids in written]


def decode_rows(model, rows: list[list[int]], stops, max_new_tokens: int = 160, batch_size: int = 64,
                progress=None, guides: list | None = None, beams: int = 1) -> list[list[int]]:
    """The token ids greedy decoding (or beam search, `beams` > 1) writes after each prompt in `rows`,
    its stop token included.

    We decode ourselves instead of calling `model.generate`, for three savings
    it does not make (on a CPU, arithmetic is the time):
    - prompts sorted token by token sit next to those they share an opening
      with (the instructions, often the same tools too): each prompt reuses
      its neighbour's cache for that part, about half of all prompt tokens;
    - each prompt is read alone, so no padding is computed, however much the
      lengths differ (generate pads a batch to its longest prompt);
    - a row that stops leaves the batch and the KV cache at once; generate
      keeps computing it until its whole batch stops, and here a short tool
      call shares a batch with a long `<think>`.
    """
    if not (isinstance(beams, int) and beams >= 1):
        raise ValueError(f"beams must be a whole number of 1 or more (1: greedy), not {beams!r}")
    order = sorted(range(len(rows)), key=lambda i: rows[i])
    prefilled = _prefill(model, [rows[i] for i in order])
    out: list[list[int]] = [[] for _ in rows]
    size = max(1, batch_size // beams)  # a row holds up to `beams` turns in the batch
    for start in range(0, len(order), size):
        chunk = order[start: start + size]
        caches, logits = zip(*(next(prefilled) for _ in chunk))
        chunk_guides = [guides[i] for i in chunk] if guides else None
        lengths = [len(rows[i]) for i in chunk]
        written = _greedy_decode(model, lengths, caches, logits, stops, max_new_tokens, chunk_guides) if beams == 1 \
            else _beam_decode(model, lengths, caches, logits, stops, max_new_tokens, chunk_guides, beams)
        for i, ids in zip(chunk, written):
            out[i] = ids
        if progress:
            progress(min(start + size, len(order)), len(order))
    return out


def shared_length(a: list[int], b: list[int]) -> int:
    """How many leading tokens `b` shares with `a`, leaving `b` at least one of its own.

    >>> shared_length([2, 5, 7, 9], [2, 5, 7]), shared_length([2, 5, 7], [2, 5, 8, 1])
    (2, 2)
    """
    n, most = 0, min(len(a), len(b) - 1)
    while n < most and a[n] == b[n]:
        n += 1
    return n


def _prefill(model, rows: list[list[int]]):
    """Yield (cache, next-token logits) for each prompt, one at a time, each on
    top of the part of the previous prompt's cache it shares."""
    import torch
    from transformers import DynamicCache

    window = getattr(model.config, "sliding_window", None) or float("inf")
    previous, previous_cache = [], None
    for row in rows:
        # A prompt longer than the sliding window has dropped its window layers' start: not reusable.
        n = shared_length(previous, row) if len(previous) < window else 0
        cache = _first_tokens(previous_cache, n, model.config) if n else DynamicCache(config=model.config)
        with torch.no_grad():  # not around the yield: grad mode is global, and the caller runs in between
            logits = model(input_ids=torch.tensor([row[n:]], device=model.device), past_key_values=cache,
                           use_cache=True, logits_to_keep=1).logits[:, -1]
        yield cache, logits
        previous, previous_cache = row, cache


def _first_tokens(cache, n: int, config):
    """A new cache holding the first `n` positions of a single-row `cache` (its tensors are not copied:
    a cache grows by concatenation, so neither one changes the other)."""
    return _cache_of(config, [(layer.keys[:, :, :n], layer.values[:, :, :n]) for layer in cache.layers], n)


def _greedy_decode(model, lengths: list[int], caches, logits, stops, max_new_tokens: int,
                   guides: list | None = None) -> list[list[int]]:
    """Decode prefilled rows together: their caches stacked left-padded (what a
    padded batch would hold, minus the arithmetic on padding). A row's guide, if
    any, picks its token instead of the plain argmax (`guided.CallGuide.pick`)."""
    import torch

    cache, mask, position = _batch_of(model, lengths, caches)
    logits = torch.cat(logits)
    written: list[list[int]] = [[] for _ in lengths]
    active = list(range(len(lengths)))  # batch position -> row
    texts = ["" for _ in lengths]  # what each guided row has written, as text
    with torch.no_grad():
        for step in range(max_new_tokens):
            token = logits.argmax(-1)
            for b, row in enumerate(active):
                if guides and guides[row] is not None:
                    token[b] = guides[row].pick(logits[b], texts[row])
                    texts[row] += guides[row].piece(int(token[b]))
                written[row].append(int(token[b]))
            live = ~torch.isin(token, stops)
            if step == max_new_tokens - 1 or not live.any():
                break
            if not live.all():
                keep = live.nonzero().squeeze(1)
                cache.batch_select_indices(keep)
                active = [active[k] for k in keep.tolist()]
                token, mask, position = token[keep], mask[keep], position[keep]
            mask = torch.cat([mask, mask.new_ones(len(active), 1)], dim=1)
            logits = model(input_ids=token[:, None], attention_mask=mask, position_ids=position,
                           past_key_values=cache, use_cache=True).logits[:, -1]
            position = position + 1
    return written


def _beam_decode(model, lengths: list[int], caches, logits, stops, max_new_tokens: int, guides: list | None,
                 beams: int) -> list[list[int]]:
    """Beam search over prefilled rows, each row's turns scored by log p(turn | prompt), no length penalty:
    what `model.generate(num_beams=beams, length_penalty=0.0, early_stopping="never")` returns first.

    Greedy decoding keeps the likeliest token at each step, which need not begin the likeliest call
    (`search_errors` counts the rows where it did not). Each row keeps its `beams` likeliest unfinished
    turns; as in `generate`, a turn that stops among the step's best `beams` candidates is finished, and
    the row ends once its best finished turn outscores every unfinished one (log p only falls as a turn
    grows, so none could overtake it). A guided row's candidates are the tokens its guide allows, each
    with the model's own log p: the search ranks turns as `search_errors` does."""
    import torch

    device = model.device
    cache, mask, position = _batch_of(model, lengths, caches)
    logits = torch.cat(logits)
    stop_ids = set(stops.tolist())
    k = (len(stop_ids) + 1) * beams  # enough candidates that `beams` go on even if the best all stop
    # live[row]: (log p, ids, text, batch position) of each unfinished turn; finished[row]: (log p, ids)
    live = [[(0.0, [], "", b)] for b in range(len(lengths))]
    finished: list[list[tuple[float, list[int]]]] = [[] for _ in lengths]
    with torch.no_grad():
        for step in range(max_new_tokens):
            logp = logits.float().log_softmax(-1)
            top = logp.topk(k, dim=-1).indices.tolist()
            take, next_tokens = [], []
            for row, turns in enumerate(live):
                guide = guides[row] if guides else None
                candidates = []
                for score, ids, text, b in turns:
                    for t in (guide.best_allowed(logp[b], text, k) if guide else top[b]):
                        candidates.append((score + float(logp[b, t]), t, ids, text, b))
                candidates.sort(key=lambda c: -c[0])
                going = []
                for rank, (score, t, ids, text, b) in enumerate(candidates[:k]):
                    if t in stop_ids or step == max_new_tokens - 1:
                        if rank < beams:
                            finished[row].append((score, ids + [t]))
                    elif len(going) < beams:
                        going.append((score, ids + [t], text + guide.piece(t) if guide else "", b))
                if not going or (finished[row] and max(finished[row])[0] >= going[0][0]):
                    live[row] = []
                    continue
                live[row] = [(score, ids, text, len(take) + j) for j, (score, ids, text, _) in enumerate(going)]
                take += [b for *_, b in going]
                next_tokens += [ids[-1] for _, ids, _, _ in going]
            if not take:
                break
            keep = torch.tensor(take, device=device)
            cache.batch_select_indices(keep)
            mask, position = mask[keep], position[keep]
            mask = torch.cat([mask, mask.new_ones(len(take), 1)], dim=1)
            logits = model(input_ids=torch.tensor(next_tokens, device=device)[:, None], attention_mask=mask,
                           position_ids=position, past_key_values=cache, use_cache=True).logits[:, -1]
            position = position + 1
    return [max(turns)[1] for turns in finished]


def _batch_of(model, lengths: list[int], caches):
    """(cache, attention mask, next positions) of prefilled rows decoded together: their caches stacked
    left-padded, what a padded batch would hold, minus the arithmetic on padding."""
    import torch

    width = max(lengths)
    mask = torch.tensor([[0] * (width - n) + [1] * n for n in lengths], device=model.device)
    position = torch.tensor([[n] for n in lengths], device=model.device)  # positions count real tokens only
    return _stack_left_padded(caches, width, model.config), mask, position


def _stack_left_padded(caches, width: int, config):
    """One batch cache from single-row caches of prompts up to `width` tokens,
    each row's keys and values right-aligned. A sliding-window layer keeps at
    most its window, so its rows are aligned to its own longest."""
    import torch
    import torch.nn.functional as F

    def stack(tensors):
        size = max(t.shape[-2] for t in tensors)
        return torch.cat([F.pad(t, (0, 0, size - t.shape[-2], 0)) for t in tensors])

    layers = zip(*(c.layers for c in caches))
    return _cache_of(config, [(stack([p.keys for p in parts]), stack([p.values for p in parts])) for parts in layers],
                     width)


def _cache_of(config, states: list[tuple], length: int):
    """A DynamicCache holding the given (keys, values) per layer, `length` positions long (the index
    a sliding-window layer's mask counts from, even where it keeps fewer)."""
    from transformers import DynamicCache

    out = DynamicCache(config=config)
    for layer, (keys, values) in zip(out.layers, states):
        layer.lazy_initialization(keys, values)
        layer.keys, layer.values = keys, values
        if layer.is_sliding:
            layer.cumulative_length = length
    return out


# --- scoring ---------------------------------------------------------------------------------------


@dataclass
class Scored:
    item: Item
    output: str
    parsed: bool
    got: list[tuple[str, dict]]
    name_match: bool
    exact: bool
    ast: bool
    problems: list[str] = field(default_factory=list)
    called: bool = False  # wrote a <tool_call>, decodable or not (toolcalls.Turn.called)


def score(item: Item, output: str) -> Scored:
    turn = toolcalls.parse(output)
    got = [(c.name, c.arguments) for c in turn.calls]
    schemas = {t["function"]["name"]: t["function"].get("parameters") or {} for t in item.conv["tools"]}
    names = sorted(n for n, _ in item.expected) == sorted(n for n, _ in got)
    problems = [str(e) for e in turn.errors]
    return Scored(item, output, not turn.errors and not turn.truncated, got, names,
                  exact_match(item.expected, got), ast_match(item.expected, got, schemas), problems, turn.called)


def _rate(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def summarize(scored: list[Scored]) -> dict:
    """The metrics of a group of scored items."""
    calls = [s for s in scored if s.item.expected]
    return {
        "rows": len(scored),
        "parse_rate": _rate([s.parsed for s in scored]),
        "ast_match": _rate([s.ast for s in scored]),
        "ast_match_calls": _rate([s.ast for s in calls]),
        "tool_name_accuracy": _rate([s.name_match for s in calls]),
        "arguments_exact": _rate([s.exact for s in calls]),
        "no_call_accuracy": _rate([not s.got for s in scored if not s.item.expected]),
        "call_decision_accuracy": _rate([s.called == bool(s.item.expected) for s in scored]),
        "parallel_accuracy": _rate([s.ast for s in calls if len(s.item.expected) > 1]),
    }


def call_decisions(scored: list[Scored]) -> dict:
    """Whether the model called at all, against whether it should have: the
    first decision of a turn, before any tool or argument is chosen. A call
    that does not decode still counts as calling here (not in no_call_accuracy).

    >>> call_decisions([score(Item("r", {"tools": []}, [], False, False, "no_call"), "Hello!")])
    {'call due, called': 0, 'call due, no call': 0, 'no call due, called': 0, 'no call due, no call': 1}
    """
    counts = {f"{due}, {made}": 0 for due in ("call due", "no call due") for made in ("called", "no call")}
    for s in scored:
        counts[f"{'call due' if s.item.expected else 'no call due'}, {'called' if s.called else 'no call'}"] += 1
    return counts


FIRST_ERRORS = ("right", "called, none due", "no call, one due", "unreadable call", "wrong tools", "wrong arguments")


def first_error(s: Scored) -> str:
    """Where a turn first went wrong, in the order a turn is written: whether to call, whether the call
    reads, which tools (a call missing from a parallel pair counts here), then the arguments.

    >>> first_error(score(Item("r", {"tools": []}, [("f", {"x": 1})], False, False, "single"), "Hello!"))
    'no call, one due'
    """
    if s.ast:
        return "right"
    if not s.item.expected:
        return "called, none due"
    if not s.called:
        return "no call, one due"
    if not s.parsed:
        return "unreadable call"
    return "wrong arguments" if s.name_match else "wrong tools"


def first_errors(scored: list[Scored]) -> dict:
    """How many turns went wrong first at each step (`first_error`): where an improvement can come from.
    Guided decoding can mend "unreadable call" rows; grounding, which only touches values, "wrong arguments"."""
    kinds = [first_error(s) for s in scored]
    return {k: kinds.count(k) for k in FIRST_ERRORS}


def report(scored: list[Scored], seconds: float, max_mismatches: int = 50) -> dict:
    """Overall metrics, the breakdowns, and the mismatches (expected vs got)."""
    by_tool: dict[str, list[Scored]] = defaultdict(list)
    by_kind: dict[str, list[Scored]] = defaultdict(list)
    for s in scored:
        by_tool[s.item.expected[0][0] if s.item.expected else "(no call)"].append(s)
        by_kind[s.item.kind or "(no kind)"].append(s)
    wrong = [s for s in scored if not s.ast]
    return {
        "overall": summarize(scored),
        "seen_tools": summarize([s for s in scored if not s.item.unseen_tools]),
        "unseen_tools": summarize([s for s in scored if s.item.unseen_tools]),
        "thinking": summarize([s for s in scored if s.item.thinking]),
        "not_thinking": summarize([s for s in scored if not s.item.thinking]),
        "call_decision": call_decisions(scored),
        "first_error": first_errors(scored),
        "by_kind": {kind: summarize(group) for kind, group in sorted(by_kind.items())},
        "by_tool": {name: summarize(group) for name, group in sorted(by_tool.items())},
        "seconds": round(seconds, 1),
        "rows_per_second": round(len(scored) / seconds, 3) if seconds else None,
        "mismatches": [
            {"id": s.item.id, "unseen_tools": s.item.unseen_tools, "user": s.item.conv["messages"][-1]["content"],
             "expected": s.item.expected, "got": s.got, "problems": s.problems, "output": s.output[:400]}
            for s in wrong[:max_mismatches]
        ],
    }


def call_guides(its: list[Item], tokenizer, grounded: bool = False) -> list:
    """One `guided.CallGuide` per item (None where no tool is offered); `grounded`: its argument values
    quoted from the item's conversation (`guided.source_text`)."""
    return [CallGuide(it.conv["tools"], tokenizer, source=source_text(it.conv["messages"]) if grounded else None)
            if it.conv["tools"] else None for it in its]


def evaluate(model, tokenizer, rows: list[dict], max_new_tokens: int = 160, batch_size: int = 64,
             progress=None, guided: bool = False, grounded: bool = False, beams: int = 1) -> dict:
    """Generate each item's turn with `model` and report the metrics; `guided`: each call held to
    its row's tool schemas as it is written (`guided.CallGuide`); `grounded` (implies `guided`): its
    argument values quoted from the conversation as well; `beams` > 1: beam search (`_beam_decode`)."""
    its = items(rows)
    prompts = [templates.render(it.conv, tokenizer, add_generation_prompt=True) for it in its]
    guides = call_guides(its, tokenizer, grounded) if guided or grounded else None
    t0 = time.perf_counter()
    outputs = generate_batch(model, tokenizer, prompts, max_new_tokens, batch_size, progress, guides, beams)
    seconds = time.perf_counter() - t0
    return report([score(it, out) for it, out in zip(its, outputs)], seconds)


# --- forced choice ---------------------------------------------------------------------------------

CALL_OPENING = '<tool_call>\n{"name": "'


def forced_choice(model, tokenizer, rows: list[dict], limit: int = 120, seed: int = 0) -> dict:
    """Which offered tool does the model rank first when it is made to call one?

    Free-running accuracy mixes three decisions: whether to call, which tool,
    which arguments. This one measures the second alone. Each item (one
    reference call, at least two tools offered; a seeded sample of `limit`)
    gets its prompt followed by the opening of a call, `<tool_call>\\n{"name": "`;
    every offered name, closing quote included, is scored by the sum of its
    tokens' log-probabilities; the item counts when the reference scores
    highest. Chance is the mean of 1 / number of tools offered. Rows none of
    which can be tested give `rows` 0 and None figures.

    `first_listed` is how often the top-ranked tool is the first one offered,
    `first_listed_due` how often that tool is the right one: a model that reads
    the list poorly ranks the first tool first far more often than it is due
    (a position bias; the offline base model ranks it first in 80 % of the
    held-out split's 186 testable rows, where it is right in 40 %).

    -> {"rows": 186, "accuracy": 0.62, "chance": 0.42, "seen_tools": …, "unseen_tools": …,
        "first_listed": 0.53, "first_listed_due": 0.4,
        "choices": [{"id": "fc-00424", "expected": "translate_text", "ranked_first": "get_synonyms"}, …]}
    """
    its = [it for it in items(rows) if len(it.expected) == 1 and len(it.conv["tools"]) >= 2]
    if 0 < limit < len(its):
        its = random.Random(seed).sample(its, limit)
    if not its:  # e.g. a handful of rows that are all no-call or parallel: nothing to rank, as summarize's None
        return {"rows": 0, "accuracy": None, "chance": None, "seen_tools": None, "unseen_tools": None,
                "first_listed": None, "first_listed_due": None, "choices": []}
    prompts = [tokenizer(templates.render(it.conv, tokenizer, add_generation_prompt=True) + CALL_OPENING,
                         add_special_tokens=False)["input_ids"] for it in its]
    order = sorted(range(len(its)), key=lambda i: prompts[i])
    chosen: dict[int, str] = {}
    for i, (cache, logits) in zip(order, _prefill(model, [prompts[i] for i in order])):
        names = [t["function"]["name"] for t in its[i].conv["tools"]]
        scores = [continuation_logprob(model, cache, logits, len(prompts[i]),
                                       tokenizer(name + '"', add_special_tokens=False)["input_ids"]) for name in names]
        chosen[i] = names[max(range(len(names)), key=scores.__getitem__)]

    def share(group: list[int]) -> float | None:
        return _rate([chosen[i] == its[i].expected[0][0] for i in group])

    every = list(range(len(its)))
    first = [its[i].conv["tools"][0]["function"]["name"] for i in every]
    return {
        "rows": len(its),
        "accuracy": share(every),
        "chance": round(sum(1 / len(it.conv["tools"]) for it in its) / len(its), 4),
        "seen_tools": share([i for i in every if not its[i].unseen_tools]),
        "unseen_tools": share([i for i in every if its[i].unseen_tools]),
        "first_listed": _rate([chosen[i] == first[i] for i in every]),
        "first_listed_due": _rate([its[i].expected[0][0] == first[i] for i in every]),
        "choices": [{"id": its[i].id, "expected": its[i].expected[0][0], "ranked_first": chosen[i]} for i in every],
    }


def continuation_logprob(model, cache, logits, length: int, ids: list[int]) -> float:
    """log p(`ids` | prompt), from the prompt's cache (`length` positions) and
    its next-token `logits`; the cache itself is left as it was."""
    import torch

    total = logits[0].float().log_softmax(-1)[ids[0]]
    if len(ids) > 1:
        with torch.no_grad():
            rest = model(input_ids=torch.tensor([ids[:-1]], device=model.device), use_cache=True,
                         past_key_values=_first_tokens(cache, length, model.config)).logits[0].float().log_softmax(-1)
        steps, targets = torch.arange(len(ids) - 1, device=rest.device), torch.tensor(ids[1:], device=rest.device)
        total = total + rest[steps, targets].sum()
    return float(total)


# --- search or model? ------------------------------------------------------------------------------


def call_turn(conv: dict, calls: list[tuple[str, dict]], tokenizer) -> tuple[str, str]:
    """(prompt, the model turn that makes `calls`), as the training template writes them:

    ({…, "What's the weather in Paris?"}, [("get_weather", {"city": "Paris"})]) -> ('<bos>…<start_of_turn>model\\n',
    '<tool_call>\\n{"name": "get_weather", "arguments": {"city": "Paris"}}\\n</tool_call><end_of_turn>\\n')
    """
    prompt = templates.render(conv, tokenizer, add_generation_prompt=True)
    turn = {"role": "assistant",
            "tool_calls": [{"type": "function", "function": {"name": n, "arguments": a}} for n, a in calls]}
    full = templates.render({**conv, "messages": conv["messages"] + [turn]}, tokenizer)
    if not full.startswith(prompt):
        raise ValueError("the template writes a different prompt once the model turn is added, so a turn "
                         "cannot be scored as the model would write it (templates.generation_prompts_are_prefixes)")
    return prompt, full[len(prompt):]


def search_errors(model, tokenizer, rows: list[dict], mismatches: list[dict]) -> dict:
    """Would a better search have fixed the wrong calls, or does the model prefer them?

    Greedy decoding (guided or not) takes the likeliest token at each step, not
    the likeliest call. Each listed mismatch (`report`'s) where both the
    reference and the output are calls has both whole turns scored by
    log p(turn | prompt): where the reference scores higher the decoding missed
    it, a *search* error that beam search or reranking could fix; otherwise the
    model prefers its wrong call, a *model* error that only training fixes.

    -> {"rows": 46, "search": 7, "model": 39, "search_ids": ["fc-01234", …]}
    """
    by_id = {it.id: it for it in items(rows)}
    unknown = [m["id"] for m in mismatches if m["id"] not in by_id]
    if unknown:
        raise ValueError(f"mismatches {unknown[:3]} are not among the {len(by_id)} rows given: pass the rows the "
                         "report was made from (the same sample, in any order)")
    found: dict[str, list[str]] = {"search": [], "model": []}
    for m in mismatches:
        if not m["expected"] or not m["got"]:  # a missed or unwanted call: the decision went wrong, not the search
            continue
        conv = by_id[m["id"]].conv
        turns = [call_turn(conv, calls, tokenizer) for calls in (m["expected"], m["got"])]
        p_ids = tokenizer(turns[0][0], add_special_tokens=False)["input_ids"]
        cache, logits = next(_prefill(model, [p_ids]))  # the prompt once, both turns on its cache
        scores = []
        for prompt, turn in turns:
            t_ids = tokenizer(prompt + turn, add_special_tokens=False)["input_ids"]
            if t_ids[:len(p_ids)] != p_ids:  # a token across the seam: the turn would not be written so
                raise ValueError(f"{m['id']}: the prompt's last token merges with the turn's first")
            scores.append(continuation_logprob(model, cache, logits, len(p_ids), t_ids[len(p_ids):]))
        found["search" if scores[0] > scores[1] else "model"].append(m["id"])
    return {"rows": len(found["search"]) + len(found["model"]), "search": len(found["search"]),
            "model": len(found["model"]), "search_ids": found["search"]}


def table(reports: dict[str, dict], groups=("overall", "seen_tools", "unseen_tools")) -> str:
    """A side-by-side text table of several reports (e.g. base and tuned); columns widen for long names."""
    metrics = ("parse_rate", "ast_match", "tool_name_accuracy", "arguments_exact", "no_call_accuracy",
               "call_decision_accuracy", "parallel_accuracy")
    labels = [f"{name} {g.replace('_tools', '')}" for name in reports for g in groups]
    width = max(16, *(len(label) + 2 for label in labels))
    lines = [f"{'metric':24}" + "".join(f"{label:>{width}}" for label in labels)]
    for m in metrics:
        cells = []
        for r in reports.values():
            for g in groups:
                v = r[g][m]
                cells.append(f"{'-' if v is None else f'{v:.1%}':>{width}}")
        lines.append(f"{m:24}" + "".join(cells))
    return "\n".join(lines)
