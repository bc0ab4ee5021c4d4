"""How fast is the data module? Parse + validate + stats (with Gemma token counts).

    .venv/bin/python benchmarks/data_throughput.py [--rows 3570]

Prints rows/s for each stage and the total. Target: all of it for 3570 rows
in under 2 s on a 2-core CPU, so notebooks can re-check data freely.
"""

import argparse
import time

from fccourse import data, models


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=3570)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    rows = data.read_jsonl(data.bundled_path())
    rows = (rows * (args.rows // len(rows) + 1))[: args.rows]
    tokenizer = models.load_tokenizer("offline-default")
    best, first = {}, None
    for _ in range(args.repeat):  # best of N: the machine's other load only ever adds time
        t0 = time.perf_counter()
        parsed = [data.parse_conversation(r)[0] for r in rows]
        t1 = time.perf_counter()
        report, parsed = data.validate(rows)
        t2 = time.perf_counter()
        data.stats([parsed[i] for i in report.kept], tokenizer)
        t3 = time.perf_counter()
        for stage, seconds in (("parse", t1 - t0), ("parse+validate", t2 - t1), ("stats+tokens", t3 - t2)):
            best[stage] = min(best.get(stage, 1e9), seconds)
        first = first or t3 - t1  # includes one-off costs: importing jsonschema, checking the vocabulary
    total = best["parse+validate"] + best["stats+tokens"]
    print(f"{len(rows)} rows, {len(report.rejected)} rejected (best of {args.repeat})")
    for stage, seconds in best.items():
        print(f"{stage:16} {seconds:6.3f} s  {len(rows) / seconds:9.0f} rows/s")
    print(f"{'validate+stats':16} {total:6.3f} s  {len(rows) / total:9.0f} rows/s  (target < 2 s for 3570 rows)")
    print(f"{'first run (cold)':16} {first:6.3f} s")


if __name__ == "__main__":
    main()
