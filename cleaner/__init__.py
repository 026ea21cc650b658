"""Raw page -> Article: text repair, boilerplate removal, platform adapters, generic extraction."""

from cleaner.adapters import detect_platform
from cleaner.errors import NotAnArticle
from cleaner.extract import extract
from cleaner.memory import BoilerplateMemory

__all__ = ["BoilerplateMemory", "NotAnArticle", "detect_platform", "extract"]
