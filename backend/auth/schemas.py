from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt

from backend.core.types import SafeText, Stored, StrictModel
from backend.models.user import Role
from backend.user.password_policy import MAX_LENGTH, MIN_LENGTH


class LoginRequest(StrictModel):
    username: SafeText = Field(min_length=1, max_length=64)
    password: SafeText = Field(min_length=1, max_length=256)


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    username: str
    role: Stored[Role]
    is_active: bool


class SessionState(BaseModel):
    """Who the caller is logged in as; ``user`` is null for an anonymous visitor or an ended session."""

    user: UserRead | None
    # Whether the caller reviews masks somewhere (a lead, an admin, or a radiologist marked reviewer in a project):
    # the web app shows its review queue then.
    reviews: bool = False
    # Cases waiting for a review decision in the projects the caller reviews (the review page's badge).
    pending_reviews: int = 0


class LoginResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    user: UserRead


class PasswordChange(StrictModel):
    current_password: SafeText = Field(min_length=1, max_length=MAX_LENGTH)
    new_password: SafeText = Field(min_length=MIN_LENGTH, max_length=MAX_LENGTH)


class SessionRead(BaseModel):
    id: uuid.UUID
    created_at: datetime
    expires_at: datetime
    last_seen_at: datetime
    user_agent: str | None
    client_address: str | None
    current: bool


class PasswordChanged(BaseModel):
    sessions_ended: NonNegativeInt
