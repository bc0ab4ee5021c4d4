"""How fast is evaluation? `model.generate` in batches vs our decode loop.

    .venv/bin/python benchmarks/eval_throughput.py --adapter runs/offline/adapter --data runs/offline [--rows 128]

Both sides generate the first model turn of the same held-out rows, greedily,
in batches of 64. `generate` (prompts sorted by length) computes every row of a
batch until the last one stops, and every prompt padded to its batch's longest;
ours (`evaluate.generate_batch`) reuses, for each prompt, the cache of the part
it shares with its neighbour in token order, reads it without padding, and drops
a row from the batch and the KV cache when it stops. Prints rows/s and prompt tokens
for each side, and checks that they wrote the same text. Target: the whole
held-out split (357 rows) within 10 min on a 2-core CPU, i.e. 0.6 rows/s.
"""

import argparse
import random
import time

import torch

from fccourse import agent, data, evaluate, templates, tokens


def with_generate(model, tokenizer, prompts, max_new_tokens, batch_size):
    """The straightforward way: `model.generate` per batch (what we did before)."""
    order = sorted(range(len(prompts)), key=lambda i: len(prompts[i]))
    out = [""] * len(prompts)
    tokenizer.padding_side = "left"
    stops = tokens.stop_token_ids(tokenizer)
    for start in range(0, len(order), batch_size):
        chunk = order[start: start + batch_size]
        batch = tokenizer([prompts[i] for i in chunk], return_tensors="pt", padding=True, add_special_tokens=False)
        with torch.no_grad():
            new = model.generate(**batch, max_new_tokens=max_new_tokens, do_sample=False, eos_token_id=stops,
                                 pad_token_id=tokenizer.pad_token_id)
        for i, seq in zip(chunk, new[:, batch["input_ids"].shape[1]:]):
            out[i] = tokenizer.decode(seq, skip_special_tokens=False)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--adapter", required=True)
    parser.add_argument("--data", required=True, help="an output_dir holding data/test.jsonl")
    parser.add_argument("--rows", type=int, default=128, help="a seeded sample of the held-out split (0: all)")
    parser.add_argument("--max-new-tokens", type=int, default=160)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    _, test_rows = data.load_prepared(args.data)
    rows = random.Random(42).sample(test_rows, args.rows) if 0 < args.rows < len(test_rows) else test_rows
    model, tokenizer = agent.load_tuned(args.adapter, log=lambda message: None)
    prompts = [templates.render(it.conv, tokenizer, add_generation_prompt=True) for it in evaluate.items(rows)]
    prompt_tokens = sum(len(tokenizer(p, add_special_tokens=False)["input_ids"]) for p in prompts)
    print(f"{len(prompts)} rows, {prompt_tokens / len(prompts):.0f} prompt tokens per row, batch {args.batch_size}")
    results = {}
    for name, fn in (("generate", with_generate), ("ours", evaluate.generate_batch)):
        t0 = time.perf_counter()
        results[name] = fn(model, tokenizer, prompts, args.max_new_tokens, args.batch_size)
        seconds = time.perf_counter() - t0
        print(f"{name:9} {seconds:7.1f} s  {len(prompts) / seconds:.3f} rows/s  "
              f"(357 rows: {357 / (len(prompts) / seconds) / 60:.1f} min; target 10)")
    same = sum(a.replace("<pad>", "") == b for a, b in zip(results["generate"], results["ours"]))
    print(f"same text (generate's padding removed): {same} of {len(prompts)} rows")


if __name__ == "__main__":
    main()
