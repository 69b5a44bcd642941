"""De-identification on the way in (issue 14): pseudonyms, date shifts, the PS3.15 profile, the identity map.

The names other packages use (shared contract 2) are re-exported here: ``pseudonym``, ``date_shift_days``,
``deidentify_dataset`` and ``record_identity``.
"""

from backend.deid.identity import record_identity
from backend.deid.keys import date_shift_days, pseudonym
from backend.deid.profile import deidentify_dataset

__all__ = ["date_shift_days", "deidentify_dataset", "pseudonym", "record_identity"]
