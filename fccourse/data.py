"""Function-calling conversations: load, parse, render back, validate, split, measure.

The course's data (`Jofthomas/hermes-function-calling-thinking-V1`) stores
each conversation as text: roles `system/human/model/tool`; the tools inside
`<tools>…</tools>` in the system prompt, written as a Python literal; calls as
Python-literal dicts inside `<tool_call>` blocks; results in
`<tool_response>`; sometimes a `<think>` block first. Templates need
structure, so `parse_conversation` turns a row into the canonical form:

    {"system": "...<tools> {tools} </tools>...",   # the prompt, tools cut out
     "tools": [{"type": "function", "function": {...JSON schema...}}],
     "tools_style": "python",                      # how the tools were written
     "messages": [
        {"role": "user", "content": "Hi, ..."},
        {"role": "assistant", "content": "", "reasoning": "Alright, ...",
         "tool_calls": [{"type": "function", "function": {"name": "get_stock_price",
                                                           "arguments": {"company": "Apple"}}}]},
        {"role": "tool", "content": "{'stock_price': '$150.75'}"},
        {"role": "assistant", "content": "The current stock price of Apple is $150.75."}]}

(the `tool_calls` shape is transformers' own, so `apply_chat_template` takes it
as is), and `render_conversation` writes it back. The round trip is exact for
text in the canonical layout (the bundled data, and the seed's example);
for other layouts it holds after collapsing whitespace (`normalize_ws`).

Nothing is dropped silently: `validate` returns kept and rejected rows, each
rejection with its reasons.
"""

from __future__ import annotations

import ast
import gzip
import hashlib
import json
import math
import random
import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, Callable, Iterable

from . import env

BUNDLED = "bundled"
HUB_DATASET = "Jofthomas/hermes-function-calling-thinking-V1"
BUNDLED_FILE = "hermes_fc_bundled.jsonl.gz"

ROLE_NAMES = {
    "system": "system",
    "human": "user", "user": "user",
    "model": "assistant", "gpt": "assistant", "assistant": "assistant",
    "tool": "tool", "function": "tool", "observation": "tool", "ipython": "tool",
}
HERMES_ROLES = {"system": "system", "user": "human", "assistant": "model", "tool": "tool"}

THINK_RE = re.compile(r"\s*<think>(.*?)</think>\n?", re.S)
CALL_RE = re.compile(r"<tool_call>\s*(.*?)\s*</tool_call>", re.S)
RESPONSE_RE = re.compile(r"<tool_response>\n?(.*?)\n?</tool_response>", re.S)
UNCLOSED_CALL_RE = re.compile(r"<tool_call>(?!.*</tool_call>)", re.S)


class DataError(ValueError):
    """A row or a source could not be used; the message says which and why."""


# --- literals: JSON or Python, never eval ------------------------------------------


# A Python literal made of dicts, lists, strings, numbers, True/False/None is
# JSON once its quotes and constants are rewritten. That rewrite plus
# json.loads is ~8x faster than ast.literal_eval, which compiles the text
# (measured: 2.0 s -> 0.25 s for the bundled tools); anything else (tuples,
# escapes the rewrite cannot vouch for) falls back to literal_eval.
_PY_ATOMS = re.compile(r"""'([^'\\\n]*)'|"([^"\\\n]*)"|\b(True|False|None)\b|(['"\\])""")
_PY_CONSTANTS = {"True": "true", "False": "false", "None": "null"}


class _NotPlainLiteral(Exception):
    pass


def _py_atom_to_json(m: re.Match) -> str:
    kind = m.lastindex
    if kind == 1:  # 'text': no backslash inside, so only a double quote needs escaping
        text = m.group(1)
        return '"' + text + '"' if '"' not in text else json.dumps(text)
    if kind == 2:  # "text" without backslashes is already JSON
        return m.group(0)
    if kind == 3:
        return _PY_CONSTANTS[m.group(3)]
    raise _NotPlainLiteral  # a quote or backslash the plain-string patterns did not consume


def parse_literal(text: str) -> Any:
    r"""A JSON or Python literal, parsed without executing anything.

    >>> parse_literal("{'name': 'f', 'arguments': {'x': True, 'q': \"it's\"}}")
    {'name': 'f', 'arguments': {'x': True, 'q': "it's"}}
    >>> parse_literal('{"x": null}')
    {'x': None}
    """
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        pass
    if not any(c in text for c in ('"', "\\", "True", "False", "None")):
        # Every ' is then a string delimiter (repr switches to "..." for text with an apostrophe).
        try:
            return json.loads(text.replace("'", '"'))
        except (ValueError, RecursionError):
            pass
    try:
        return json.loads(_PY_ATOMS.sub(_py_atom_to_json, text))
    except (_NotPlainLiteral, ValueError, RecursionError):
        pass
    try:
        return ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as e:
        raise ValueError(f"neither JSON nor a Python literal ({type(e).__name__})") from None


def format_call(name: str, arguments: dict) -> str:
    """A call as the hermes data writes it (a Python literal).

    >>> format_call("get_stock_price", {"company": "Apple"})
    "{'name': 'get_stock_price', 'arguments': {'company': 'Apple'}}"
    """
    return repr({"name": name, "arguments": arguments})


def make_call(name, arguments) -> dict:
    """transformers' tool-call shape."""
    return {"type": "function", "function": {"name": name, "arguments": arguments}}


# --- parse --------------------------------------------------------------------------


def row_turns(row: dict) -> list[dict]:
    """[{role, content}] from a row in any of the usual shapes.

    >>> row_turns({"conversations": [{"from": "human", "value": "hi"}]})
    [{'role': 'user', 'content': 'hi'}]
    """
    turns = row.get("conversations", row.get("messages")) if isinstance(row, dict) else row
    if not isinstance(turns, list):
        raise DataError("row has no 'conversations' or 'messages' list")
    out = []
    for i, t in enumerate(turns):
        if not isinstance(t, dict):
            raise DataError(f"turn {i} is a {type(t).__name__}, not a dict")
        role = t.get("role", t.get("from"))
        content = t.get("content", t.get("value"))
        if role not in ROLE_NAMES:
            raise DataError(f"turn {i} has unknown role {role!r} (known: {', '.join(sorted(ROLE_NAMES))})")
        if not isinstance(content, str):
            raise DataError(f"turn {i} ({role}) has no text content")
        out.append({"role": ROLE_NAMES[role], "content": content})
    return out


def parse_assistant(text: str) -> tuple[dict, list[str]]:
    """Split a model turn into reasoning, plain text and tool calls.

    >>> msg, problems = parse_assistant("<think>Need it.</think>\\n<tool_call>\\n{'name': 'f', 'arguments': {}}\\n</tool_call>")
    >>> msg["reasoning"], msg["content"], msg["tool_calls"][0]["function"]["name"], problems
    ('Need it.', '', 'f', [])
    """
    msg: dict = {"role": "assistant"}
    problems = []
    m = THINK_RE.match(text)
    if m:
        msg["reasoning"] = m.group(1)
        text = text[m.end():]
    calls, invalid = [], []
    for body in CALL_RE.findall(text):
        try:
            value = parse_literal(body)
        except ValueError as e:
            problems.append(f"unparsable_call: {body[:60]!r} is {e}")
            invalid.append(body)
            continue
        if not (isinstance(value, dict) and isinstance(value.get("name"), str) and "arguments" in value):
            problems.append(f"unparsable_call: {body[:60]!r} is not {{'name': ..., 'arguments': {{...}}}}")
            invalid.append(body)
            continue
        args = value["arguments"]
        if isinstance(args, str):  # some data double-encodes the arguments
            try:
                args = parse_literal(args)
            except ValueError:
                pass
        calls.append(make_call(value["name"], args))
    if UNCLOSED_CALL_RE.search(CALL_RE.sub("", text)):
        problems.append("unparsable_call: a <tool_call> block is never closed")
    msg["content"] = CALL_RE.sub("", text).strip()
    if calls:
        msg["tool_calls"] = calls
    if invalid:  # kept verbatim: the row is rejected, but nothing is lost
        msg["invalid_calls"] = invalid
    return msg, problems


def tools_span(text: str) -> tuple[int, int] | None:
    """(start, end) of the first non-empty <tools> block's inside, or None.

    The first *non-empty* one: hermes prompts mention "<tools></tools> XML
    tags" before the real block.

    >>> text = "tags <tools></tools> here:<tools> [1] </tools>"
    >>> start, end = tools_span(text); text[start:end]
    ' [1] '
    """
    at = 0
    while (start := text.find("<tools>", at)) >= 0:
        end = text.find("</tools>", start + 7)
        if end < 0:
            return None
        if text[start + 7:end].strip():
            return start + 7, end
        at = end + 8
    return None


def parse_system(text: str) -> tuple[dict, list[str]]:
    """The system prompt with its tools cut out, and the tools parsed."""
    span = tools_span(text)
    if not span:
        return {"system": text, "tools": [], "tools_style": "python"}, []
    inside = text[span[0]:span[1]]
    body = inside.strip()
    lead, trail = inside[: len(inside) - len(inside.lstrip())], inside[len(inside.rstrip()):]
    template = text[: span[0]] + lead + "{tools}" + trail + text[span[1]:]
    style = "json"
    try:
        tools = json.loads(body)
    except ValueError:
        style = "python"
        try:
            tools = parse_literal(body)
        except ValueError as e:
            return {"system": text, "tools": [], "tools_style": "python"}, [f"unparsable_tools: {e}"]
    if isinstance(tools, dict):
        tools = [tools]
    if not isinstance(tools, list) or not all(isinstance(t, dict) for t in tools):
        return {"system": text, "tools": [], "tools_style": style}, ["unparsable_tools: not a list of objects"]
    head = {"system": template, "tools": tools, "tools_style": style}
    if render_tools(tools, style) != body:
        head["tools_text"] = body  # a hand-formatted block (indented, ...): keep its layout for the round trip
    # Accept bare {"name", "parameters"} tools too; store them wrapped like the rest.
    head["tools"] = [t if "function" in t else {"type": "function", "function": t} for t in tools]
    return head, []


def parse_conversation(row: dict) -> tuple[dict, list[str]]:
    """(canonical form, problems). Never raises on content; problems name what was wrong.

    >>> conv, problems = parse_conversation({"conversations": [
    ...     {"role": "system", "content": "Tools:<tools> [] </tools>"},
    ...     {"role": "human", "content": "Hi"}, {"role": "model", "content": "Hello!"}]})
    >>> [m["role"] for m in conv["messages"]], problems
    (['user', 'assistant'], [])
    """
    problems: list[str] = []
    conv: dict = {"system": None, "tools": [], "tools_style": "python", "messages": []}
    for i, turn in enumerate(row_turns(row)):
        role, text = turn["role"], turn["content"]
        if role == "system":
            if i != 0:
                problems.append(f"roles_out_of_order: system turn at position {i}")
            head, p = parse_system(text)
            conv.update(head)
            problems += p
        elif role == "assistant":
            msg, p = parse_assistant(text)
            conv["messages"].append(msg)
            problems += p
        elif role == "tool":
            payloads = RESPONSE_RE.findall(text) or [text.strip()]
            conv["messages"] += [{"role": "tool", "content": p} for p in payloads]
        else:
            conv["messages"].append({"role": "user", "content": text})
    return conv, problems


# --- render --------------------------------------------------------------------------


def render_tools(tools: list[dict], style: str = "python") -> str:
    return json.dumps(tools) if style == "json" else repr(tools)


def tools_block(conv: dict) -> str:
    """The text between <tools> and </tools>: the original layout while the tools are unchanged."""
    original = conv.get("tools_text")
    if original is not None:
        try:
            bare = [t["function"] if set(t) == {"type", "function"} else t for t in conv["tools"]]
            if parse_literal(original) in (conv["tools"], bare):
                return original
        except ValueError:
            pass
    return render_tools(conv["tools"], conv.get("tools_style", "python"))


def render_assistant(msg: dict) -> str:
    """The inverse of `parse_assistant` for the canonical layout."""
    bodies = [format_call(c["function"]["name"], c["function"]["arguments"]) for c in msg.get("tool_calls", [])]
    calls = "\n".join(f"<tool_call>\n{b}\n</tool_call>" for b in bodies + msg.get("invalid_calls", []))
    body = "\n".join(part for part in (msg.get("content", ""), calls) if part)
    if msg.get("reasoning") is not None:
        return f"<think>{msg['reasoning']}</think>" + ("\n" + body if body else "")
    return body


def render_conversation(conv: dict) -> dict:
    """Canonical form -> a row in the hermes schema (roles system/human/model/tool)."""
    turns = []
    if conv.get("system") is not None:
        turns.append({"content": conv["system"].replace("{tools}", tools_block(conv), 1), "role": "system"})
    for msg in conv["messages"]:
        if msg["role"] == "tool":
            block = f"<tool_response>\n{msg['content']}\n</tool_response>"
            if turns and turns[-1]["role"] == HERMES_ROLES["tool"]:  # parallel calls: one tool turn
                turns[-1]["content"] += "\n" + block
                continue
            text = block
        else:
            text = render_assistant(msg) if msg["role"] == "assistant" else msg["content"]
        turns.append({"content": text, "role": HERMES_ROLES[msg["role"]]})
    return {"conversations": turns}


def normalize_ws(text: str) -> str:
    """Runs of whitespace collapsed and whitespace around tags dropped: the
    layout differences the round trip does not promise to keep.

    >>> normalize_ws("a \\n\\n b </think>\\n<tool_call> x")
    'a b</think><tool_call>x'
    """
    return re.sub(r"\s*(<[^<>\s]+>)\s*", r"\1", " ".join(text.split()))


def round_trips(row: dict, exact: bool = True) -> bool:
    conv, _ = parse_conversation(row)
    before = [(t["role"], t["content"]) for t in row_turns(row)]
    after = [(t["role"], t["content"]) for t in row_turns(render_conversation(conv))]
    if exact:
        return before == after
    return [(r, normalize_ws(c)) for r, c in before] == [(r, normalize_ws(c)) for r, c in after]


# --- validate ------------------------------------------------------------------------

_VALIDATORS: dict[str, Any] = {}


def _validator(schema: dict):
    """jsonschema validators are costly to build and the same few tools recur."""
    key = json.dumps(schema, sort_keys=True)
    if key not in _VALIDATORS:
        from jsonschema import Draft202012Validator

        _VALIDATORS[key] = Draft202012Validator(schema)
    return _VALIDATORS[key]


def check_messages(conv: dict) -> list[str]:
    """Reasons a parsed conversation is unfit for training, [] when fine."""
    problems = []
    offered = {t["function"].get("name"): t["function"].get("parameters") or {} for t in conv["tools"]}
    msgs = conv["messages"]
    if not msgs:
        return ["empty_content: no messages"]
    if msgs[0]["role"] != "user":
        problems.append(f"roles_out_of_order: starts with {msgs[0]['role']}, not user")
    if msgs[-1]["role"] != "assistant":
        problems.append(f"roles_out_of_order: ends with {msgs[-1]['role']}, not the model")
    pending = 0  # calls of the last assistant turn still waiting for a response
    for i, msg in enumerate(msgs):
        role, prev = msg["role"], msgs[i - 1]["role"] if i else None
        if role == "user" and prev == "user":
            problems.append(f"roles_out_of_order: two user turns in a row at message {i}")
        if role == "assistant" and prev == "assistant":
            problems.append(f"roles_out_of_order: two model turns in a row at message {i}")
        if role == "tool":
            if pending == 0:
                problems.append(f"response_without_call: tool response at message {i} answers no call")
            pending = max(0, pending - 1)
        else:
            pending = len(msg.get("tool_calls", []) + msg.get("invalid_calls", [])) if role == "assistant" else 0
        text_empty = not msg.get("content", "").strip()
        if text_empty and not msg.get("tool_calls") and not msg.get("invalid_calls"):
            problems.append(f"empty_content: {role} message {i} is empty")
        for call in msg.get("tool_calls", []):
            name, args = call["function"]["name"], call["function"]["arguments"]
            if name not in offered:
                problems.append(f"unknown_tool: message {i} calls {name!r}, offered: {', '.join(offered) or 'none'}")
                continue
            if not isinstance(args, dict):
                problems.append(f"schema_violation: {name} arguments are a {type(args).__name__}, not an object")
                continue
            for err in _validator(offered[name]).iter_errors(args):
                where = "/".join(map(str, err.absolute_path)) or "arguments"
                problems.append(f"schema_violation: {name}.{where}: {err.message}")
    return problems


@dataclass
class ValidationReport:
    kept: list[int] = field(default_factory=list)
    rejected: list[tuple[int, list[str]]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Rejections by kind: {'unknown_tool': 3, ...}."""
        out: dict[str, int] = {}
        for _, reasons in self.rejected:
            for kind in sorted({r.split(":", 1)[0] for r in reasons}):
                out[kind] = out.get(kind, 0) + 1
        return out

    def __str__(self) -> str:
        lines = [f"kept {len(self.kept)}, rejected {len(self.rejected)}"]
        lines += [f"  {k}: {n}" for k, n in sorted(self.counts().items())]
        return "\n".join(lines)


def validate(rows: Iterable[dict]) -> tuple[ValidationReport, list[dict | None]]:
    """Check every row; returns the report and the parsed rows (None where unparsable)."""
    report, parsed = ValidationReport(), []
    for i, row in enumerate(rows):
        try:
            conv, problems = parse_conversation(row)
        except DataError as e:
            report.rejected.append((i, [f"malformed_row: {e}"]))
            parsed.append(None)
            continue
        problems += check_messages(conv)
        parsed.append(conv)
        if problems:
            report.rejected.append((i, problems))
        else:
            report.kept.append(i)
    return report, parsed


# --- load ------------------------------------------------------------------------------


def bundled_path() -> Path:
    return Path(str(files("fccourse") / "resources" / "data" / BUNDLED_FILE))


def bundled_checksum_ok() -> bool:
    path = bundled_path()
    want = (path.parent / (BUNDLED_FILE + ".sha256")).read_text().split()[0]
    return hashlib.sha256(path.read_bytes()).hexdigest() == want


def read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load(source: str = BUNDLED):
    """A `datasets.DatasetDict` from the bundled set, a local file, or a hub id.

    Like the hub dataset, the result has a single `train` split; `split()`
    makes the held-out test split.
    """
    import datasets

    if source == BUNDLED:
        if not bundled_checksum_ok():
            raise DataError(f"the bundled dataset {bundled_path()} does not match its checksum: reinstall fccourse")
        return datasets.DatasetDict({"train": datasets.Dataset.from_list(read_jsonl(bundled_path()))})
    path = Path(source).expanduser()
    if path.exists():
        kind = {".parquet": "parquet", ".json": "json", ".jsonl": "json", ".gz": "json"}.get(path.suffix)
        if kind is None:
            raise DataError(f"{path}: unsupported file type {path.suffix!r}; use .jsonl, .json, .jsonl.gz or .parquet")
        return datasets.load_dataset(kind, data_files={"train": str(path)})
    reason = env.offline_reason()
    if reason:
        # A cached copy works without the network. The switch is process-wide, so it is put back: a later
        # call, once the network is back, should not stay offline.
        was_offline, datasets.config.HF_HUB_OFFLINE = datasets.config.HF_HUB_OFFLINE, True
        try:
            return datasets.load_dataset(source)
        except Exception:
            raise DataError(
                f"Cannot load dataset {source!r}: the hub is unreachable ({reason}) and it is not cached.\n"
                f'Use the bundled dataset (dataset_id="{BUNDLED}") or a local .jsonl/.parquet file.'
            ) from None
        finally:
            datasets.config.HF_HUB_OFFLINE = was_offline
    return datasets.load_dataset(source)


# --- split -------------------------------------------------------------------------------


def tool_names(row: dict) -> set[str]:
    """Names of the tools a row offers (cheap: regex on the system prompt).

    >>> sorted(tool_names({"conversations": [{"role": "system", "content": "<tools> [{'name': 'b'}, {'name': 'a'}] </tools>"}]}))
    ['a', 'b']
    """
    turns = row_turns(row)
    if not turns or turns[0]["role"] != "system":
        return set()
    span = tools_span(turns[0]["content"])
    body = turns[0]["content"][span[0]:span[1]] if span else ""
    return set(re.findall(r"""['"]name['"]\s*:\s*['"]([^'"]+)['"]""", body))


def split(rows: list[dict], test_size: float = 0.1, seed: int = 42, holdout_tools: Iterable[str] = ()):
    """(train, test) lists; every row offering a held-out tool goes to test.

    Rows get `unseen_tools`: True when they offer a tool absent from train.
    The rest of test is a seeded random sample, so that test is `test_size`
    of all rows.

    >>> rows = [{"conversations": [{"role": "system", "content": f"<tools> [{{'name': 't{i % 5}'}}] </tools>"}]} for i in range(20)]
    >>> train, test = split(rows, test_size=0.25, holdout_tools=["t0"])
    >>> len(train), len(test), sum(r["unseen_tools"] for r in test)
    (15, 5, 4)
    """
    holdout = set(holdout_tools)
    unseen = [i for i, r in enumerate(rows) if tool_names(r) & holdout]
    rest = [i for i in range(len(rows)) if i not in set(unseen)]
    random.Random(seed).shuffle(rest)
    n_seen_test = max(0, round(test_size * len(rows)) - len(unseen))
    test_idx = set(unseen) | set(rest[:n_seen_test])
    train = [{**rows[i], "unseen_tools": False} for i in sorted(set(rest[n_seen_test:]))]
    test = [{**rows[i], "unseen_tools": i in set(unseen)} for i in sorted(test_idx)]
    return train, test


# --- stats ---------------------------------------------------------------------------------


def course_text(conv: dict) -> str:
    """The conversation as the course notebook trains on it: the system prompt
    merged into the first user turn, Gemma turns. Used for token lengths until
    a template is chosen (notebook 02)."""
    parts = []
    for turn in render_conversation(conv)["conversations"]:
        if turn["role"] == "system":
            parts.append(turn["content"] + "\n\n")
            continue
        role = {"human": "user", "model": "model", "tool": "user"}[turn["role"]]
        parts.append(f"<start_of_turn>{role}\n{turn['content']}<end_of_turn>\n")
    if parts and not parts[0].startswith("<start_of_turn>") and len(parts) > 1:
        parts[1] = parts[1].replace("<start_of_turn>user\n", "<start_of_turn>user\n" + parts[0], 1)
        parts = parts[1:]
    return "<bos>" + "".join(parts)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile. percentile([1, 2, 3, 4], 50) -> 2"""
    if not values:
        return 0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def stats(convs: list[dict], tokenizer=None, text: Callable[[dict], str] = course_text) -> dict:
    """Shape of a dataset: turns, calls, thinking share, tools offered, token lengths."""
    turns, calls, offered, lengths = [], [], [], []
    model_turns = thinking = no_call_first = parallel = deciding = deciding_thinking = 0
    for conv in convs:
        msgs = conv["messages"]
        turns.append(len(msgs))
        calls.append(sum(len(m.get("tool_calls", [])) for m in msgs))
        offered.append(len(conv["tools"]))
        for m in msgs:
            if m["role"] == "assistant":
                model_turns += 1
                thinking += m.get("reasoning") is not None
                parallel += len(m.get("tool_calls", [])) > 1
        for prev, m in zip(msgs, msgs[1:]):  # answers to a user: the turns that decide call or not
            if prev["role"] == "user" and m["role"] == "assistant":
                deciding += 1
                deciding_thinking += m.get("reasoning") is not None
        first = next((m for m in msgs if m["role"] == "assistant"), {})
        no_call_first += not first.get("tool_calls")
    out = {
        "conversations": len(convs),
        "turns_mean": round(sum(turns) / max(1, len(turns)), 2),
        "calls_per_conversation": {n: calls.count(n) for n in sorted(set(calls))},
        "model_turns": model_turns,
        "thinking_share": round(thinking / max(1, model_turns), 3),
        "thinking_share_after_user": round(deciding_thinking / max(1, deciding), 3),
        "parallel_call_turns": parallel,
        "first_answer_without_call": no_call_first,
        "tools_offered": {n: offered.count(n) for n in sorted(set(offered))},
    }
    if tokenizer is not None:
        from .tokens import count_tokens

        lengths = count_tokens([text(c) for c in convs], tokenizer)
        out["tokens"] = {"p50": percentile(lengths, 50), "p95": percentile(lengths, 95), "max": max(lengths)}
        out["token_lengths"] = lengths
    return out


def suggest_max_length(lengths: list[int], q: float = 95, multiple: int = 64) -> int:
    """The q-th percentile of token lengths, rounded up to a multiple (kernels like it).

    >>> suggest_max_length([100, 200, 300, 900], q=75)
    320
    """
    return math.ceil(percentile(lengths, q) / multiple) * multiple


def default_holdout(dataset_id: str) -> list[str]:
    """Tools to keep out of train: the bundled set's held-out tools; none for other data."""
    if dataset_id == BUNDLED:
        from .datagen import holdout_tools

        return holdout_tools()
    return []


# --- looking at rows -------------------------------------------------------------------------


def format_conversation(row: dict, width: int = 100, system_chars: int = 160) -> str:
    """A row as readable text: one block per turn, the long system prompt shortened.

    >>> print(format_conversation({"conversations": [{"role": "human", "content": "Hi"}]}))
    [human]
    Hi
    """
    blocks = []
    for turn in row["conversations"]:
        text = turn["content"]
        if turn["role"] == "system" and len(text) > system_chars:
            text = text[: system_chars // 2] + f" […{len(text) - system_chars} chars…] " + text[-system_chars // 2:]
        lines = [ln[i:i + width] for ln in text.splitlines() or [""] for i in range(0, max(1, len(ln)), width)]
        blocks.append(f"[{turn['role']}]\n" + "\n".join(lines))
    return "\n\n".join(blocks)


def row_browser(rows: list[dict]):
    """An ipywidgets slider over rows (moves in a live notebook).

    The row is shown in an HTML widget, not printed into an Output widget:
    where printed text lands depends on the client (Jupyter, papermill,
    nbval), which would make stored outputs differ from run to run.
    """
    import html

    import ipywidgets as widgets

    def render(i: int) -> str:
        row = rows[i]
        head = f"{row.get('id', i)}  kind={row.get('kind', '?')}\n\n"
        return f"<pre>{html.escape(head + format_conversation(row))}</pre>"

    slider = widgets.IntSlider(value=0, min=0, max=len(rows) - 1, description="row")
    view = widgets.HTML(value=render(0))
    slider.observe(lambda change: setattr(view, "value", render(change["new"])), names="value")
    return widgets.VBox([slider, view])


# --- the course's own example, and the splits notebook 01 writes ------------------------------


def seed_row() -> dict:
    """The conversation from the course notes (get_stock_price for Apple, then Microsoft)."""
    return json.loads((files("fccourse") / "resources" / "data" / "seed_conversation.json").read_text())


def load_prepared(output_dir: str | Path, dataset_id: str = BUNDLED, test_size: float = 0.1,
                  seed: int = 42) -> tuple[list[dict], list[dict]]:
    """(train, test) rows as notebook 01 wrote them under output_dir/data; made
    the same way (validated, seeded split) when a notebook runs on its own."""
    folder = Path(output_dir) / "data"
    if (folder / "train.jsonl").is_file() and (folder / "test.jsonl").is_file():
        return read_jsonl(folder / "train.jsonl"), read_jsonl(folder / "test.jsonl")
    rows = load(dataset_id)["train"].to_list()
    report, _ = validate(rows)
    kept = [rows[i] for i in report.kept]
    return split(kept, test_size=test_size, seed=seed, holdout_tools=default_holdout(dataset_id))
