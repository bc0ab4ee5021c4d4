"""What the tokenizer does to our text, and how to teach it our markers.

* exact token counts for a whole dataset, fast (the basis for `max_length`);
* an audit of the markers the data uses (single token? special? registered by the fix?);
* three strategies for new markers, with what each costs, measured;
* aligning the model's configs with the tokenizer, so training does not warn
  and generation stops at <end_of_turn>.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache

# Why not just tokenize every text? 3570 conversations are 2.5 M Gemma tokens:
# ~1.8 s on 2 cores. But Gemma's vocabulary has no token joining "," or ":" to
# the space after it, nor a newline to any other character. A BPE merge can
# only create a vocabulary token, so no merge crosses such a point, and the
# count of a text is the sum of the counts of the pieces between them. Pieces
# recur across rows (tool schemas, instructions), so each distinct piece is
# tokenized once: ~0.5 s, same numbers. The property is checked on the
# tokenizer at hand; without it we tokenize whole texts.
_CUT_AFTER = ",:"
_SEP, _ROW = "\x00", "\x01"


@lru_cache(maxsize=8)
def _pieces_are_exact(tokenizer) -> bool:
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is None:
        return False
    normalizer = backend.normalizer.__getstate__() if backend.normalizer else b"null"
    if normalizer != b"null" and not normalizer.startswith(b'{"type":"Replace"'):
        return False  # a normalizer that may look across characters (NFKC, ...)
    vocab = _SEP.join(tokenizer.get_vocab())
    if any(m + "▁" in vocab or m + " " in vocab for m in _CUT_AFTER):
        return False
    return not re.search(r"\n[^\n\x00]|[^\n\x00]\n", vocab)


def _split_pieces(texts: list[str]) -> list[list[str]]:
    big = _ROW.join(texts)  # one pass of str.replace over everything: C speed
    for mark in _CUT_AFTER:
        big = big.replace(mark + " ", mark + _SEP + " ")
    big = big.replace("\n", _SEP + "\n" + _SEP)
    while "\n" + _SEP * 2 + "\n" in big:  # keep runs of newlines whole: "\n\n" is one token
        big = big.replace("\n" + _SEP * 2 + "\n", "\n\n")
    return [row.split(_SEP) for row in big.split(_ROW)]


def count_tokens(texts: list[str], tokenizer) -> list[int]:
    """Exact token counts of `texts` without added special tokens: the same
    numbers as `len(tokenizer(text, add_special_tokens=False).input_ids)`."""
    if not _pieces_are_exact(tokenizer) or any(_SEP in t or _ROW in t for t in texts):
        return [len(ids) for ids in tokenizer(texts, add_special_tokens=False)["input_ids"]]
    pieces = _split_pieces(texts)
    unique = list({p for row in pieces for p in row})
    encoded = tokenizer.backend_tokenizer.encode_batch_fast(unique, add_special_tokens=False)
    counts = dict(zip(unique, (len(e.ids) for e in encoded)))
    return [sum(counts[p] for p in row) for row in pieces]


# --- audit: how does the tokenizer see the markers the data uses? ------------------------


# What the course notebook registers (bonus-unit1.ipynb, ChatmlSpecialTokens), typo included.
COURSE_SPECIAL_TOKENS = ("<tools>", "</tools>", "<think>", "</think>", "<tool_call>", "</tool_call>",
                         "<tool_reponse>", "</tool_reponse>", "<pad>", "<eos>")
TURN_MARKERS = ("<start_of_turn>", "<end_of_turn>")
_TAG = re.compile(r"</?[A-Za-z_][A-Za-z0-9_]*>")


def markers_in(texts) -> dict[str, int]:
    """XML-like markers the texts use, with counts.

    >>> markers_in(["<think>a</think><tool_call>", "<think>b</think>"])
    {'</think>': 2, '<think>': 2, '<tool_call>': 1}
    """
    counts: dict[str, int] = {}
    for text in texts:
        for tag in _TAG.findall(text):
            counts[tag] = counts.get(tag, 0) + 1
    return dict(sorted(counts.items()))


@dataclass
class MarkerAudit:
    marker: str
    ids: list[int]
    pieces: list[str]
    special: bool  # an added token the tokenizer never splits
    in_special_tokens_map: bool
    used_by_data: bool
    registered_by_fix: bool
    notes: list[str] = field(default_factory=list)


def audit(tokenizer, markers, used=(), registered=()) -> list[MarkerAudit]:
    """One row per marker: how it tokenizes, whether it is special, and whether
    the fix (`registered`, e.g. the course's token list) covers what the data
    (`used`) needs. A marker the data uses but the fix does not register, or one
    registered but never used, is called out: that is how a typo is caught.
    """
    used, registered = set(used), set(registered)
    added = {t.content: t.special for t in tokenizer.added_tokens_decoder.values()}
    mapped = {str(v) for v in tokenizer.special_tokens_map.values()}
    rows = []
    for marker in dict.fromkeys([*markers, *sorted(used - set(markers)), *sorted(registered - set(markers))]):
        ids = tokenizer.encode(marker, add_special_tokens=False)
        row = MarkerAudit(
            marker=marker, ids=ids, pieces=tokenizer.convert_ids_to_tokens(ids), special=added.get(marker, False),
            in_special_tokens_map=marker in mapped, used_by_data=marker in used,
            registered_by_fix=marker in registered,
        )
        if registered and marker in used and marker not in registered and len(ids) > 1:
            row.notes.append("used by the data, not registered by the fix: stays split")
        if registered and marker in registered and marker not in used and not row.special:
            row.notes.append("registered but never used by the data (a typo?)")
        if row.special and not row.in_special_tokens_map:
            row.notes.append("special, yet absent from special_tokens_map (that map only names bos/eos/unk/pad/mask)")
        rows.append(row)
    return rows


def audit_table(rows: list[MarkerAudit]) -> str:
    """The audit as aligned text, one marker a line."""
    head = f"{'marker':18} {'ids':30} {'pieces':36} special  in_map  data  fix   notes"
    lines = [head, "-" * len(head)]
    for r in rows:
        ids = ",".join(map(str, r.ids))
        pieces = " ".join(r.pieces)
        lines.append(
            f"{r.marker:18} {ids[:30]:30} {pieces[:36]:36} {'yes' if r.special else 'no':8} "
            f"{'yes' if r.in_special_tokens_map else 'no':7} {'yes' if r.used_by_data else '-':5} "
            f"{'yes' if r.registered_by_fix else '-':5} {'; '.join(r.notes)}"
        )
    return "\n".join(lines)


# --- alignment: configs agree with the tokenizer, generation stops at <end_of_turn> -------


def stop_token_ids(tokenizer, extra=("<end_of_turn>", "<eos>")) -> list[int]:
    """eos plus the turn end: Gemma chat turns end with <end_of_turn>, not <eos>."""
    ids = [tokenizer.eos_token_id] + [tokenizer.convert_tokens_to_ids(t) for t in extra]
    return list(dict.fromkeys(i for i in ids if i is not None and i != tokenizer.unk_token_id))


def align_special_tokens(model, tokenizer) -> dict[str, tuple]:
    """Make model.config and generation_config agree with the tokenizer.

    The Trainer does this itself at the start of training, with the warning
    "The tokenizer has new PAD/BOS/EOS tokens that differ from the model
    config and generation config...". Doing it ourselves, before training,
    makes the choice visible: bos/pad from the tokenizer, and eos = [<eos>,
    <end_of_turn>] so `generate` stops at the end of a turn. Returns what
    changed: {name: (old, new)}.
    """
    wanted = {"bos_token_id": tokenizer.bos_token_id, "pad_token_id": tokenizer.pad_token_id,
              "eos_token_id": stop_token_ids(tokenizer)}
    changed = {}
    for where, cfg in (("config", model.config), ("generation_config", model.generation_config)):
        for name, value in wanted.items():
            if value is None:
                continue
            old = getattr(cfg, name, None)
            if old != value:
                setattr(cfg, name, value)
                changed[f"{where}.{name}"] = (old, value)
    return changed


# --- three ways to teach the model new markers -----------------------------------------
#
# (a) add_special_tokens: register the markers as new tokens and resize the
#     embedding matrix (the course's way; its LoRA then targets embed_tokens
#     and lm_head, so the whole resized matrix ends up in the adapter);
# (b) repurpose_unused: Gemma reserves <unused0>, <unused1>, … for exactly
#     this; rename some to our markers: single tokens, no resize;
# (c) plain_text: leave the markers split into ordinary pieces: nothing new
#     to learn in the vocabulary, a few more tokens per turn.

STRATEGIES = ("add_special_tokens", "repurpose_unused", "plain_text")
DATA_MARKERS = ("<tools>", "</tools>", "<think>", "</think>", "<tool_call>", "</tool_call>",
                "<tool_response>", "</tool_response>")


def _reload(tokenizer, edit=None):
    """A fresh copy of `tokenizer`, optionally with its tokenizer.json edited."""
    import json
    import tempfile

    from transformers import AutoTokenizer

    with tempfile.TemporaryDirectory() as tmp:
        tokenizer.save_pretrained(tmp)
        if edit:
            path = f"{tmp}/tokenizer.json"
            with open(path, encoding="utf-8") as f:
                state = json.load(f)
            edit(state)
            with open(path, "w", encoding="utf-8") as f:
                json.dump(state, f, ensure_ascii=False)
        return AutoTokenizer.from_pretrained(tmp)


def with_markers(tokenizer, strategy: str, markers=DATA_MARKERS):
    """(new tokenizer, {marker: id}) for a strategy; the input tokenizer is left as it is."""
    if strategy == "plain_text":
        return _reload(tokenizer), {}
    if strategy == "add_special_tokens":
        new = _reload(tokenizer)
        markers = [m for m in markers if m not in tokenizer.get_vocab()]  # <eos>, <pad> exist already
        new.add_special_tokens({"additional_special_tokens": list(markers)}, replace_extra_special_tokens=False)
    elif strategy == "repurpose_unused":
        def rename(state):
            unused = [t for t in state["added_tokens"] if re.fullmatch(r"<unused\d+>", t["content"])]
            if len(unused) < len(markers):
                raise ValueError(f"only {len(unused)} <unusedN> tokens to repurpose, {len(markers)} markers")
            vocab = state["model"]["vocab"]
            for entry, marker in zip(unused, markers):
                vocab[marker] = vocab.pop(entry["content"])
                entry["content"], entry["special"] = marker, False  # visible when decoding
        new = _reload(tokenizer, rename)
    else:
        raise ValueError(f"unknown strategy {strategy!r}; choose one of {', '.join(STRATEGIES)}")
    ids = {m: new.convert_tokens_to_ids(m) for m in markers}
    return new, ids


def init_marker_rows(model, old_tokenizer, marker_ids: dict[str, int]) -> None:
    """Resize if needed, then start each marker's embedding row at the mean of
    the rows of the pieces it used to split into (`<tool_call>` begins as the
    average of `<`, `tool`, `_`, `call`, `>`): a deterministic, meaningful
    start instead of noise. Gemma ties lm_head to these rows, so the output
    side starts there too."""
    import torch

    if not marker_ids:
        return
    needed = max(marker_ids.values()) + 1
    if needed > model.get_input_embeddings().weight.shape[0]:
        model.resize_token_embeddings(needed, mean_resizing=False)
    weight = model.get_input_embeddings().weight
    with torch.no_grad():
        for marker, new_id in marker_ids.items():
            pieces = old_tokenizer.encode(marker, add_special_tokens=False)
            weight[new_id] = weight[pieces].mean(dim=0)


# --- what each strategy costs, measured ----------------------------------------------------

PROJECTIONS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
# bonus-unit1.ipynb: r=16, alpha=64, every projection plus embed_tokens and lm_head.
COURSE_LORA = {"r": 16, "lora_alpha": 64, "lora_dropout": 0.05,
               "target_modules": [*PROJECTIONS, "embed_tokens", "lm_head"]}
# Ours: LoRA on the projections only; the marker rows train through PEFT's
# trainable_token_indices (just those rows of the tied embedding).
OUR_LORA = {"r": 8, "lora_alpha": 16, "lora_dropout": 0.05, "target_modules": list(PROJECTIONS)}


# The rows of notebook 03's table: name, strategy, markers, LoRA, train the marker rows.
STRATEGY_TABLE = (
    ("course: (a) + LoRA on embed_tokens, lm_head", "add_special_tokens", COURSE_SPECIAL_TOKENS, COURSE_LORA, False),
    ("ours: (a) + trainable rows", "add_special_tokens", DATA_MARKERS, OUR_LORA, True),
    ("ours: (b) repurposed <unused>", "repurpose_unused", DATA_MARKERS, OUR_LORA, True),
    ("ours: (c) plain text", "plain_text", DATA_MARKERS, OUR_LORA, True),
)


@dataclass
class StrategyCost:
    name: str
    new_tokens: int
    trainable_params: int
    adapter_mb: float
    loss: float
    tokens_per_conversation: float | None = None


def one_step_adapter(model, tokenizer, marker_ids: dict[str, int], lora: dict, text: str, out_dir,
                     train_marker_rows: bool = True, name: str = "") -> StrategyCost:
    """Wrap `model` in LoRA, take one optimizer step on `text`, save the adapter
    to `out_dir`, and report what it cost. One step is enough: the adapter's
    size depends on what is trainable, not on how long it trained."""
    import os

    import torch
    from peft import LoraConfig, get_peft_model

    token_rows = sorted(marker_ids.values()) if train_marker_rows and marker_ids else None
    config = LoraConfig(task_type="CAUSAL_LM", trainable_token_indices=token_rows and {"embed_tokens": token_rows}, **lora)
    peft_model = get_peft_model(model, config)
    trainable = sum(p.numel() for p in peft_model.parameters() if p.requires_grad)
    batch = tokenizer(text, return_tensors="pt", truncation=True, max_length=256)
    optimizer = torch.optim.AdamW([p for p in peft_model.parameters() if p.requires_grad], lr=1e-4)
    peft_model.train()
    loss = peft_model(**batch, labels=batch["input_ids"]).loss
    loss.backward()
    optimizer.step()
    # "auto" saves whole embedding matrices when the vocabulary was resized and
    # they are LoRA targets: the course's 2.48 GB. Trainable token rows are
    # saved by PEFT on their own, so ours needs no full matrix.
    embedding_in_lora = "embed_tokens" in lora["target_modules"]
    peft_model.save_pretrained(out_dir, save_embedding_layers="auto" if embedding_in_lora else False)
    size = sum(os.path.getsize(os.path.join(out_dir, f)) for f in os.listdir(out_dir))
    return StrategyCost(name, len(marker_ids), trainable, round(size / 2**20, 1), round(loss.item(), 3))


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def trainer_warnings(model, tokenizer, workdir) -> list[str]:
    """What transformers logs while a real Trainer takes one step on one tiny
    row: where the PAD/BOS/EOS alignment warning shows up, or does not."""
    from datasets import Dataset
    from transformers import DataCollatorForLanguageModeling, PrinterCallback, Trainer, TrainingArguments

    ids = tokenizer(["<start_of_turn>user\nhi<end_of_turn>\n<start_of_turn>model\nhello<end_of_turn>\n"])["input_ids"]
    handler, logger = _Collect(), logging.getLogger("transformers")
    logger.addHandler(handler)
    try:
        trainer = Trainer(
            model=model, processing_class=tokenizer, train_dataset=Dataset.from_dict({"input_ids": ids}),
            data_collator=DataCollatorForLanguageModeling(tokenizer, mlm=False),
            args=TrainingArguments(output_dir=str(workdir), max_steps=1, use_cpu=True, bf16=False,
                                   report_to=[], save_strategy="no", logging_strategy="no",
                                   disable_tqdm=True),
        )
        trainer.remove_callback(PrinterCallback)  # it prints run-time metrics, different every run
        trainer.train()
    finally:
        logger.removeHandler(handler)
    return handler.messages


# --- other families' chat formats, seen through Gemma's tokenizer --------------------------------

FOREIGN_TURNS = {
    "gemma": {"user": "<start_of_turn>user\n", "model": "<start_of_turn>model\n", "end": "<end_of_turn>"},
    "chatml": {"user": "<|im_start|>user\n", "model": "<|im_start|>assistant\n", "end": "<|im_end|>"},
    "llama3": {"user": "<|start_header_id|>user<|end_header_id|>\n\n",
               "model": "<|start_header_id|>assistant<|end_header_id|>\n\n", "end": "<|eot_id|>"},
}


def in_family_format(gemma_text: str, family: str) -> str:
    """A Gemma-format training text with its turn markers swapped for another
    family's (ChatML, Llama 3): what training on such data would feed Gemma."""
    turns = FOREIGN_TURNS[family]
    gemma = FOREIGN_TURNS["gemma"]
    for key in ("user", "model", "end"):
        gemma_text = gemma_text.replace(gemma[key], turns[key])
    return gemma_text


def measure_strategy(model_id: str, name: str, strategy: str, markers, lora: dict, train_rows: bool,
                     text: str, texts: list[str] | None = None) -> StrategyCost:
    """One row of the strategy table, measured on a freshly loaded model: apply
    the strategy, take one LoRA step on `text`, save the adapter to a temporary
    folder; with `texts`, also the mean tokens per conversation it gives."""
    import tempfile

    from . import models

    model, base_tokenizer = models.load(model_id, log=lambda message: None)
    variant, marker_ids = with_markers(base_tokenizer, strategy, markers)
    init_marker_rows(model, base_tokenizer, marker_ids)
    with tempfile.TemporaryDirectory() as folder:
        cost = one_step_adapter(model, variant, marker_ids, lora, text, folder, train_rows, name)
    if texts:
        cost.tokens_per_conversation = sum(count_tokens(texts, variant)) / len(texts)
    return cost
