"""The API's strategy catalogue and the worker's scoring registry name the same strategies with the same needs.

The API may not import the worker (nor the worker's ML package the API), so each keeps its own list; this test is
the one place that reads both, and it fails the moment a strategy is added, renamed or changed on one side only.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from backend.strategy.catalogue import CATALOGUE
from backend.strategy.schemas import Strategy, StrategyRead
from worker.ml.scoring import STRATEGIES


def test_the_catalogue_lists_every_strategy_once_in_enum_order() -> None:
    assert [entry.name for entry in CATALOGUE] == list(Strategy)


def test_the_catalogue_and_the_worker_registry_name_the_same_strategies() -> None:
    assert {str(entry.name) for entry in CATALOGUE} == set(STRATEGIES)


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda entry: str(entry.name))
def test_each_strategy_needs_what_the_worker_computes_for_it(entry: StrategyRead) -> None:
    worker = STRATEGIES[entry.name]
    assert entry.needs_mc_dropout == worker.needs_mc
    assert entry.needs_heads == worker.needs_heads
    assert entry.needs_views == worker.needs_views
    assert entry.uses_embeddings == worker.needs_labelled_features
    assert entry.selection == worker.selection  # the worker's register() accepts only these modes
    # Only the baseline scores without looking at the model's prediction.
    assert entry.needs_model == (entry.name != Strategy.random)
    assert entry.forward_passes > 1 or not (entry.needs_mc_dropout or entry.needs_views)
    assert entry.label and entry.description.endswith(".")


def test_the_api_serves_the_catalogue_to_a_signed_in_user(client: TestClient, demo: dict[str, str]) -> None:
    from tests.conftest import login

    assert client.get("/api/strategies").status_code == 401
    response = client.get("/api/strategies", headers=login(client, "radiologist"))
    assert response.status_code == 200, response.text
    served = response.json()
    assert [item["name"] for item in served] == [str(name) for name in Strategy]
    assert served == [entry.model_dump(mode="json") for entry in CATALOGUE]


def test_the_document_declares_the_strategy_enum_and_the_list(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert schemas["Strategy"]["enum"] == [str(name) for name in Strategy]
    assert schemas["StrategyRead"]["properties"]["name"] == {"$ref": "#/components/schemas/Strategy"}
    for model, field in (("RoundRead", "strategy"), ("ProjectRead", "strategy"), ("QueueItem", "strategy")):
        assert schemas[model]["properties"][field] == {"$ref": "#/components/schemas/Strategy"}, model
    listed = document["paths"]["/api/strategies"]["get"]["responses"]["200"]["content"]["application/json"]
    assert listed["schema"]["items"] == {"$ref": "#/components/schemas/StrategyRead"}
