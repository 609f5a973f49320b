"""Versioned prompt templates on disk.

A prompt is a folder `prompts/<name>/` holding:

- `system.md`            the instructions (placeholders `{{EXAMPLE_ARTICLE}}`, `{{EXAMPLE_OUTPUT}}`)
- `user.md`              the article message (`{{ARTICLE}}`, `{{SOURCE}}`, `{{PUBLISHED}}`)
- `feedback.md`          the grounding re-ask (`{{ITEMS}}`)
- `example_article.txt`  a short made-up Arabic article
- `example.json`         the `ExtractionOutput` for it; every quote exists verbatim in the article

The version id is `<name>@<first 12 hex of sha256 over every file's name and bytes>`, so any
edit to any file gives a new version (and a new cache key / cassette body).

`SUMMARIZER_PROMPT` picks the prompt name (default `brief-v1`); `SUMMARIZER_PROMPTS_DIR`
points at another prompts folder (default: `prompts/` of this checkout).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import ConfigError

DEFAULT_PROMPT = "brief-v1"
PROMPT_ENV = "SUMMARIZER_PROMPT"
PROMPTS_DIR_ENV = "SUMMARIZER_PROMPTS_DIR"
FILES = ("system.md", "user.md", "feedback.md", "example_article.txt", "example.json")
_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")


def prompts_dir() -> Path:
    """The folder holding prompt folders: `$SUMMARIZER_PROMPTS_DIR` or the repository's `prompts/`."""
    env = os.environ.get(PROMPTS_DIR_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "prompts"


def _fill(template: str, values: dict[str, str]) -> str:
    """Replace `{{NAME}}` placeholders in one pass (so values are never re-scanned)."""

    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        if key not in values:
            raise ConfigError(f"prompt template uses an unknown placeholder {{{{{key}}}}}")
        return values[key]

    return _PLACEHOLDER.sub(sub, template)


def _fence(text: str, tag: str) -> str:
    """Keep data from closing its own delimiter: `</article>` inside the article is defused."""
    return re.sub(rf"<(/?)\s*{tag}\s*>", lambda m: f"<{m.group(1)}{tag}\u200b>", text, flags=re.I)


def iter_quotes(obj: object) -> Iterable[str]:
    """Every `quote` value in a JSON-like object."""
    if isinstance(obj, dict):
        q = obj.get("quote")
        if isinstance(q, str):
            yield q
        for v in obj.values():
            yield from iter_quotes(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from iter_quotes(v)


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    system: str
    user: str
    feedback: str
    example_article: str
    example_json: str

    @property
    def example(self) -> dict:
        return json.loads(self.example_json)

    def system_message(self, *, with_example: bool = True) -> str:
        if with_example:
            example_out = json.dumps(self.example, ensure_ascii=False, separators=(",", ":"))
            return _fill(self.system, {"EXAMPLE_ARTICLE": self.example_article.strip(),
                                       "EXAMPLE_OUTPUT": example_out})
        # Small local models: drop the worked example (Arabic is token-heavy), keep the rules.
        head = self.system.split("A worked example", 1)[0].rstrip()
        return head

    def user_message(self, article_text: str, *, source: str | None = None, published: str | None = None) -> str:
        return _fill(self.user, {
            "ARTICLE": _fence(article_text.strip(), "article"),
            "SOURCE": source or "unknown",
            "PUBLISHED": published or "unknown",
        })

    def feedback_message(self, items: Sequence[str]) -> str:
        return _fill(self.feedback, {"ITEMS": "\n".join(f"- {i}" for i in items)})

    def messages(self, article_text: str, *, source: str | None = None, published: str | None = None,
                 feedback: Sequence[str] = (), with_example: bool = True) -> list[dict[str, str]]:
        """The chat messages for one article (plus the grounding re-ask when `feedback` is given)."""
        msgs = [
            {"role": "system", "content": self.system_message(with_example=with_example)},
            {"role": "user", "content": self.user_message(article_text, source=source, published=published)},
        ]
        if feedback:
            msgs.append({"role": "user", "content": self.feedback_message(feedback)})
        return msgs

    def validate_example(self) -> list[str]:
        """Problems with the worked example: unparsable output, quotes not in the example article."""
        from .records import ExtractionOutput

        problems = []
        try:
            ExtractionOutput.model_validate(self.example)
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            problems.append(f"example.json is not a valid ExtractionOutput: {exc}")
        for q in iter_quotes(self.example):
            if q not in self.example_article:
                problems.append(f"example quote not verbatim in example_article.txt: {q!r}")
        return problems


def version_of(files: dict[str, bytes], name: str) -> str:
    h = hashlib.sha256()
    for fname in sorted(files):
        h.update(fname.encode() + b"\0" + files[fname] + b"\0")
    return f"{name}@{h.hexdigest()[:12]}"


def load_prompt(name: str | None = None, *, directory: str | Path | None = None) -> Prompt:
    """Load a prompt by name (default `$SUMMARIZER_PROMPT` or `brief-v1`)."""
    name = name or os.environ.get(PROMPT_ENV) or DEFAULT_PROMPT
    base = Path(directory) if directory is not None else prompts_dir()
    return _load(name, str(base.resolve()))


@lru_cache(maxsize=16)
def _load_cached(name: str, base: str, stamp: tuple) -> Prompt:
    folder = Path(base) / name
    files = {f: (folder / f).read_bytes() for f in FILES}
    text = {f: b.decode("utf-8") for f, b in files.items()}
    return Prompt(name=name, version=version_of(files, name), system=text["system.md"], user=text["user.md"],
                  feedback=text["feedback.md"], example_article=text["example_article.txt"],
                  example_json=text["example.json"])


def _load(name: str, base: str) -> Prompt:
    folder = Path(base) / name
    if not re.fullmatch(r"[A-Za-z0-9._-]+", name) or not folder.is_dir():
        available = sorted(p.name for p in Path(base).glob("*") if p.is_dir()) if Path(base).is_dir() else []
        raise ConfigError(f"unknown prompt {name!r} in {base} (available: {', '.join(available) or 'none'})")
    missing = [f for f in FILES if not (folder / f).is_file()]
    if missing:
        raise ConfigError(f"prompt {name!r} is missing {', '.join(missing)} in {folder}")
    stamp = tuple((folder / f).stat().st_mtime_ns for f in FILES)
    return _load_cached(name, base, stamp)
