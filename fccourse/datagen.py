"""Generate the bundled function-calling dataset, deterministically.

The course's dataset lives on the hub, which an offline machine cannot reach,
so the offline default ships its own: the same schema as
`Jofthomas/hermes-function-calling-thinking-V1` (roles system/human/model/tool,
tools as Python literals in `<tools>`, calls in `<tool_call>`, results in
`<tool_response>`, `<think>` in some model turns and not in others), written
from the tool catalogue in `fccourse.catalogue`.

Kinds of conversation, as a function-calling model meets them:

* `single`:    one request, one call, the result, the answer;
* `follow_up`: then a second request in the same conversation, sometimes thanks;
* `parallel`:  two requests in one message, two calls in one model turn;
* `no_call`:   no offered tool fits (off-topic, or a tool that is not offered):
               the right answer is a reply without a call.

A few catalogue tools are held out: only test rows offer them, so evaluation
can measure whether the model generalises to tools it never saw.

    python -m fccourse.datagen --rows 3570 --seed 0 --out data.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import random
import re
from pathlib import Path
from typing import Iterable

from .catalogue import TOOLS, Tool
from .data import BUNDLED_FILE, format_call

SYSTEM_PREFIX = (
    "You are a function calling AI model. You are provided with function signatures within <tools></tools> XML "
    "tags.You may call one or more functions to assist with the user query. Don't make assumptions about what "
    "values to plug into functions.Here are the available tools:"
)
SYSTEM_SUFFIX = (
    "Use the following pydantic model json schema for each tool call you will make: {'title': 'FunctionCall', "
    "'type': 'object', 'properties': {'arguments': {'title': 'Arguments', 'type': 'object'}, 'name': {'title': "
    "'Name', 'type': 'string'}}, 'required': ['arguments', 'name']}For each function call return a json object "
    "with function name and arguments within <tool_call></tool_call> XML tags as follows:\n<tool_call>\n"
    "{tool_call}\n</tool_call>"
)
KIND_WEIGHTS = {"single": 0.42, "follow_up": 0.2, "parallel": 0.16, "no_call": 0.22}
HOLDOUT_COUNT = 10
UNSEEN_ROWS = 0.05  # share of rows built around held-out tools (all land in test)
THINKING_SHARE = 0.5

THINK_CALL = (
    "The user wants to {goal}. Looking at the available tools, {name} fits: it can {desc}. {args} "
    "I'll call {name} with these arguments.",
    "Alright, the user needs to {goal}. The {name} function is made for exactly this. {args} "
    "That's everything it needs, so I'll call it.",
    "Let me see which tool matches. {name} can {desc}, which is what the user is asking for. {args}",
    "The user asked me to {goal}. Of the tools I have, {name} is the right one because it can {desc}. {args}",
)
THINK_PARALLEL = (
    "The user asked for two things at once. {first} {second} Both calls are independent, so I'll make them together.",
    "There are two requests here. {first} {second}",
)
THINK_NO_CALL = (
    "The user asked: \"{ask}\" My tools are {tools}; none of them can do that, so I shouldn't call any of them. "
    "I'll explain what I can help with instead.",
    "Let me check the tools: {tools}. None of them fits this request, so calling one would be a guess. "
    "I'll answer without a function call.",
)
NO_CALL_REPLIES = (
    "I'm sorry, but I can't help with that. The tools I have let me {abilities}.",
    "Unfortunately that's outside what I can do here. I can {abilities}, if that helps.",
    "I don't have a tool for that, I'm afraid. I'm able to {abilities}.",
)
OFF_TOPIC = (
    "Can you tell me a joke?", "Write a short poem about the sea.", "What's the meaning of life?",
    "Can you help me write a cover letter?", "Who won the football world cup in 1998?",
    "What's your favourite colour?", "Explain quantum entanglement in simple terms.",
    "Can you recommend a good book to read?", "How do I fix a leaking tap?",
    "Tell me something interesting about octopuses.", "What should I name my new cat?",
    "Can you summarise the plot of Hamlet?", "How do I make my houseplants grow faster?",
    "What's the best way to learn to play the guitar?", "Can you proofread this sentence: 'their going home'?",
    "Give me some tips for a job interview.", "Why is the sky blue?",
    "Can you write a haiku about autumn?", "What's a good name for a bakery?",
    "How many legs does a spider have?", "Can you help me plan a birthday party theme?",
    "What are some good exercises for back pain?", "Tell me a fun fact about space.",
    "Can you explain how a rainbow forms?", "What is the capital of Australia?",
)
THANKS = ("Thank you!", "Thanks, that's helpful.", "Great, thanks a lot.", "Perfect, thank you for the help.",
          "Thanks for the information.")
WELCOME = ("You're welcome! If you have any other questions, feel free to ask.",
           "Happy to help! Let me know if you need anything else.",
           "You're welcome. Have a great day!")
JOINERS = (" Also, ", " And ", " Then, ", " Besides that, ")


def slots(template: str) -> set[str]:
    """{'city'} for 'Weather in {city}?'"""
    return set(re.findall(r"{(\w+)}", template))


def requests_saying(tool: Tool, say: dict) -> list[str]:
    """`tool`'s request templates whose slots are just `say`'s keys: {"city": "in Paris"} -> ["Weather {city}?"]."""
    return [r for r in tool.requests if slots(r) == set(say)]


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def holdout_tools(seed: int = 0) -> list[str]:
    """One tool from each of HOLDOUT_COUNT domains, chosen by seed, never the course's example tools."""
    rng = random.Random(f"holdout-{seed}")
    by_domain: dict[str, list[str]] = {}
    for t in TOOLS:
        if t.name not in {"convert_currency", "get_stock_price", "get_movie_details", "get_weather"}:
            by_domain.setdefault(t.domain, []).append(t.name)
    domains = sorted(d for d, names in by_domain.items() if len(names) >= 2)
    return sorted(rng.choice(sorted(by_domain[d])) for d in rng.sample(domains, min(HOLDOUT_COUNT, len(domains))))


class Generator:
    def __init__(self, seed: int = 0):
        self.rng = random.Random(seed)
        self.holdout = set(holdout_tools(seed))
        self.seen = [t for t in TOOLS if t.name not in self.holdout]
        self.unseen = [t for t in TOOLS if t.name in self.holdout]

    # -- pieces --

    def request(self, tool: Tool):
        """(args, say, user text) for one use of `tool`."""
        for _ in range(50):
            args, say = tool.sample(self.rng)
            choices = requests_saying(tool, say)
            if choices:
                return args, say, self.rng.choice(choices).format_map(say)
        raise ValueError(f"{tool.name}: no request template matches the sampled slots {sorted(say)}")

    def args_sentence(self, args: dict) -> str:
        if not args:
            return "It needs no arguments."
        given = ", ".join(f"{k} {v!r}" for k, v in args.items())
        return f"From the request: {given}."

    def think_call(self, tool: Tool, args: dict) -> str:
        desc = lower_first(tool.description.rstrip("."))
        return self.rng.choice(THINK_CALL).format(goal=desc, name=tool.name, desc=desc, args=self.args_sentence(args))

    def offered(self, must: list[Tool], pool: list[Tool]) -> list[Tool]:
        """The tools in the system prompt: the ones needed plus distractors,
        half of them from the same domain (near neighbours make the choice real)."""
        n = self.rng.choices([1, 2, 3, 4], weights=[2, 4, 3, 1])[0]
        chosen = {t.name: t for t in must}
        near = [t for t in pool if t.domain in {m.domain for m in must}]
        while len(chosen) < max(n, len(must)):
            source = near if near and self.rng.random() < 0.5 else pool
            t = self.rng.choice(source)
            chosen[t.name] = t
        tools = list(chosen.values())
        self.rng.shuffle(tools)
        return tools

    def system(self, tools: list[Tool]) -> str:
        return SYSTEM_PREFIX + "<tools> " + repr([t.schema() for t in tools]) + " </tools>" + SYSTEM_SUFFIX

    def call_turn(self, uses: list[tuple[Tool, dict]], think: bool) -> str:
        calls = "\n".join(f"<tool_call>\n{format_call(t.name, a)}\n</tool_call>" for t, a in uses)
        if not think:
            return calls
        if len(uses) == 1:
            reasoning = self.think_call(*uses[0])
        else:
            parts = [f"For the {'first' if i == 0 else 'second'} one, {t.name} fits. {self.args_sentence(a)}"
                     for i, (t, a) in enumerate(uses)]
            reasoning = self.rng.choice(THINK_PARALLEL).format(first=parts[0], second=parts[1])
        return f"<think>{reasoning}</think>\n{calls}"

    def exchange(self, tools: list[Tool], think: bool, drawn: list[tuple] | None = None) -> tuple[str, list[dict]]:
        """One request answered with a call per tool: (user text, turns after it).

        `drawn`: each tool's (args, say, text) chosen beforehand (`argument_pair`); by default `request` draws them.
        """
        texts, uses, answers, responses = [], [], [], []
        for i, tool in enumerate(tools):
            args, say, text = drawn[i] if drawn else self.request(tool)
            result = tool.respond(args, self.rng)
            texts.append(text)
            uses.append((tool, args))
            responses.append(f"<tool_response>\n{result!r}\n</tool_response>")
            answers.append(self.rng.choice(tool.answers).format_map({**result, **say}))
        user = texts[0] + "".join(self.rng.choice(JOINERS) + lower_first(t) for t in texts[1:])
        turns = [
            {"content": self.call_turn(uses, think), "role": "model"},
            {"content": "\n".join(responses), "role": "tool"},
            {"content": " ".join(answers), "role": "model"},
        ]
        return user, turns

    def no_call(self, tools: list[Tool], think: bool) -> tuple[str, str]:
        """A request none of `tools` serves, and the model's reply."""
        names = {t.name for t in tools}
        if self.rng.random() < 0.5:
            user = self.rng.choice(OFF_TOPIC)
        else:  # a real tool's request, but that tool is not on offer
            other = self.rng.choice([t for t in self.seen if t.name not in names and t.domain not in
                                     {x.domain for x in tools}])
            user = self.request(other)[2]
        abilities = ", or ".join(lower_first(t.description.rstrip(".")) for t in tools)
        reply = self.rng.choice(NO_CALL_REPLIES).format(abilities=abilities)
        if think:
            listed = ", ".join(t.name for t in tools)
            reasoning = self.rng.choice(THINK_NO_CALL).format(ask=user, tools=listed)
            reply = f"<think>{reasoning}</think>\n{reply}"
        return user, reply

    # -- conversations --

    def conversation(self, kind: str, pool: list[Tool], main: Tool | None = None) -> list[dict]:
        think = self.rng.random() < THINKING_SHARE
        main = main or self.rng.choice(pool)
        if kind == "no_call":
            tools = self.offered([main], pool)
            user, reply = self.no_call(tools, think)
            turns = [{"content": user, "role": "human"}, {"content": reply, "role": "model"}]
        elif kind == "parallel":
            second = main if self.rng.random() < 0.4 else self.rng.choice([t for t in pool if t is not main])
            tools = self.offered([main, second], pool)
            user, after = self.exchange([main, second] if second is not main else [main, main], think)
            turns = [{"content": user, "role": "human"}] + after
        else:
            tools = self.offered([main], pool)
            user, after = self.exchange([main], think)
            turns = [{"content": user, "role": "human"}] + after
            if kind == "follow_up":
                nxt = self.rng.choice(tools)
                user2, after2 = self.exchange([nxt], self.rng.random() < THINKING_SHARE)
                turns += [{"content": user2, "role": "human"}] + after2
                if self.rng.random() < 0.5:
                    turns += [{"content": self.rng.choice(THANKS), "role": "human"},
                              {"content": self.rng.choice(WELCOME), "role": "model"}]
        return [{"content": self.system(tools), "role": "system"}] + turns

    def argument_pair(self, tool: Tool) -> tuple[list[dict], list[dict]] | None:
        """Two single-call conversations that differ only in one optional argument, stated in the first request
        and not in the second, so the call has it in one and leaves it out of the other (same tools offered,
        same other values); None when 50 samples of `tool` give no such pair (no template for one of the two).

        "Show my personal events on 2025-09-10." -> {"date": "2025-09-10", "calendar": "personal"}
        "Show my events on 2025-09-10."          -> {"date": "2025-09-10"}
        """
        optional = {p.name for p in tool.params if not p.required}
        for _ in range(50):
            args, say = tool.sample(self.rng)
            stated = sorted(optional & set(args) & set(say))
            if not stated:
                continue
            drop = self.rng.choice(stated)
            less_args = {k: v for k, v in args.items() if k != drop}
            less_say = {k: v for k, v in say.items() if k != drop}
            full, short = requests_saying(tool, say), requests_saying(tool, less_say)
            if full and short:
                break
        else:
            return None
        tools, think = self.offered([tool], self.seen), self.rng.random() < THINKING_SHARE
        system = {"content": self.system(tools), "role": "system"}
        pair = []
        for a, s, templates in ((args, say, full), (less_args, less_say, short)):
            user, after = self.exchange([tool], think, [(a, s, self.rng.choice(templates).format_map(s))])
            pair.append([system, {"content": user, "role": "human"}] + after)
        return pair[0], pair[1]

    def rows(self, n: int) -> list[dict]:
        kinds = list(KIND_WEIGHTS)
        n_unseen = round(n * UNSEEN_ROWS)
        out = []
        for i in range(n):
            kind = self.rng.choices(kinds, weights=list(KIND_WEIGHTS.values()))[0]
            if i < n_unseen:  # built around a held-out tool; distractors from anywhere
                main = self.unseen[i % len(self.unseen)]
                conv = self.conversation(kind, TOOLS, main=main)
            else:
                conv = self.conversation(kind, self.seen)
            out.append({"id": f"fc-{i:05d}", "kind": kind, "conversations": conv})
        self.rng.shuffle(out)
        return out


def generate(n: int = 3570, seed: int = 0) -> list[dict]:
    """`n` conversations; the same (n, seed) always gives the same rows."""
    return Generator(seed).rows(n)


def argument_pairs(n: int, seed: int = 0, leave_out: Iterable[str] = ()) -> list[dict]:
    """`n` argument pairs (`Generator.argument_pair`) over the bundled data's seen tools: 2n rows, ids
    `pair-00000a`, `pair-00000b`, ... Training data that contrasts a stated optional value with its absence:
    a small tuned model both drops stated ones ("the personal calendar") and adds ones never said ("limit": 1).
    A pair is skipped, and another drawn, when either request is one of `leave_out` (a test split's): the
    requests come from the templates the bundled rows were made from, so a few are held-out rows' own words.
    """
    gen = Generator(0)  # seed 0: the bundled data's held-out tools stay out
    gen.rng = random.Random(f"pairs-{seed}")  # not Generator(0)'s own draws, which made the bundled rows
    tools = [t for t in gen.seen if any(not p.required for p in t.params)]
    leave_out, out = set(leave_out), []
    for _ in range(50 * n):
        if len(out) == 2 * n:
            break
        pair = gen.argument_pair(gen.rng.choice(tools))
        if pair and not leave_out & {t["content"] for c in pair for t in c if t["role"] == "human"}:
            i = len(out) // 2
            out += [{"id": f"pair-{i:05d}{ab}", "kind": "single", "conversations": c} for ab, c in zip("ab", pair)]
    if len(out) < 2 * n:
        raise ValueError(f"only {len(out) // 2} of {n} argument pairs found: too few tools have templates "
                         "both with and without an optional argument, or too many requests are in leave_out")
    return out


class StatingGenerator(Generator):
    """A Generator whose requests state at least one optional argument whenever their tool has one.

    A tuned model's commonest wrong call leaves out an optional value the user said ("the fridge",
    "open now", "at 80%"): in the bundled rows many requests state none, so leaving them out is
    what most calls teach. Measured (`benchmarks/recipes.py --stating`): as a fourth sitting on the
    76.8 % chain, 1024 such rows lowered AST match to 68.1 %, the dropped arguments turned into added
    ones: the model learns how often, not when. So they are not part of `fccourse.recipe`.
    """

    def request(self, tool: Tool):
        optional = {p.name for p in tool.params if not p.required}
        for _ in range(50 if optional else 1):
            args, say, text = super().request(tool)
            if optional & set(args) & set(say):
                break
        return args, say, text


def stating_rows(n: int, seed: int = 0, leave_out: Iterable[str] = ()) -> list[dict]:
    """`n` more conversations over the bundled data's seen tools (`StatingGenerator`; the kinds in
    KIND_WEIGHTS' shares, none around a held-out tool), ids `stating-00000`, ...; a row is skipped, and
    another drawn, when any of its requests is one of `leave_out` (a test split's, so none is trained on).
    """
    gen = StatingGenerator(0)  # seed 0: the bundled data's held-out tools stay out
    gen.rng = random.Random(f"stating-{seed}")  # not Generator(0)'s own draws, which made the bundled rows
    leave_out, kinds, out = set(leave_out), list(KIND_WEIGHTS), []
    for _ in range(50 * n):
        if len(out) == n:
            break
        kind = gen.rng.choices(kinds, weights=list(KIND_WEIGHTS.values()))[0]
        conv = gen.conversation(kind, gen.seen)
        # thanks and off-topic questions are a few fixed sentences that every split shares; requests are not
        asked = {t["content"] for t in conv if t["role"] == "human"} - set(THANKS) - set(OFF_TOPIC)
        if not leave_out & asked:
            out.append({"id": f"stating-{len(out):05d}", "kind": kind, "conversations": conv})
    if len(out) < n:
        raise ValueError(f"only {len(out)} of {n} rows whose requests are not in leave_out: ask for fewer")
    return out


def write_jsonl_gz(rows: list[dict], path: Path) -> str:
    """Byte-stable gzip (mtime 0) so the checksum depends on content only; returns the sha256."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as f:
        for row in rows:
            f.write((json.dumps(row, ensure_ascii=False) + "\n").encode())
    data = buf.getvalue()
    path.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    path.with_name(path.name + ".sha256").write_text(f"{digest}  {path.name}\n")
    return digest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=3570)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "resources" / "data" / BUNDLED_FILE)
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    digest = write_jsonl_gz(generate(args.rows, args.seed), args.out)
    print(f"wrote {args.rows} rows to {args.out} (sha256 {digest[:12]}…)")


if __name__ == "__main__":
    main()
