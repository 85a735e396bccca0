"""Simplified Chinese: Django groups by four with an empty separator, so no grouping shows;
CLDR's zh pattern groups by thousands with a comma (#,##0.###)."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
