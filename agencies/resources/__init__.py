"""django-import-export resources for partners, agreements and activities.

Columns carry the Indonesian headers of the downloadable templates; the widgets turn a spreadsheet cell into a
model value and raise `ValueError` with an Indonesian message the preview shows next to the row and column.
Choice columns accept the label ("Rapat koordinasi") or the code ("coordination"); dates accept DD/MM/YYYY,
YYYY-MM-DD or a real Excel date; partners are named, several separated by ";", and matched by `name_key`.

Natural keys (so that importing the same file twice creates nothing new):
- partner: the normalised name (`Partner.name_key`), province-wide;
- agreement: office + Bawaslu document number; without a number, office + title + start date
  (a row with a number also matches an unnumbered agreement of the same title and start date);
- activity: office + title + start date + end date.
Titles and numbers are compared without regard to case. Rows always land in `office`, the importer's own:
no column can name another office.
"""

from ..models import normalise_name
from .activities import ActivityResource
from .agreements import AgreementResource
from .base import HubalResource
from .partners import PartnerResource
from .widgets import (
    LIST_SEPARATOR,
    AgreementNumberWidget,
    ChoiceWidget,
    CountWidget,
    DateWidget,
    MultiChoiceWidget,
    PartnersWidget,
    TextWidget,
    YesNoWidget,
    cell_text,
    citable_for_import,
    text_key,
)

__all__ = [
    "LIST_SEPARATOR",
    "RESOURCES",
    "ActivityResource",
    "AgreementNumberWidget",
    "AgreementResource",
    "ChoiceWidget",
    "CountWidget",
    "DateWidget",
    "HubalResource",
    "MultiChoiceWidget",
    "PartnerResource",
    "PartnersWidget",
    "TextWidget",
    "YesNoWidget",
    "cell_text",
    "citable_for_import",
    "normalise_name",
    "text_key",
]


RESOURCES: dict[str, type[HubalResource]] = {
    "partners": PartnerResource,
    "agreements": AgreementResource,
    "activities": ActivityResource,
}
