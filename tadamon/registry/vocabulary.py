"""Legal forms and statuses of the registry, with their Arabic and French labels.

Labels follow the glossary of DESIGN.md. They are kept here as plain data (not
only gettext) because imports must recognise a legal form written in either
language, whatever the page's language is.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    COOPERATIVE = "cooperative", _("Cooperative")
    COOPERATIVE_UNION = "cooperative_union", _("Cooperative union")
    FEDERATION = "federation", _("Federation")
    MUTUAL = "mutual", _("Mutual")
    AMICALE = "amicale", _("Amicale")
    FOUNDATION = "foundation", _("Foundation")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")


LEGAL_FORM_LABELS: dict[str, tuple[str, str]] = {
    "association": ("جمعية", "Association"),
    "cooperative": ("تعاونية", "Coopérative"),
    "cooperative_union": ("اتحاد التعاونيات", "Union de coopératives"),
    "federation": ("جامعة", "Fédération"),
    "mutual": ("تعاضدية", "Mutuelle"),
    "amicale": ("ودادية", "Amicale"),
    "foundation": ("مؤسسة", "Fondation"),
    "social_enterprise": ("مقاولة اجتماعية", "Entreprise sociale"),
}


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    REGISTERED = "registered", _("Registered")
    SUSPENDED = "suspended", _("Suspended")
    DISSOLVED = "dissolved", _("Dissolved")
    STRUCK_OFF = "struck_off", _("Struck off")
    # Only merge_organizations sets it and only unmerge leaves it; no lifecycle move does.
    MERGED = "merged", _("Merged")


STATUS_LABELS: dict[str, tuple[str, str]] = {
    "submitted": ("مودع", "Déposée"),
    "registered": ("مسجل", "Enregistrée"),
    "suspended": ("موقوف", "Suspendue"),
    "dissolved": ("منحل", "Dissoute"),
    "struck_off": ("مشطب عليه", "Radiée"),
    "merged": ("مدمج", "Fusionnée"),
}

# The organizations the public sees: everything that was ever on the register.
# A merged one had a number (the database holds it to that), which now leads to
# its survivor: readers follow `merged_into`; counts leave it out.
PUBLISHED_STATUSES = ("registered", "suspended", "dissolved", "struck_off", "merged")

# Who may be a member of whom (DESIGN.md glossary; law 112-12 on cooperatives
# for unions of cooperatives).
ALLOWED_MEMBER_FORMS: dict[str, tuple[str, ...]] = {
    "cooperative_union": ("cooperative",),
    "federation": ("cooperative_union", "association"),
}
