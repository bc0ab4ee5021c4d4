"""fccourse: fine-tune a small Gemma model for function calling, offline-first.

Modules, in the order a conversation flows through them:
env (where am I), models (id -> local files -> model), ...
"""

__version__ = "0.1.0"
