"""Hugo shortcodes: turn known ones into HTML, keep the text of the rest, drop the syntax.

A shortcode's ``summary`` or ``title`` (a collapsible section's label, a
notice's heading) is read before its text. Lines that are only Hugo template
actions (``{{ if .Params.x }}``, ``{{ end }}``) are dropped, except in code.
"""

from __future__ import annotations

import html
import re
import shlex

__all__ = ["render_shortcodes"]

# {{< name args >}} or {{% name args %}}, also the {{</* escaped */>}} form.
_ESCAPED = re.compile(r"\{\{(<|%)/\*.*?\*/(>|%)\}\}", re.DOTALL)
_TAG = re.compile(
    r"\{\{(?P<open><|%)\s*(?P<close>/)?\s*(?P<name>[\w.\-/]+)(?P<args>.*?)\s*(?:>|%)\}\}", re.DOTALL
)

_EMBEDS = {
    "youtube": ("https://www.youtube.com/embed/{id}", "YouTube video"),
    "vimeo": ("https://player.vimeo.com/video/{id}", "Vimeo video"),
    "instagram": ("https://www.instagram.com/p/{id}/", "Instagram post"),
    "x": ("https://x.com/{user}/status/{id}", "post on X"),
    "tweet": ("https://x.com/{user}/status/{id}", "post on X"),
}
_CODE = {"highlight", "code"}
_LABELS = ("summary", "title", "header", "heading", "label")
_TEMPLATE_LINE = re.compile(r"^[ \t]*\{\{-?\s*[^<%{].*?-?\}\}[ \t]*$\n?", re.MULTILINE)
_FENCE = re.compile(r"^([ \t]*(?:```|~~~))", re.MULTILINE)


def _without_template_lines(text: str) -> str:
    """``text`` without lines that hold only template actions, outside fenced code."""
    parts = _FENCE.split(text)
    # split keeps the fence marks: text, mark, code, mark, text, ...
    out: list[str] = []
    inside = False
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)
            inside = not inside
        else:
            out.append(part if inside else _TEMPLATE_LINE.sub("", part))
    return "".join(out)


def render_shortcodes(text: str) -> str:
    """Return Markdown with every shortcode replaced by HTML, its inner text, or nothing."""
    text = _without_template_lines(_ESCAPED.sub("", text))
    out: list[str] = []
    pos = 0
    for match in _TAG.finditer(text):
        if match.start() < pos:
            continue
        out.append(text[pos : match.start()])
        pos = match.end()
        name = match.group("name").lower()
        if match.group("close"):
            continue
        args = _arguments(match.group("args"))
        if name in _CODE:
            end = re.compile(r"\{\{[<%]\s*/\s*" + re.escape(name) + r"\s*[>%]\}\}").search(
                text, pos
            )
            if end is not None:
                language = args.get("0", "")
                out.append(f"\n```{language}\n{text[pos : end.start()].strip(chr(10))}\n```\n")
                pos = end.end()
            continue
        out.append(_replacement(name, args) or _label(args))
    out.append(text[pos:])
    return "".join(out)


def _label(args: dict[str, str]) -> str:
    """The shortcode's summary or title as a paragraph of its own, or nothing."""
    label = next((args[k] for k in _LABELS if args.get(k)), "")
    return f"\n\n<p><strong>{html.escape(label)}</strong></p>\n\n" if label else ""


def _arguments(raw: str) -> dict[str, str]:
    try:
        words = shlex.split(raw.strip().rstrip("/"))
    except ValueError:
        words = raw.split()
    args: dict[str, str] = {}
    for i, word in enumerate(words):
        key, sep, value = word.partition("=")
        if sep:
            args[key.lower()] = value
        else:
            args[str(i)] = word
    return args


def _replacement(name: str, args: dict[str, str]) -> str:
    if name in _EMBEDS:
        template, title = _EMBEDS[name]
        ident = args.get("id") or args.get("0", "")
        user = args.get("user") or args.get("1", "")
        if name in ("x", "tweet") and "id" not in args and "1" in args:
            user, ident = args.get("0", ""), args["1"]
        src = html.escape(template.format(id=ident, user=user))
        return f'\n\n<iframe src="{src}" title="{html.escape(title)}"></iframe>\n\n'
    if name == "figure":
        alt = args.get("alt") or args.get("title") or ""
        caption = args.get("caption") or args.get("title") or ""
        return (
            f'\n\n<figure><img src="{html.escape(args.get("src", ""))}" alt="{html.escape(alt)}">'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>\n\n"
        )
    return ""
