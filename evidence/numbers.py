"""Whether a figure appears in its quote, with the same rule as shared/tools/check_provenance.py.

47.0 matches "47" or "47.0"; 8.6 matches "8.59" only if rounding 8.59 to the value's precision
gives 8.6. Kept identical so that the loader rejects what the provenance check would.
"""

from __future__ import annotations

import re

__all__ = ["decimals_of", "value_in_text"]

_NUMBER = re.compile(r"(?<![\d.])\d+(?:[.,]\d+)?")


def decimals_of(value: float) -> int:
    text = repr(float(value))
    if "." in text and not text.endswith(".0"):
        return len(text.split(".")[1])
    return 0


def value_in_text(value: float, text: str) -> bool:
    decimals = decimals_of(value)
    for token in _NUMBER.findall(text):
        number = float(token.replace(",", "."))
        if abs(number - value) < 1e-9 or round(number, decimals) == round(value, decimals):
            return True
    return False
