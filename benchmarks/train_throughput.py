"""Training throughput on this machine: TRL's default loss vs ours (LM head on loss positions only).

    .venv/bin/python benchmarks/train_throughput.py [--rows 12] [--trainer masked|trl]

Same rows (the first bundled conversations, our training template), same
`cpu` preset, batch 2, no accumulation, 6 optimizer steps; prints tokens/s,
conversations/s, s/step and peak RSS. A first piece of issue 5's benchmark:
the course-configuration side (packing, loss on every token, LoRA on
embed_tokens) is still to be added.
"""

import argparse
import resource
import tempfile
import time

from fccourse import data, train


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=12)
    parser.add_argument("--trainer", choices=["masked", "trl"], default="masked")
    args = parser.parse_args()

    p = train.preset("cpu")
    model, tok, _ = train.load_for_training(p, log=lambda m: None)
    convs = [data.parse_conversation(r)[0] for r in data.read_jsonl(data.bundled_path())[: args.rows]]
    ds = train.tokenize_conversations(convs, tok, 1088)
    tokens = sum(map(len, ds["input_ids"]))
    trained = sum(map(sum, ds["assistant_masks"]))
    steps = args.rows // 2
    trainer = train.build_trainer(model, tok, p, ds, tempfile.mkdtemp(), 1088, masked_head=args.trainer == "masked",
                                  max_steps=steps, save_steps=10_000, gradient_accumulation_steps=1,
                                  disable_tqdm=True, warmup_steps=0)
    t0 = time.perf_counter()
    trainer.train()
    seconds = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"{args.trainer}: {args.rows} conversations, {tokens} tokens ({trained} carry loss), {steps} steps")
    print(f"  {tokens / seconds:.1f} tokens/s  {args.rows / seconds:.3f} conversations/s  "
          f"{seconds / steps:.1f} s/step  peak RSS {rss:.1f} GiB")


if __name__ == "__main__":
    main()
