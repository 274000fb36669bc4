"""Sub-commands of ``civic-kit``: one module each, each exposing ``register(subparsers)``.

A module registers its parser and sets ``handler=<function(args) -> int>`` with ``set_defaults``.
The handler prints text (in the current language) or JSON and returns the exit code:
0 success, 1 invalid input or a failed check. Modules are discovered automatically.
"""
