"""Grounding: tie every quote, number and name in an analysis to the article.

(Interface in place; the full checks are being built — see issue 4.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .article import Article
from .records import ArticleAnalysis


@dataclass
class Violation:
    kind: str
    path: str
    detail: str
    severity: str = "error"


@dataclass
class GroundingReport:
    annotated: ArticleAnalysis
    violations: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(v.severity == "error" for v in self.violations)

    def feedback_lines(self) -> list[str]:
        return [f"{v.path}: {v.detail}" for v in self.violations if v.severity == "error"]


def verify(analysis: ArticleAnalysis, article: Article) -> GroundingReport:
    return GroundingReport(annotated=analysis)
