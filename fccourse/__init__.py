"""fccourse: fine-tune a small Gemma model for function calling, offline-first.

Modules, in the order a conversation flows through them:
env (where am I), models (id -> local files -> model), data (rows <-> the
canonical structured form, validation, split, stats; the bundled set comes
from catalogue + datagen), templates (conversation -> the exact training
text, and its checks), tokens (markers, special tokens, alignment).
"""

__version__ = "0.1.0"
