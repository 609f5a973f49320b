"""The test split stays unseen: no 5-word Arabic sequence of a test article in the package or prompts.

A rule, lexicon entry or prompt example copied from a test article would make the test split
measure memory instead of generalisation. `find_leaks` folds the test articles and every text
file under the scanned folders the same way (letter variants, diacritics), cuts both into
Arabic word 5-grams and reports each shared one with the file it was found in. `summarizer eval
check` and the test suite run it; both fail on any leak.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ._text import fold

if TYPE_CHECKING:
    from .dataset import Dataset

NGRAM = 5
#: Files read when scanning a folder (code, lexicons, prompts).
SCANNED_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".txt", ".md", ".toml", ".csv", ".tsv")
#: Arabic words, folded; a run of them is broken by anything that is not Arabic (digits, Latin, punctuation).
_WORD = re.compile(r"[\u0621-\u064A\u066E-\u06D3]+")
_BREAK = re.compile(r"[^\u0621-\u064A\u066E-\u06D3\s]+")


@dataclass(frozen=True)
class Leak:
    article: str  # the test case id
    path: str  # the file the phrase was found in
    phrase: str  # the shared 5 words, folded


def ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    """The Arabic word n-grams of `text`, folded; runs are not joined across non-Arabic text."""
    out: set[tuple[str, ...]] = set()
    for run in _BREAK.split(fold(text)):
        words = _WORD.findall(run)
        out.update(tuple(words[i:i + n]) for i in range(len(words) - n + 1))
    return out


def _files(roots: Iterable[Path]) -> Iterable[Path]:
    for root in roots:
        if root.is_file():
            yield root
            continue
        for p in sorted(root.rglob("*")):
            if p.is_file() and p.suffix in SCANNED_SUFFIXES and "__pycache__" not in p.parts:
                yield p


def find_leaks(test_articles: Mapping[str, str], roots: Iterable[Path], *, base: Path | None = None) -> list[Leak]:
    """Every 5-word Arabic sequence of a test article that also occurs in a file under `roots`."""
    index: dict[tuple[str, ...], str] = {}
    for case_id, text in sorted(test_articles.items()):
        for g in ngrams(text):
            index.setdefault(g, case_id)
    leaks: list[Leak] = []
    for path in _files(roots):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if not _WORD.search(text):
            continue
        shown = str(path.relative_to(base)) if base and path.is_relative_to(base) else str(path)
        for g in sorted(ngrams(text) & index.keys()):
            leaks.append(Leak(article=index[g], path=shown, phrase=" ".join(g)))
    return leaks


def check_repo(dataset: Dataset, repo_root: Path) -> list[Leak]:
    """Leaks of the dataset's test articles into the package and the prompts of this checkout."""
    tests = {g.id: dataset.texts[g.id] for g in dataset.golds("test")}
    roots = [p for p in (repo_root / "summarizer", repo_root / "prompts") if p.exists()]
    return find_leaks(tests, roots, base=repo_root)
