from __future__ import annotations

from fastapi import APIRouter

from backend.deps import CurrentUser
from backend.strategy.catalogue import CATALOGUE
from backend.strategy.schemas import StrategyRead

router = APIRouter(prefix="/strategies", tags=["strategies"])


@router.get("", response_model=list[StrategyRead])
def list_strategies(_user: CurrentUser) -> list[StrategyRead]:
    """The selection strategies a round can use, in the order to offer them, with what each needs and costs."""
    return list(CATALOGUE)
