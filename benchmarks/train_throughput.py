"""Training throughput: the course notebook's configuration vs our `cpu` preset,
same model (the offline Gemma 3 270M), same rows, same machine, fp32; and the
`cpu` preset against `cpu-bf16` where the CPU has native bf16.

    .venv/bin/python benchmarks/train_throughput.py [--rows 12] [--sides course,trl,ours,ours-bf16]

Sides, each in its own process so that peak RSS is its own:

* course: bonus-unit1.ipynb as faithfully as runs here: the course's text
  (system merged into the first user turn) and its 10 special tokens (one
  misspelled) added and the embeddings resized, packing into 1500-token
  sequences, loss on every token, LoRA r16/a64 on every projection *and*
  embed_tokens, gradient checkpointing, batch 1. Not lm_head: TRL 1.16's
  SFTTrainer refuses LoRA on it (its fused LM head reads the weight
  directly); the side tries it first and prints TRL's refusal.
* trl: our preset with TRL's own loss (the fused LM head, which on a CPU
  still projects every position onto the 262 144-word vocabulary), without
  the trained <end_of_turn> row, which that head cannot take.
* ours: our `cpu` preset as `fccourse.train.build_trainer` builds it: our
  template, loss on the model's turns only, LoRA r8 on the projections plus
  the <end_of_turn> row, the LM head applied only where a label counts.
* ours-bf16: the same in bf16 (`cpu-bf16`: bf16 weights and compute, the
  LoRA weights fp32 as PEFT keeps them), refused on a CPU without native
  bf16 (AVX512-BF16 or AMX), where torch would emulate it. On a 2-core Zen 4
  (AMD EPYC family 25 model 17, torch's AVX512 kernels; 2026-12-07),
  `--rows 12 --sides ours,ours-bf16`: 9.5 s a step against fp32's 14.5 s,
  1.53x, peak RSS 7.4 against 8.5 GiB, last loss 1.413 against 1.396.

One epoch over the rows, no gradient accumulation; printed: conversations/s,
tokens/s (the rows' own tokens, so the same numerator for every side),
s/step, peak RSS, adapter size, and the last step's loss (the same rows in
the same order on each of our sides, so their losses compare).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

from fccourse import data, tokens, train

MAX_LENGTH = 1500  # the course's; no chosen row is longer, so no side cuts anything


def chosen_rows(n: int) -> list[dict]:
    return [data.parse_conversation(r)[0] for r in data.read_jsonl(data.bundled_path())[:n]]


def folder_mb(folder: str) -> float:
    return sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder)) / 2**20


def course_side(convs: list[dict], out: str) -> dict:
    import datasets
    from peft import LoraConfig
    from trl import SFTTrainer

    from fccourse import models

    model, base_tok = models.load("offline-default", log=lambda m: None)
    tok, marker_ids = tokens.with_markers(base_tok, "add_special_tokens", tokens.COURSE_SPECIAL_TOKENS)
    model.resize_token_embeddings(len(tok))
    texts = [data.course_text(c) for c in convs]
    ds = datasets.Dataset.from_dict({"text": texts})
    config = train.sft_config(train.preset("cpu"), out, MAX_LENGTH, packing=True, assistant_only_loss=False,
                              per_device_train_batch_size=1, gradient_accumulation_steps=1,
                              gradient_checkpointing=True, learning_rate=1e-4, warmup_steps=0.1,
                              num_train_epochs=1, save_steps=10_000, disable_tqdm=True, dataset_text_field="text")
    refused = ""
    try:
        SFTTrainer(model=model, args=config, train_dataset=ds, processing_class=tok,
                   peft_config=LoraConfig(task_type="CAUSAL_LM", **tokens.COURSE_LORA))
    except Exception as e:  # noqa: BLE001 - we print what TRL says, whatever it is
        refused = f"{type(e).__name__}: {str(e).splitlines()[0][:160]}"
        model, _ = models.load("offline-default", log=lambda m: None)
        model.resize_token_embeddings(len(tok))
    lora = {**tokens.COURSE_LORA, "target_modules": [m for m in tokens.COURSE_LORA["target_modules"] if m != "lm_head"]}
    trainer = SFTTrainer(model=model, args=config, train_dataset=ds, processing_class=tok,
                         peft_config=LoraConfig(task_type="CAUSAL_LM", **lora))
    sequences = len(trainer.train_dataset)
    t0 = time.perf_counter()
    trainer.train()
    seconds = time.perf_counter() - t0
    trainer.model.save_pretrained(out + "/adapter")  # PEFT's default saves the resized embedding matrix
    return dict(seconds=seconds, steps=trainer.state.global_step, sequences=sequences,
                adapter_mb=folder_mb(out + "/adapter"), lm_head_refused=refused)


def our_side(convs: list[dict], out: str, masked_head: bool, preset: str = "cpu") -> dict:
    p = train.preset(preset)
    if not masked_head:  # TRL's fused head cannot take PEFT's trained rows on a tied embedding
        p["lora"] = {k: v for k, v in p["lora"].items() if k != "trainable_tokens"}
    model, tok, _ = train.load_for_training(p, log=lambda m: None)
    ds = train.tokenize_conversations(convs, tok, MAX_LENGTH)
    trainer = train.build_trainer(model, tok, p, ds, out, MAX_LENGTH, masked_head=masked_head,
                                  num_train_epochs=1, save_steps=10_000, gradient_accumulation_steps=1,
                                  disable_tqdm=True, warmup_steps=0)
    t0 = time.perf_counter()
    trainer.train()
    seconds = time.perf_counter() - t0
    size = train.save_adapter(trainer, tok, out + "/adapter")
    return dict(seconds=seconds, steps=trainer.state.global_step, sequences=len(ds), adapter_mb=size / 2**20,
                loss_tokens=sum(map(sum, ds["assistant_masks"])),
                loss=[h["loss"] for h in trainer.state.log_history if "loss" in h][-1])


def one_side(side: str, rows: int) -> None:
    convs = chosen_rows(rows)
    with tempfile.TemporaryDirectory() as out:
        if side == "course":
            result = course_side(convs, out)
        else:
            preset = "cpu-bf16" if side == "ours-bf16" else "cpu"
            result = our_side(convs, out, masked_head=side != "trl", preset=preset)
    result["peak_rss_gib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print("RESULT " + json.dumps(result))


LABELS = {
    "course": "course notebook: packing 1500, loss on all tokens, LoRA r16 + embed_tokens, checkpointing",
    "trl": "our preset, TRL's loss (LM head on every position, no trained row)",
    "ours": "our cpu preset (LM head on loss positions only)",
    "ours-bf16": "our cpu-bf16 preset (the same in bf16; only where the CPU has native bf16)",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=12)
    parser.add_argument("--sides", default="course,ours")
    parser.add_argument("--side", help=argparse.SUPPRESS)  # internal: run one side in this process
    args = parser.parse_args()
    if args.side:
        one_side(args.side, args.rows)
        return

    from fccourse import models

    convs = chosen_rows(args.rows)
    tok = models.load_tokenizer("offline-default")
    n_tokens = sum(tokens.count_tokens([data.course_text(c) for c in convs], tok))
    print(f"{args.rows} bundled conversations, {n_tokens} tokens (course text), gemma-3-270m, fp32, "
          f"{os.cpu_count()} CPU cores, one epoch each\n")
    results = {}
    for side in args.sides.split(","):
        proc = subprocess.run([sys.executable, __file__, "--side", side, "--rows", str(args.rows)],
                              capture_output=True, text=True)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
        if proc.returncode or not lines:
            sys.exit(f"side {side} failed:\n{proc.stderr[-3000:]}")
        results[side] = r = json.loads(lines[-1][len("RESULT "):])
        print(f"{side:6s} {LABELS[side]}")
        print(f"       {args.rows / r['seconds']:.3f} conversations/s  {n_tokens / r['seconds']:.1f} tokens/s  "
              f"{r['seconds'] / r['steps']:.1f} s/step ({r['steps']} steps)  peak RSS {r['peak_rss_gib']:.2f} GiB  "
              f"adapter {r['adapter_mb']:.1f} MB" + (f"  last loss {r['loss']:.3f}" if "loss" in r else ""))
        if r.get("lm_head_refused"):
            print(f"       LoRA on lm_head, as the course asks, refused by TRL: {r['lm_head_refused']}")
    if "course" in results and "ours" in results:
        c, o = results["course"], results["ours"]
        print(f"\nours vs course: {c['seconds'] / o['seconds']:.1f}x conversations/s, "
              f"{c['adapter_mb'] / o['adapter_mb']:.0f}x smaller adapter, "
              f"peak RSS {o['peak_rss_gib']:.2f} vs {c['peak_rss_gib']:.2f} GiB")
    if "ours" in results and "ours-bf16" in results:
        o, b = results["ours"], results["ours-bf16"]
        print(f"\ncpu-bf16 vs cpu: {o['seconds'] / b['seconds']:.2f}x faster a step, last loss {b['loss']:.3f} vs "
              f"{o['loss']:.3f}")


if __name__ == "__main__":
    main()
