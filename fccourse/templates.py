"""Chat templates: the model's, the course's, and ours for training.

A chat template turns structured messages into the one string the model
reads. Three matter here:

* the model's own (`model_template`): what Gemma 3 was instruction-tuned on.
  The offline base model ships none, so we take TRL's bundled Gemma 3 one;
* the course notebook's and the Gemma 2 one the course notes compare it with
  (`COURSE_TEMPLATE`, `GEMMA2_TEMPLATE`), kept to show where each breaks;
* ours (`TRAINING_TEMPLATE`, resources/templates/gemma_fc_training.jinja):
  Gemma turns, a short instruction and the tools (one JSON line each) in
  the first user turn, tool results in a user turn, and `{% generation %}`
  around exactly what the model must learn to write, its `<end_of_turn>`
  included.

Example: ``render(conv, tokenizer)`` -> ``'<bos><start_of_turn>user\\nYou can call these functions, one per line:…'``.
"""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

TRAINING_TEMPLATE = (files("fccourse") / "resources" / "templates" / "gemma_fc_training.jinja").read_text()

# The course notebook's template (bonus-unit1.ipynb): the raw role name after
# <start_of_turn>, and <eos> after every turn.
COURSE_TEMPLATE = (
    "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
    "{% endif %}{% for message in messages %}{{ '<start_of_turn>' + message['role'] + '\n' + message['content'] | trim "
    "+ '<end_of_turn><eos>\n' }}{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}"
)

# gemma-2-2b-it's own template: no system role, strict user/assistant
# alternation, 'assistant' written as 'model'.
GEMMA2_TEMPLATE = (
    "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
    "{% endif %}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
    "{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}"
    "{% endif %}{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}"
)


def model_template(tokenizer) -> str:
    """The tokenizer's own template, or TRL's Gemma 3 template when it has none
    (the offline base model's GGUF carries no template)."""
    if tokenizer.chat_template:
        return tokenizer.chat_template
    import trl

    return (Path(trl.__file__).parent / "chat_templates" / "gemma3.jinja").read_text()


def to_messages(conv: dict) -> tuple[list[dict], list[dict]]:
    """(messages, tools) from the canonical form of `fccourse.data`, ready for
    `apply_chat_template(messages, tools=tools)`."""
    messages = [{"role": "system", "content": conv["system"]}] if conv.get("system") else []
    return messages + conv["messages"], conv["tools"]


def render(conv: dict, tokenizer, template: str = TRAINING_TEMPLATE, add_generation_prompt: bool = False) -> str:
    """The training text of a canonical conversation."""
    messages, tools = to_messages(conv)
    return tokenizer.apply_chat_template(
        messages, tools=tools or None, chat_template=template, tokenize=False,
        add_generation_prompt=add_generation_prompt,
    )


def render_messages(messages: list[dict], tokenizer, template: str, **kwargs) -> str:
    """Any template on raw messages; a template's own error comes back as a string.

    Used to show where the course's templates break: 'ERROR: System role not supported'.
    """
    try:
        return tokenizer.apply_chat_template(messages, chat_template=template, tokenize=False, **kwargs)
    except Exception as e:  # jinja2 TemplateError from raise_exception, or a missing key
        return f"ERROR: {e}"


def diff(a: str, b: str, a_name: str = "a", b_name: str = "b", context: int = 1) -> str:
    """A unified diff of two renders, line by line.

    >>> print(diff("x\\ny\\n", "x\\nz\\n"))
    --- a
    +++ b
    @@ -1,2 +1,2 @@
     x
    -y
    +z
    """
    lines = difflib.unified_diff(a.splitlines(), b.splitlines(), a_name, b_name, n=context, lineterm="")
    return "\n".join(lines)


# --- checks ---------------------------------------------------------------------------


def generation_prompts_are_prefixes(conv: dict, tokenizer, template: str = TRAINING_TEMPLATE) -> list[int]:
    """Assistant turns whose inference prompt is NOT a byte-exact prefix of the
    training text: [] when inference sees exactly what training saw.

    Train/inference skew (a newline more, a role name different) is the
    classic silent bug: the model is asked a question in a format it never saw.
    """
    messages, tools = to_messages(conv)
    full = render(conv, tokenizer, template)
    bad = []
    for i, msg in enumerate(messages):
        if msg["role"] != "assistant":
            continue
        prompt = tokenizer.apply_chat_template(
            messages[:i], tools=tools or None, chat_template=template, tokenize=False, add_generation_prompt=True
        )
        if not full.startswith(prompt):
            bad.append(i)
    return bad


def stop_token_is_trained(tokenizer, template: str = TRAINING_TEMPLATE) -> bool:
    """Does the loss mask include the assistant's <end_of_turn>? (TRL's check)."""
    from trl.chat_template_utils import is_chat_template_stop_token_trained

    return is_chat_template_stop_token_trained(tokenizer, chat_template=template)


@dataclass
class TemplateReport:
    rows: int
    failures: list[tuple[int, str]]

    def __str__(self) -> str:
        head = f"{self.rows} rows rendered, {len(self.failures)} failures"
        return "\n".join([head] + [f"  row {i}: {why}" for i, why in self.failures[:10]])


def validate_dataset(convs: list[dict], tokenizer, template: str = TRAINING_TEMPLATE, prefix_every: int = 1) -> TemplateReport:
    """Render every conversation; report the ones that fail and why.

    Checks each row renders, contains all its calls and tool results, and
    (for every `prefix_every`-th row) that inference prompts are prefixes.
    """
    failures = []
    for i, conv in enumerate(convs):
        try:
            text = render(conv, tokenizer, template)
        except Exception as e:
            failures.append((i, f"render error: {e}"))
            continue
        missing = [c["function"]["name"] for m in conv["messages"] for c in m.get("tool_calls", [])
                   if f'"name": "{c["function"]["name"]}"' not in text]
        missing += [m["content"][:30] for m in conv["messages"] if m["role"] == "tool" and m["content"].strip() not in text]
        if missing:
            failures.append((i, f"dropped from the text: {missing}"))
        elif i % prefix_every == 0 and (bad := generation_prompts_are_prefixes(conv, tokenizer, template)):
            failures.append((i, f"inference prompt is not a prefix of the training text at messages {bad}"))
    return TemplateReport(len(convs), failures)


# --- what the loss sees ------------------------------------------------------------------


def assistant_mask(conv: dict, tokenizer, template: str = TRAINING_TEMPLATE) -> tuple[list[int], list[int]]:
    """(input_ids, mask): mask is 1 on tokens the model is trained to write."""
    messages, tools = to_messages(conv)
    out = tokenizer.apply_chat_template(
        messages, tools=tools or None, chat_template=template, tokenize=True, return_dict=True,
        return_assistant_tokens_mask=True,
    )
    return list(out["input_ids"]), list(out["assistant_masks"])


def mask_view(conv: dict, tokenizer, template: str = TRAINING_TEMPLATE, as_html: bool = False) -> str:
    """The training text with the trained part marked: ⟦…⟧ in text, green in HTML."""
    ids, mask = assistant_mask(conv, tokenizer, template)
    spans, current, buf = [], None, []
    for token_id, m in zip(ids, mask):
        if m != current and buf:
            spans.append((current, tokenizer.decode(buf)))
            buf = []
        current = m
        buf.append(token_id)
    if buf:
        spans.append((current, tokenizer.decode(buf)))
    if not as_html:
        return "".join(f"⟦{t}⟧" if m else t for m, t in spans)
    body = "".join(
        f'<span style="background:#d4f7d4">{html.escape(t)}</span>' if m else
        f'<span style="color:#888">{html.escape(t)}</span>' for m, t in spans
    )
    return f'<pre style="white-space:pre-wrap">{body}</pre>'
