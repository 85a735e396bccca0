"""The pure rule engine of the supply chain: facts in, breached rules and a decision out.

Nothing here imports Django; the rules themselves are data (chemsec/content/rules/).
"""

from chemsec.supplychain.engine.checks import CHECKS
from chemsec.supplychain.engine.evaluate import (
    ALLOW,
    HOLD,
    NEUTRAL_REASONS,
    REVIEW,
    Breach,
    Evaluation,
    Score,
    evaluate,
    neutral_reason,
)
from chemsec.supplychain.engine.facts import (
    Customer,
    Line,
    Order,
    PastOrder,
    ScreenedParty,
    Statement,
    TradePeers,
)
from chemsec.supplychain.engine.rulebook import (
    Rule,
    RuleBook,
    RuleBookError,
    Typology,
    rulebook_from_data,
)

__all__ = [
    "ALLOW",
    "CHECKS",
    "HOLD",
    "NEUTRAL_REASONS",
    "REVIEW",
    "Breach",
    "Customer",
    "Evaluation",
    "Line",
    "Order",
    "PastOrder",
    "Rule",
    "RuleBook",
    "RuleBookError",
    "Score",
    "ScreenedParty",
    "Statement",
    "TradePeers",
    "Typology",
    "evaluate",
    "neutral_reason",
    "rulebook_from_data",
]
