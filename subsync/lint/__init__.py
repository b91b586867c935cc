"""Checking subtitles against a layout's rules: the rules, reading written files back, reports."""

from subsync.lint.files import Linter, check_file, has_errors, lints
from subsync.lint.report import format_github, format_json, format_json_files, format_text
from subsync.lint.rules import RULES, Rule, Violation, check

__all__ = [
    "RULES",
    "Linter",
    "Rule",
    "Violation",
    "check",
    "check_file",
    "format_github",
    "format_json",
    "format_json_files",
    "format_text",
    "has_errors",
    "lints",
]
