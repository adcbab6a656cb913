"""Data model of the Hubal portal, one module per noun; every model is importable from here."""

from .base import PROVINCE_CODE, TimeStamped, Versioned, normalise_name
from .evidence import Evidence, VerificationEvent, evidence_upload_to
from .figures import FigureDataVersion
from .imports import ImportBatch
from .notifications import Notification
from .offices import Office, User
from .partners import Partner, PartnerAlias
from .records import RECORD_MODELS, Activity, Agreement, Verifiable, record_model
from .reminders import ReminderSent
from .tombstones import Tombstone, TombstoneType

__all__ = [
    "PROVINCE_CODE",
    "RECORD_MODELS",
    "Activity",
    "Agreement",
    "Evidence",
    "ImportBatch",
    "FigureDataVersion",
    "Notification",
    "Office",
    "Partner",
    "PartnerAlias",
    "ReminderSent",
    "TimeStamped",
    "Tombstone",
    "TombstoneType",
    "User",
    "VerificationEvent",
    "Verifiable",
    "Versioned",
    "evidence_upload_to",
    "normalise_name",
    "record_model",
]
