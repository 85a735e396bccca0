"""Arabic, written with Latin digits as ChemSec writes numbers: CLDR's Arabic symbols for
Latin digits, "." before decimals and "," between thousands (1,234,567.5). Django's own
Arabic formats use the reverse (Morocco's and Algeria's convention) and no grouping, which
put "2.500 lb" beside "40 CFR 68.130" and a chart's "1.8" on the same page."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

# Django's Arabic formats define no date-and-time format, so Django's English default
# ("N j, Y, P": "ديسمبر 7, 2026, 12:54 م") was used; this is its Arabic date and time
# (DATE_FORMAT "j F، Y", TIME_FORMAT "g:i A") joined with the Arabic comma.
DATETIME_FORMAT = "j F، Y، g:i A"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y g:i A"
