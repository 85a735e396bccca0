"""The API's ``?lang=`` parameter, defined once for every endpoint that takes it.

An answer's texts come in one of the six UN languages. A client may name Chinese as the API
always did (``zh``) or by the portal's own language code (``zh-hans``, as the language cookie
and Accept-Language spell it); any letter case is taken. The value handed to an endpoint is
always the short form (``en``, ``ar``, ``es``, ``fr``, ``ru``, ``zh``); an unknown language
is refused (422) rather than answered in English.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator

API_LANGUAGES = ("en", "ar", "es", "fr", "ru", "zh")
#: Other spellings taken for a language (lower case) -> its short form.
ALIASES = {"zh-hans": "zh", "zh_hans": "zh"}


def normalise(value: Any) -> Any:
    """``ZH-Hans`` -> ``zh``; anything else that is not text is left to the type to refuse."""
    if isinstance(value, str):
        lowered = value.strip().lower()
        return ALIASES.get(lowered, lowered)
    return value


#: The ``lang`` query parameter: the schema lists the short forms and ``zh-hans``.
ApiLanguage = Annotated[
    Literal["en", "ar", "es", "fr", "ru", "zh", "zh-hans"], BeforeValidator(normalise)
]
