"""summarizer: bilingual Arabic/English briefs and grounded incident records from Arabic news
about crypto-related crime.

    from summarizer import summarize
    analysis = summarize("seeds/000_d003e6070548525d.txt")
    print(analysis.brief.headline_en)

Only re-exports live here; nothing heavy is imported (litellm, instructor and openai load only
when an LLM engine runs).
"""

from .article import Article as Article
from .article import read_article as read_article
from .engines import Engine as Engine
from .engines import get_engine as get_engine
from .errors import ConfigError as ConfigError
from .errors import EngineError as EngineError
from .errors import GroundingError as GroundingError
from .errors import InputError as InputError
from .errors import ModelOutputError as ModelOutputError
from .errors import ProviderError as ProviderError
from .errors import SummarizerError as SummarizerError
from .grounding import GroundingReport as GroundingReport
from .grounding import verify as verify
from .pipeline import BatchItem as BatchItem
from .pipeline import asummarize as asummarize
from .pipeline import asummarize_many as asummarize_many
from .pipeline import summarize as summarize
from .pipeline import summarize_many as summarize_many
from .records import SCHEMA_VERSION as SCHEMA_VERSION
from .records import ArticleAnalysis as ArticleAnalysis
from .records import Brief as Brief
from .records import Incident as Incident

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "ArticleAnalysis",
    "BatchItem",
    "Brief",
    "ConfigError",
    "Engine",
    "EngineError",
    "GroundingError",
    "GroundingReport",
    "Incident",
    "InputError",
    "ModelOutputError",
    "ProviderError",
    "SummarizerError",
    "__version__",
    "asummarize",
    "asummarize_many",
    "get_engine",
    "read_article",
    "summarize",
    "summarize_many",
    "verify",
]
