"""The base every API input schema derives from."""

from ninja import Schema
from pydantic import ConfigDict


class InSchema(Schema):
    """An endpoint's input: NaN and infinity are refused (422), not stored.

    JSON from Python clients may carry them; they pass range validators (every comparison
    with NaN is false) and then break the science and the audit trail's JSON.
    """

    model_config = ConfigDict(allow_inf_nan=False)
