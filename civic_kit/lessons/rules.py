"""The rules one lesson source must follow on its own (the cross-file rules live in :mod:`.check`).

Each ``check_*`` function takes a parsed :class:`~civic_kit.lessons.source.LessonSource` and yields
``(code, line, severity, params)`` tuples; :mod:`.check` turns them into located, translated issues. Code
cells are inspected with :mod:`ast` (never executed): the checker must be safe to run on any file.
"""

from __future__ import annotations

import ast
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civic_kit.lessons.catalogue import LEVELS
from civic_kit.lessons.challenge import LESSON_SLUG, Challenge
from civic_kit.lessons.source import LessonSource, SourceCell

__all__ = [
    "CHALLENGE_PARTS",
    "KNOWN_TAGS",
    "Context",
    "Finding",
    "anchors_of",
    "check_ids",
    "check_source",
    "code_tree",
    "explicit_anchors",
    "heading_slug",
    "setup_language",
]

Finding = tuple[str, int | None, str, dict[str, Any]]
"""``(code, line, severity, params)``."""

CHALLENGE_PARTS = ("challenge", "answer", "check", "hint", "solution")
STRUCTURE_TAGS = ("questions", "objectives", "setup", "keypoints")
KNOWN_TAGS = frozenset(
    (*STRUCTURE_TAGS, *CHALLENGE_PARTS, "callout", "caution", "instructor", "online", "raises-exception")
)
REQUIRED_KEYS = ("jupytext", "kernelspec", "title", "summary", "teaching", "exercises", "level", "datasets", "lang")
MAX_STORY_LINES = 6
NETWORK_MODULES = ("requests", "httpx", "urllib", "urllib3", "aiohttp", "socket", "ftplib", "http", "webbrowser")
PLOTTING_MODULES = ("matplotlib", "seaborn", "plotly", "altair", "bokeh", "pygal", "pandas.plotting")
PLOTTING_METHODS = ("plot", "hist", "boxplot", "scatter", "bar", "barh", "pie")
_URL = re.compile(r"^\s*(?:https?|ftp)://", re.IGNORECASE)
_SHELL_NETWORK = re.compile(r"^\s*(?:!|%)\s*(?:pip|conda|wget|curl|git)\b")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S", re.MULTILINE)
_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*(?P<target><[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
_MD_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\(\s*(?P<target><[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
_HTML_IMG = re.compile(r"<img\b(?P<attrs>[^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""(?P<name>[a-zA-Z-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Context:
    """What per-file rules need to know beyond the file itself."""

    lessons_dir: Path
    """The ``lessons/`` folder: links must stay inside it (the notebooks mirror only this folder)."""
    known_datasets: frozenset[str] | None
    """Dataset names in the registry; None when the registry could not be read (the rule is skipped)."""
    challenge: Callable[[str], Challenge | None]
    has_message: Callable[[str, str], bool]
    """``has_message(key, lang)``."""
    chart_functions: frozenset[str] | None
    """Names in ``civic_kit.charts`` that draw charts (take ``alt``); None when the module is unavailable."""


# --- front matter ---------------------------------------------------------------------------------------


def check_front_matter(src: LessonSource, ctx: Context) -> Iterator[Finding]:
    front = src.front
    if not front.present:
        yield "lesson-front-matter-missing", 1, "error", {}
        return
    if front.error is not None:
        yield "lesson-front-matter-invalid", front.error_line, "error", {"problem": front.error}
        return
    values = front.values
    for key in REQUIRED_KEYS:
        if key not in values:
            yield "lesson-front-matter-key-missing", 1, "error", {"key": key}
    for key in ("title", "summary"):
        if key in values and (not isinstance(values[key], str) or not values[key].strip()):
            yield "lesson-front-matter-not-text", front.line(key), "error", {"key": key}
    for key in ("teaching", "exercises"):
        value = values.get(key)
        if key in values and (not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 600):
            yield "lesson-front-matter-not-minutes", front.line(key), "error", {"key": key, "value": str(value)}
    if "level" in values and values["level"] not in LEVELS:
        yield (
            "lesson-front-matter-bad-level",
            front.line("level"),
            "error",
            {
                "value": str(values["level"]),
                "levels": ", ".join(LEVELS),
            },
        )
    if "lang" in values and values["lang"] != src.lang_dir:
        yield "lesson-lang-mismatch", front.line("lang"), "error", {"lang": str(values["lang"]), "folder": src.lang_dir}
    kernel = values.get("kernelspec")
    if "kernelspec" in values and not (isinstance(kernel, dict) and kernel.get("name") == "python3"):
        yield "lesson-front-matter-kernel", front.line("kernelspec"), "error", {}
    jupytext = values.get("jupytext")
    representation = jupytext.get("text_representation") if isinstance(jupytext, dict) else None
    if "jupytext" in values and not (isinstance(representation, dict) and representation.get("format_name") == "myst"):
        yield "lesson-front-matter-format", front.line("jupytext"), "error", {}
    datasets = values.get("datasets")
    if "datasets" in values:
        if not isinstance(datasets, list) or not all(isinstance(name, str) for name in datasets):
            yield "lesson-front-matter-not-list", front.line("datasets"), "error", {"key": "datasets"}
        elif ctx.known_datasets is not None:
            for name in datasets:
                if name not in ctx.known_datasets:
                    yield (
                        "lesson-unknown-dataset",
                        front.line("datasets"),
                        "error",
                        {
                            "name": name,
                            "known": ", ".join(sorted(ctx.known_datasets)),
                        },
                    )
    for key in ("title", "summary"):
        if isinstance(values.get(key), str) and "TODO" in values[key]:
            yield "lesson-todo", front.line(key), "warning", {}


# --- structure: required parts, order, challenge blocks -----------------------------------------------


def _first_heading(cell: SourceCell) -> str | None:
    for line in cell.source.splitlines():
        if line.strip():
            return line.strip()
    return None


def check_structure(src: LessonSource, ctx: Context) -> Iterator[Finding]:
    cells = src.cells
    last_line = max(src.text.count("\n"), 1)
    if not cells:
        yield "lesson-part-missing", last_line, "error", {"part": "title"}
        return
    title = cells[0]
    heading = _first_heading(title) or ""
    if title.kind != "markdown" or not heading.startswith("# "):
        yield "lesson-title-missing", title.line, "error", {}
    else:
        expected = src.front.values.get("title")
        if isinstance(expected, str) and heading[2:].strip() != expected.strip():
            yield "lesson-title-mismatch", title.line, "error", {"title": heading[2:].strip(), "expected": expected}

    positions: dict[str, int] = {}
    for part in STRUCTURE_TAGS:
        tagged = src.tagged(part)
        if not tagged:
            line = last_line if part == "keypoints" else (title.line if cells else 1)
            yield "lesson-part-missing", line, "error", {"part": part}
            continue
        if len(tagged) > 1:
            yield "lesson-part-duplicate", tagged[1].line, "error", {"part": part}
        positions[part] = tagged[0].index
        expected_kind = "code" if part == "setup" else "markdown"
        if tagged[0].kind != expected_kind:
            yield "lesson-part-wrong-kind", tagged[0].line, "error", {"part": part}
        elif part != "setup" and not (_first_heading(tagged[0]) or "").startswith("## "):
            yield "lesson-heading-missing", tagged[0].line, "error", {"part": part}
        elif part != "setup":
            yield from _check_heading_language(src, tagged[0], part, "## ")

    challenges = src.tagged("challenge")
    if challenges:
        positions["challenge"] = challenges[0].index
    order = ("questions", "objectives", "setup", "challenge", "keypoints")
    present = [part for part in order if part in positions]
    for before, after in itertools.pairwise(present):
        if positions[after] < positions[before]:
            yield "lesson-part-order", cells[positions[after]].line, "error", {"part": after, "after": before}
    if "keypoints" in positions and positions["keypoints"] != len(cells) - 1:
        yield "lesson-keypoints-not-last", cells[positions["keypoints"]].line, "error", {}

    if "questions" in positions:
        count = len(_LIST_ITEM.findall(cells[positions["questions"]].source))
        if not 1 <= count <= 3:
            yield "lesson-questions-count", cells[positions["questions"]].line, "warning", {"count": count}

    code_cells = src.code_cells()
    if "setup" in positions:
        setup = cells[positions["setup"]]
        if code_cells and code_cells[0].index != setup.index:
            yield "lesson-setup-not-first", setup.line, "error", {}
        lang = setup_language(setup.source)
        if lang is None:
            yield "lesson-setup-bad", setup.line, "error", {"lang": src.lang_dir}
        elif lang != src.lang_dir:
            yield "lesson-setup-lang", setup.line, "error", {"lang": lang, "folder": src.lang_dir}

    yield from _check_challenges(src, ctx)


def _check_heading_language(src: LessonSource, cell: SourceCell, part: str, marker: str) -> Iterator[Finding]:
    """Warn when a part's heading is not the usual word of the lesson's language (a copy left untranslated)."""
    from civic_kit.i18n import LANGUAGES, t

    if src.lang_dir not in LANGUAGES:
        return
    expected = t(f"lessons.heading.{part}", src.lang_dir)
    heading = (_first_heading(cell) or "")[len(marker) :].strip()
    if not _fold(heading).startswith(_fold(expected)):
        yield "lesson-heading-language", cell.line, "warning", {"part": part, "expected": f"{marker}{expected}"}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def setup_language(source: str) -> str | None:
    """The language literal of a valid setup cell, or None when the cell is not the two-line setup."""
    tree = code_tree(source)
    if tree is None or len(tree.body) != 2:
        return None
    imports, assign = tree.body
    if not (
        isinstance(imports, ast.ImportFrom)
        and imports.module == "civic_kit.lessons"
        and [(a.name, a.asname) for a in imports.names] == [("setup", None)]
    ):
        return None
    if not (
        isinstance(assign, ast.Assign)
        and len(assign.targets) == 1
        and isinstance(assign.targets[0], ast.Name)
        and assign.targets[0].id == "lesson"
        and isinstance(assign.value, ast.Call)
        and isinstance(assign.value.func, ast.Name)
        and assign.value.func.id == "setup"
        and len(assign.value.args) == 1
        and not assign.value.keywords
        and isinstance(assign.value.args[0], ast.Constant)
        and isinstance(assign.value.args[0].value, str)
    ):
        return None
    return assign.value.args[0].value


def _lesson_call(statement: ast.stmt, method: str) -> str | None:
    """The challenge id of a ``lesson.<method>("<id>", answer)`` statement, else None."""
    if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)):
        return None
    call = statement.value
    if not (
        isinstance(call.func, ast.Attribute)
        and call.func.attr == method
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "lesson"
        and len(call.args) == 2
        and not call.keywords
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
        and isinstance(call.args[1], ast.Name)
        and call.args[1].id == "answer"
    ):
        return None
    return call.args[0].value


def _answer_values(tree: ast.Module) -> list[ast.expr]:
    """The values assigned to ``answer`` at the top level of a cell, in order."""
    values = []
    for node in tree.body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        value = getattr(node, "value", None)
        if value is not None and any(isinstance(t, ast.Name) and t.id == "answer" for t in targets):
            values.append(value)
    return values


def _is_ellipsis(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is Ellipsis


def check_ids(src: LessonSource) -> list[tuple[str, SourceCell]]:
    """``(challenge id, check cell)`` for every well-formed check cell, in order."""
    found = []
    for cell in src.tagged("check"):
        tree = code_tree(cell.source)
        if tree is not None and len(tree.body) == 1 and (cid := _lesson_call(tree.body[0], "check")):
            found.append((cid, cell))
    return found


def _check_challenges(src: LessonSource, ctx: Context) -> Iterator[Finding]:
    complete = 0
    block: dict[str, SourceCell] | None = None
    opener: SourceCell | None = None

    def close() -> Iterator[Finding]:
        nonlocal complete
        if block is None or opener is None:
            return
        missing = [part for part in ("answer", "check", "solution") if part not in block]
        if missing:
            yield "lesson-challenge-incomplete", opener.line, "error", {"missing": ", ".join(missing)}
        else:
            complete += 1

    for cell in src.cells:
        parts = [tag for tag in cell.tags if tag in CHALLENGE_PARTS]
        if not parts and "keypoints" in cell.tags:
            yield from close()
            block, opener = None, None
            continue
        for part in parts:
            if part == "challenge":
                yield from close()
                block, opener = {}, cell
                if cell.kind != "markdown" or not (_first_heading(cell) or "").startswith("### "):
                    yield "lesson-challenge-heading", cell.line, "error", {}
                else:
                    yield from _check_heading_language(src, cell, "challenge", "### ")
                continue
            if block is None:
                yield "lesson-challenge-orphan-part", cell.line, "error", {"part": part}
                continue
            sequence = ("answer", "check", "hint", "solution")
            later = [p for p in block if sequence.index(p) > sequence.index(part)]
            if part in block or later:
                yield "lesson-challenge-part-order", cell.line, "error", {"part": part}
            block[part] = cell
            yield from _check_part(src, ctx, part, cell, block)
            if part == "solution":
                yield from close()
                block, opener = None, None
    yield from close()
    if complete < 2:
        line = src.tagged("keypoints")[0].line if src.tagged("keypoints") else max(src.text.count("\n"), 1)
        yield "lesson-too-few-challenges", line, "error", {"count": complete}


def _check_part(
    src: LessonSource, ctx: Context, part: str, cell: SourceCell, block: Mapping[str, SourceCell]
) -> Iterator[Finding]:
    if part == "hint":
        if cell.kind != "markdown":
            yield "lesson-part-wrong-kind", cell.line, "error", {"part": part}
        return
    if cell.kind != "code":
        yield (
            ("lesson-solution-not-code" if part == "solution" else "lesson-part-wrong-kind"),
            cell.line,
            "error",
            {"part": part},
        )
        return
    tree = code_tree(cell.source)
    if tree is None:
        return  # the syntax error is reported by check_code
    if part == "answer":
        values = _answer_values(tree)
        if not values:
            yield "lesson-answer-bad", cell.line, "error", {}
        elif not _is_ellipsis(values[-1]):
            yield "lesson-answer-filled", cell.line, "error", {}
    elif part == "check":
        challenge_id = _lesson_call(tree.body[0], "check") if len(tree.body) == 1 else None
        if challenge_id is None:
            yield "lesson-check-bad", cell.line, "error", {}
        else:
            yield from _check_registered(src, ctx, challenge_id, cell)
    elif part == "solution":
        hidden = cell.metadata.get("jupyter", {})
        if not (isinstance(hidden, dict) and hidden.get("source_hidden") is True):
            yield "lesson-solution-not-hidden", cell.line, "error", {}
        values = _answer_values(tree)
        if not values or _is_ellipsis(values[-1]):
            yield "lesson-solution-no-answer", cell.line, "error", {}
        verified = _lesson_call(tree.body[-1], "verify") if tree.body else None
        if verified is None:
            yield "lesson-solution-no-verify", cell.line + len(cell.source.rstrip().splitlines()) - 1, "error", {}
        elif "check" in block:
            check_tree = code_tree(block["check"].source)
            checked = _lesson_call(check_tree.body[0], "check") if check_tree and len(check_tree.body) == 1 else None
            if checked is not None and checked != verified:
                yield "lesson-challenge-id-mismatch", cell.line, "error", {"check": checked, "verify": verified}


def _check_registered(src: LessonSource, ctx: Context, challenge_id: str, cell: SourceCell) -> Iterator[Finding]:
    challenge = ctx.challenge(challenge_id)
    if challenge is None:
        yield "lesson-unknown-challenge", cell.line, "error", {"id": challenge_id}
        return
    if challenge.lesson != src.slug:
        yield "lesson-challenge-other-lesson", cell.line, "error", {"id": challenge_id, "lesson": challenge.lesson}
    for key in (challenge.hint_key, challenge.success_key):
        if key and not ctx.has_message(key, src.lang_dir):
            yield "lesson-challenge-missing-text", cell.line, "error", {"key": key, "lang": src.lang_dir}


# --- code cells: syntax, length, charts, network, nbval markers ---------------------------------------


def code_tree(source: str) -> ast.Module | None:
    """Parse a code cell, treating IPython ``%magic`` and ``!shell`` lines as no-ops; None on syntax errors."""
    try:
        return ast.parse(_without_magics(source))
    except SyntaxError:
        return None


def _without_magics(source: str) -> str:
    return "\n".join(
        re.sub(r"^(\s*)[%!].*$", r"\1pass", line) if re.match(r"^\s*[%!]", line) else line
        for line in source.splitlines()
    )


def check_code(src: LessonSource, ctx: Context) -> Iterator[Finding]:
    module_aliases: set[str] = set()
    function_names: set[str] = set()
    for cell in src.code_cells():
        try:
            tree = ast.parse(_without_magics(cell.source))
        except SyntaxError as error:
            yield (
                "lesson-code-syntax",
                cell.line + max((error.lineno or 1) - 1, 0),
                "error",
                {"problem": str(error.msg)},
            )
            continue
        structural = set(cell.tags) & {"setup", "answer", "check", "solution"}
        meaningful = [line for line in cell.source.splitlines() if line.strip() and not line.strip().startswith("#")]
        if not structural and len(meaningful) > MAX_STORY_LINES:
            yield "lesson-code-long", cell.line, "warning", {"lines": len(meaningful), "limit": MAX_STORY_LINES}
        yield from _check_network(cell, tree)
        yield from _check_charts(cell, tree, ctx, module_aliases, function_names)
        first = cell.source.lstrip().splitlines()[0] if cell.source.strip() else ""
        if first.startswith("# NBVAL_CHECK_OUTPUT") and tree.body:
            last = tree.body[-1]
            printed = (
                isinstance(last, ast.Expr)
                and isinstance(last.value, ast.Call)
                and isinstance(last.value.func, ast.Name)
                and last.value.func.id == "print"
            )
            if not printed:
                yield "lesson-nbval-not-printed", cell.line, "warning", {}


def _check_network(cell: SourceCell, tree: ast.Module) -> Iterator[Finding]:
    reasons: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            reasons += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] in NETWORK_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] in NETWORK_MODULES:
                reasons.append((node.lineno, node.module))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _URL.match(node.value):
            reasons.append((node.lineno, node.value.strip()[:60]))
    for number, line in enumerate(cell.source.splitlines(), start=1):
        if _SHELL_NETWORK.match(line):
            reasons.append((number, line.strip()[:60]))
    online = "online" in cell.tags
    if online:
        first = cell.source.lstrip().splitlines()[0] if cell.source.strip() else ""
        if not first.startswith("# NBVAL_SKIP"):
            yield "lesson-online-not-skipped", cell.line, "error", {}
        return
    for lineno, what in sorted(reasons)[:1]:
        yield "lesson-network", cell.line + lineno - 1, "error", {"what": what}


def _check_charts(
    cell: SourceCell, tree: ast.Module, ctx: Context, module_aliases: set[str], function_names: set[str]
) -> Iterator[Finding]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "civic_kit.charts" and alias.asname:
                    module_aliases.add(alias.asname)
                elif alias.name.split(".")[0] in PLOTTING_MODULES or alias.name in PLOTTING_MODULES:
                    yield "lesson-chart-not-civic-kit", cell.line + node.lineno - 1, "error", {"what": alias.name}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "civic_kit":
                module_aliases.update(a.asname or a.name for a in node.names if a.name == "charts")
            elif node.module == "civic_kit.charts":
                function_names.update(a.asname or a.name for a in node.names if _is_chart(a.name, ctx))
            elif node.module.split(".")[0] in PLOTTING_MODULES or node.module in PLOTTING_MODULES:
                yield "lesson-chart-not-civic-kit", cell.line + node.lineno - 1, "error", {"what": node.module}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = _chart_call_name(func, module_aliases, function_names, ctx)
        line = cell.line + node.lineno - 1
        if name is not None:
            keywords = {k.arg for k in node.keywords}
            if None in keywords:  # **options: the names cannot be seen statically
                continue
            for required in ("alt", "source"):
                if required not in keywords:
                    yield f"lesson-chart-no-{required}", line, "error", {"function": name}
        elif isinstance(func, ast.Attribute) and _is_plot_method(func):
            yield "lesson-chart-not-civic-kit", line, "error", {"what": f".{_attribute_path(func)}()"}


def _is_chart(name: str, ctx: Context) -> bool:
    if name.startswith("_"):
        return False
    return ctx.chart_functions is None or name in ctx.chart_functions


def _chart_call_name(func: ast.expr, aliases: set[str], names: set[str], ctx: Context) -> str | None:
    if isinstance(func, ast.Name) and func.id in names:
        return func.id
    if isinstance(func, ast.Attribute) and _is_chart(func.attr, ctx):
        base = func.value
        if isinstance(base, ast.Name) and base.id in aliases:
            return f"{base.id}.{func.attr}"
        if (
            isinstance(base, ast.Attribute)
            and base.attr == "charts"
            and isinstance(base.value, ast.Name)
            and base.value.id == "civic_kit"
        ):
            return f"civic_kit.charts.{func.attr}"
    return None


def _is_plot_method(func: ast.Attribute) -> bool:
    """``df.plot(...)``, ``df.plot.bar(...)``, ``series.hist()``: pandas/matplotlib charts without alt text."""
    if func.attr in ("plot", "hist", "boxplot"):
        return True
    return isinstance(func.value, ast.Attribute) and func.value.attr == "plot" and func.attr in PLOTTING_METHODS


def _attribute_path(node: ast.expr) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return ".".join(reversed(parts))


# --- markdown: images, links, TODO markers, tags ------------------------------------------------------


def _mask_code(text: str) -> str:
    """Blank out fenced code blocks and inline code (keeping newlines) so examples are not checked."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    text = re.sub(r"(?ms)^(`{3,}|~{3,}).*?^\1[ \t]*$", blank, text)
    return re.sub(r"`[^`\n]+`", blank, text)


def check_markdown(src: LessonSource, ctx: Context) -> Iterator[Finding]:
    for cell in src.cells:
        for tag in cell.tags:
            if tag not in KNOWN_TAGS:
                yield "lesson-unknown-tag", cell.line, "warning", {"tag": tag}
        for number, line in enumerate(cell.source.splitlines()):
            if "TODO" in line:
                yield "lesson-todo", cell.line + number, "warning", {}
        if cell.kind != "markdown":
            continue
        text = _mask_code(cell.source)
        for match in _MD_IMAGE.finditer(text):
            line = cell.line_of(match.start())
            if not match["alt"].strip():
                yield "lesson-image-no-alt", line, "error", {"target": match["target"]}
            yield from _check_target(src, ctx, match["target"].strip("<>"), line, image=True)
        for match in _HTML_IMG.finditer(text):
            attrs = {m["name"].lower(): m["dq"] or m["sq"] or m["bare"] or "" for m in _ATTR.finditer(match["attrs"])}
            line = cell.line_of(match.start())
            if not attrs.get("alt", "").strip():
                yield "lesson-image-no-alt", line, "error", {"target": attrs.get("src", "")}
            if attrs.get("src"):
                yield from _check_target(src, ctx, attrs["src"], line, image=True)
        for match in _MD_LINK.finditer(text):
            line = cell.line_of(match.start())
            if not match["text"].strip():
                yield "lesson-link-no-text", line, "warning", {"target": match["target"]}
            yield from _check_target(src, ctx, match["target"].strip("<>"), line, image=False)


def _check_target(src: LessonSource, ctx: Context, target: str, line: int, *, image: bool) -> Iterator[Finding]:
    if _SCHEME.match(target) or target.startswith("//"):
        if image:
            yield "lesson-image-remote", line, "error", {"target": target}
        return
    path_part, _, fragment = target.partition("#")
    if not path_part:
        return  # an anchor in the same notebook; headings get their ids from JupyterLab
    resolved = (src.path.parent / path_part).resolve()
    lessons = ctx.lessons_dir.resolve()
    if resolved != lessons and lessons not in resolved.parents:
        yield "lesson-link-outside", line, "error", {"target": target}
        return
    if not resolved.exists():
        yield ("lesson-image-missing" if image else "lesson-link-broken"), line, "error", {"target": target}
        return
    if fragment and resolved.suffix == ".md" and fragment not in anchors_of(resolved.read_text(encoding="utf-8")):
        yield "lesson-anchor-missing", line, "error", {"target": target, "anchor": fragment}


def anchors_of(markdown: str) -> set[str]:
    """Link targets a Markdown page offers: explicit ``<a id>``/``name``, MyST ``(label)=``, heading slugs."""
    anchors = set(re.findall(r"""<a\b[^>]*\b(?:id|name)\s*=\s*["']([^"']+)["']""", markdown, re.IGNORECASE))
    anchors.update(re.findall(r"^\(([^)\s]+)\)=\s*$", markdown, re.MULTILINE))
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", markdown, re.MULTILINE):
        anchors.add(heading_slug(heading))
    return anchors


def explicit_anchors(markdown: str) -> set[str]:
    """Only the anchors written on purpose (``<a id>``, ``(label)=``): the ones glossaries share across languages."""
    anchors = set(re.findall(r"""<a\b[^>]*\b(?:id|name)\s*=\s*["']([^"']+)["']""", markdown, re.IGNORECASE))
    anchors.update(re.findall(r"^\(([^)\s]+)\)=\s*$", markdown, re.MULTILINE))
    return anchors


def heading_slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes (accents kept)."""
    text = unicodedata.normalize("NFC", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def check_filename(src: LessonSource) -> Iterator[Finding]:
    if not LESSON_SLUG.match(src.slug):
        yield "lesson-bad-filename", None, "error", {"name": src.path.name}


def check_source(src: LessonSource, ctx: Context) -> list[Finding]:
    """Every single-file rule, in a stable order."""
    findings: list[Finding] = []
    findings += check_filename(src)
    findings += check_front_matter(src, ctx)
    if src.parse_error is not None:
        findings.append(("lesson-myst-invalid", None, "error", {"problem": src.parse_error[:200]}))
        return findings
    findings += check_structure(src, ctx)
    findings += check_code(src, ctx)
    findings += check_markdown(src, ctx)
    return findings
