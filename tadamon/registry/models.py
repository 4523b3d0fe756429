"""Organizations of the social and solidarity economy and their yearly declarations.

The models hold data and what the database can enforce; every write goes
through tadamon.registry.services, which checks roles and rules and records
the history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tadamon.accounts import scope
from tadamon.registry.vocabulary import PUBLISHED_STATUSES, LegalForm, Status


class Sector(models.Model):
    """Main sector of activity; the list and its basis are in docs/sectors.md."""

    code = models.CharField(_("code"), max_length=32, primary_key=True)
    label_ar = models.CharField(_("label (Arabic)"), max_length=100)
    label_fr = models.CharField(_("label (French)"), max_length=100)
    label_en = models.CharField(_("label (English)"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        lang = translation.get_language() or "ar"
        if lang.startswith("ar"):
            return self.label_ar
        return self.label_fr if lang.startswith("fr") else self.label_en


class OrganizationQuerySet(models.QuerySet):
    """Scoped lookups: every list and lookup of pages, API, admin and exports goes here."""

    def visible_to(self, user) -> OrganizationQuerySet:
        if scope.is_registrar(user) or scope.is_analyst(user):
            return self.all()
        # On the register at some time: a published status and a number. An
        # application refused before registration is struck off without one:
        # it was never on the register, so the public never sees it.
        published = Q(status__in=PUBLISHED_STATUSES, registry_id__isnull=False)
        if scope.role_of(user) == "representative":
            return self.filter(published | Q(pk=user.organization_id))
        return self.filter(published)

    def matching(
        self,
        *,
        region: str = "",
        province: str = "",
        legal_form: str = "",
        status: str = "",
        sector: str = "",
        public_utility: bool | None = None,
    ) -> OrganizationQuerySet:
        """The filters the directory, the API and the exports offer (by code); an empty
        value, or public_utility None, does not filter."""
        lookups = {
            "province__region_id": region,
            "province_id": province,
            "legal_form": legal_form,
            "status": status,
            "sector_id": sector,
        }
        organizations = self.filter(**{lookup: v for lookup, v in lookups.items() if v})
        if public_utility is not None:
            organizations = organizations.filter(public_utility=public_utility)
        return organizations

    def editable_by(self, user) -> OrganizationQuerySet:
        if scope.is_national_registrar(user):
            return self.all()
        if scope.role_of(user) == "regional_registrar":
            return self.filter(province__region_id=user.region_id)
        return self.none()


class Organization(models.Model):
    registry_id = models.CharField(
        _("registry number"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    external_id = models.CharField(
        _("external identifier"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("ODCO number, association receipt number, ..."),
    )
    legal_form = models.CharField(_("legal form"), max_length=32, choices=LegalForm.choices)
    name_ar = models.CharField(_("name (Arabic)"), max_length=255, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=255, blank=True)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    province = models.ForeignKey(
        "territory.Province",
        verbose_name=_("province or prefecture"),
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    founding_date = models.DateField(_("founding date"), null=True, blank=True)
    registration_date = models.DateField(_("registration date"), null=True, blank=True)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT
    )
    activity = models.TextField(_("activity"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    public_utility = models.BooleanField(_("public utility"), default=False)
    public_utility_date = models.DateField(_("public utility since"), null=True, blank=True)
    ice = models.CharField(_("ICE"), max_length=15, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="absorbed_organizations",
        help_text=_("Set by a merge only: the organization this record now leads to."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [
            models.Index(fields=["status", "legal_form"]),
            models.Index(fields=["province", "status"]),
            # What the public sees (visible_to: a number and a published status),
            # counted by province from the index alone: a region's count at
            # 500,000 bodies fell from 0.11 s to 0.015 s on PostgreSQL.
            models.Index(
                fields=["province", "status"],
                condition=Q(registry_id__isnull=False),
                name="org_public_by_province",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="organization_has_a_name", condition=~Q(name_ar="") | ~Q(name_fr="")
            ),
            models.CheckConstraint(
                name="registered_organization_has_number",
                # A refused application (submitted → struck off) never had a number.
                condition=Q(status__in=["submitted", "struck_off"]) | Q(registry_id__isnull=False),
            ),
            models.CheckConstraint(
                name="public_utility_date_only_if_recognised",
                condition=Q(public_utility=True) | Q(public_utility_date__isnull=True),
            ),
            models.CheckConstraint(
                name="merged_organization_points_to_survivor",
                condition=(Q(status="merged") & Q(merged_into__isnull=False))
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        if self.registry_id:
            # Isolated left-to-right, so "09-2026-000001-8" keeps its order in Arabic text.
            return f"\u2066{self.registry_id}\u2069 {self.name}"
        not_registered = _("(not registered)")
        return f"{not_registered} {self.name}"

    @property
    def name(self) -> str:
        lang = translation.get_language() or "ar"
        first, second = (
            (self.name_ar, self.name_fr) if lang.startswith("ar") else (self.name_fr, self.name_ar)
        )
        return first or second


class RegistryCounter(models.Model):
    """Last sequence number given out per region and year: numbers are never reused."""

    region_code = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "year"], name="one_counter_per_region_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_code}-{self.year}: {self.last_seq}"


class StatusChange(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices)
    effective_on = models.DateField(_("effective on"))
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["organization", "recorded_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status} ({self.effective_on})"


class Membership(models.Model):
    """Membership of a cooperative in a union, or of a union or association in a federation."""

    member = models.ForeignKey(
        Organization, verbose_name=_("member"), on_delete=models.PROTECT, related_name="memberships"
    )
    union = models.ForeignKey(
        Organization,
        verbose_name=_("union or federation"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    started_on = models.DateField(_("member since"))
    ended_on = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        ordering = ["member", "started_on"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_on__isnull=True),
                name="one_open_membership_per_member",
            ),
            models.CheckConstraint(
                name="membership_ends_after_it_starts",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
            ),
            models.CheckConstraint(
                name="membership_not_of_itself", condition=~Q(member=models.F("union"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.union_id} ({self.started_on}–{self.ended_on or ''})"


class Merge(models.Model):
    """One organization absorbed into another, as recorded by merge_organizations.

    It holds what unmerge needs to put both back exactly: the absorbed one's
    status, the survivor's fields the merge filled in, and the memberships it moved.
    """

    survivor = models.ForeignKey(
        Organization,
        verbose_name=_("surviving organization"),
        on_delete=models.PROTECT,
        related_name="merges_received",
    )
    absorbed = models.ForeignKey(
        Organization,
        verbose_name=_("absorbed organization"),
        on_delete=models.PROTECT,
        related_name="merges_absorbed",
    )
    absorbed_status = models.CharField(
        _("status before the merge"), max_length=16, choices=Status.choices
    )
    # {field: value}: survivor fields that were blank and took the absorbed one's value.
    survivor_filled = models.JSONField(_("fields filled on the survivor"), default=dict)
    # [{"id": membership id, "side": "member" | "union"}]: open memberships moved over.
    moved_memberships = models.JSONField(_("memberships moved"), default=list)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undo_reason = models.TextField(_("reason for undoing"), blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        constraints = [
            models.UniqueConstraint(
                fields=["absorbed"],
                condition=Q(undone_at__isnull=True),
                name="one_merge_in_force_per_absorbed",
            ),
            models.CheckConstraint(
                name="merge_not_into_itself", condition=~Q(survivor=models.F("absorbed"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.absorbed_id} → {self.survivor_id}"

    @property
    def in_force(self) -> bool:
        return self.undone_at is None


class Declaration(models.Model):
    """The yearly declaration: members, jobs, money and beneficiaries for one year."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="declarations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    members_total = models.PositiveIntegerField(_("members"), null=True, blank=True)
    members_women = models.PositiveIntegerField(_("women members"), null=True, blank=True)
    members_youth = models.PositiveIntegerField(
        _("young members (under 35)"), null=True, blank=True
    )
    employees_permanent = models.PositiveIntegerField(
        _("permanent employees"), null=True, blank=True
    )
    employees_seasonal = models.PositiveIntegerField(_("seasonal employees"), null=True, blank=True)
    employees_women = models.PositiveIntegerField(_("women employees"), null=True, blank=True)
    revenue_mad = models.DecimalField(
        _("revenue (MAD)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    value_added_mad = models.DecimalField(
        _("value added (MAD)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    subsidies_mad = models.DecimalField(
        _("subsidies (MAD)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    beneficiaries_total = models.PositiveIntegerField(_("beneficiaries"), null=True, blank=True)
    beneficiaries_women = models.PositiveIntegerField(
        _("women beneficiaries"), null=True, blank=True
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now=True)

    class Meta:
        ordering = ["organization", "year"]
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="one_declaration_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.year}"


DECLARATION_FIGURES = (
    "members_total",
    "members_women",
    "members_youth",
    "employees_permanent",
    "employees_seasonal",
    "employees_women",
    "revenue_mad",
    "value_added_mad",
    "subsidies_mad",
    "beneficiaries_total",
    "beneficiaries_women",
)
