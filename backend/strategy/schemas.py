"""The strategy names and the shape of a catalogue entry.

The worker's scoring registry (``worker.ml.scoring.STRATEGIES``) implements these names; the API may not import
the worker to ask it, so tests/test_strategy_catalogue.py checks that both name the same strategies with the same
needs.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Strategy(StrEnum):
    """How a round scores the pool; the order is the order the round settings offer them in."""

    random = "random"
    entropy = "entropy"
    mc_dropout = "mc_dropout"
    acft = "acft"
    unetpp_heads = "unetpp_heads"
    coreset = "coreset"
    hybrid = "hybrid"


class Selection(StrEnum):
    """How a batch is picked from the scores (``worker.ml.selection.select_batch``)."""

    # ACFT's randomised pick of b from the top omega*b (or, by value per cost, a greedy by score / cost).
    rank = "rank"
    # k-center greedy on the patients' embeddings over the whole pool.
    kcenter = "kcenter"
    # k-center greedy within the top omega*b by score.
    hybrid = "hybrid"


class StrategyRead(BaseModel):
    """One strategy a lead can choose, with what it costs and needs, so a client can explain the choice."""

    model_config = ConfigDict(frozen=True)

    name: Strategy
    label: str
    description: str
    needs_model: bool = Field(description="the score comes from the trained model (random does not use it)")
    needs_mc_dropout: bool = Field(description="scoring adds Monte Carlo dropout samples")
    needs_heads: bool = Field(description="scoring compares the UNet++ deep-supervision heads")
    needs_views: bool = Field(description="scoring adds flipped and rotated views of each image")
    uses_embeddings: bool = Field(description="selection compares the patients' bottleneck embeddings")
    selection: Selection
    forward_passes: int = Field(
        ge=1, description="network passes per pool patient with the worker's default settings: the scoring time"
    )
