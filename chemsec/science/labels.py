"""Labels that consequence results carry, shared with models and pages (pure, no imports).

Kept apart from ``release.py`` so that code which only reads a stored result (a model
property, a page) does not import the science stack (scipy) to compare a string.
"""

DENSE_GAS_LABEL = "indicative, dense gas"
DENSE_GAS_MODEL_LABEL = "dense gas: Britter-McQuaid workbook (continuous)"
