"""The one list of selection strategies: names, texts for the lead, and what each needs.

A new strategy goes here (and in ``backend.strategy.schemas.Strategy``) and in ``worker.ml.scoring`` with
``@register``; tests/test_strategy_catalogue.py fails until both agree.
"""

from __future__ import annotations

from backend.strategy.schemas import Selection, Strategy, StrategyRead

# Defaults of worker.ml.config.TrainConfig: one pass for the prediction, plus its MC-dropout samples or its views.
_MC_SAMPLES = 8
_ACFT_VIEWS = 8  # the identity view reuses the prediction's pass


def _entry(
    name: Strategy,
    label: str,
    description: str,
    *,
    needs_model: bool = True,
    needs_mc_dropout: bool = False,
    needs_heads: bool = False,
    needs_views: bool = False,
    uses_embeddings: bool = False,
    selection: Selection = Selection.rank,
    forward_passes: int = 1,
) -> StrategyRead:
    return StrategyRead(
        name=name,
        label=label,
        description=description,
        needs_model=needs_model,
        needs_mc_dropout=needs_mc_dropout,
        needs_heads=needs_heads,
        needs_views=needs_views,
        uses_embeddings=uses_embeddings,
        selection=selection,
        forward_passes=forward_passes,
    )


CATALOGUE: tuple[StrategyRead, ...] = (
    _entry(
        Strategy.random,
        "Random",
        "A uniform random draw per patient (deterministic per patient and round seed): the baseline.",
        needs_model=False,
    ),
    _entry(
        Strategy.entropy,
        "Entropy",
        "Predictive entropy of the final head, averaged over the predicted structure and its border.",
    ),
    _entry(
        Strategy.mc_dropout,
        "MC dropout (BALD)",
        "BALD mutual information over Monte Carlo dropout samples (Gal et al. 2017).",
        needs_mc_dropout=True,
        forward_passes=1 + _MC_SAMPLES,
    ),
    _entry(
        Strategy.acft,
        "ACFT",
        "Entropy plus the disagreement (Jeffreys divergence) of flipped and rotated views, majority selection "
        "alpha = 1/4 (Zhou et al.).",
        needs_views=True,
        forward_passes=_ACFT_VIEWS,
    ),
    _entry(
        Strategy.unetpp_heads,
        "UNet++ heads",
        "Disagreement (Jensen-Shannon) of the three deeper UNet++ deep-supervision heads, in one forward pass.",
        needs_heads=True,
    ),
    _entry(
        Strategy.coreset,
        "Core-set",
        "k-center greedy on pooled bottleneck features: the patients farthest from the labelled set "
        "(Sener & Savarese).",
        uses_embeddings=True,
        selection=Selection.kcenter,
    ),
    _entry(
        Strategy.hybrid,
        "Hybrid",
        "The top omega*b patients by predictive entropy, then k-center greedy on their features.",
        uses_embeddings=True,
        selection=Selection.hybrid,
    ),
)
