"""The observatory's data: official reference figures, indicator definitions,
targets, validation rules, and the cube of registry figures they are computed from.

Concepts follow national statistics platforms such as DHIS2: data elements
(figures that are summed: members, jobs, population, GDP), indicators (a
numerator and a denominator formula over data elements, times a factor),
periods (years) and the territory hierarchy province → region → nation.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Source(models.Model):
    """Where official figures come from, cited on every page that shows them."""

    key = models.SlugField(_("key"), max_length=64, primary_key=True)
    title = models.CharField(_("title"), max_length=255)
    citation = models.TextField(_("citation"))
    licence = models.CharField(_("licence"), max_length=120, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title


class ReferenceValue(models.Model):
    """One official figure for a territory and a year (census, national and regional
    accounts). `territory_code` is `MA`, a region, a province, or a group such as
    `10+11+12` when the figure is published only for the group."""

    territory_code = models.CharField(_("territory"), max_length=16)
    code = models.CharField(_("figure"), max_length=96)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    unit = models.CharField(_("unit"), max_length=32)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="values")

    class Meta:
        verbose_name = _("reference figure")
        verbose_name_plural = _("reference figures")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "year", "territory_code"], name="one_reference_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.territory_code} {self.year} = {self.value}"


class Unit(models.TextChoices):
    NUMBER = "number", _("number")
    PERCENT = "percent", _("percent")
    PER_10K = "per_10k", _("per 10,000 inhabitants")
    MAD = "mad", _("dirhams")
    INDEX = "index", _("index")


class Indicator(models.Model):
    """A numerator and a denominator formula over data elements, times a factor.

    Formulas are written in the observatory's expression language
    (tadamon.observatory.expressions), parsed and checked when saved, never
    evaluated by Python's eval. `kind` is `ratio` for the formula indicators
    and `cv` or `theil` for the disparity of another indicator across the
    provinces of a territory."""

    class Kind(models.TextChoices):
        RATIO = "ratio", _("numerator / denominator × factor")
        CV = "cv", _("coefficient of variation across provinces")
        THEIL = "theil", _("Theil index across provinces")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    definition_ar = models.TextField(_("definition (Arabic)"))
    definition_fr = models.TextField(_("definition (French)"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.RATIO)
    numerator = models.CharField(_("numerator"), max_length=500, blank=True)
    denominator = models.CharField(
        _("denominator"), max_length=500, blank=True, help_text=_("Empty means 1.")
    )
    factor = models.FloatField(_("factor"), default=1)
    of_indicator = models.ForeignKey(
        "self",
        verbose_name=_("disparity of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disparities",
    )
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.NUMBER)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    group = models.CharField(_("group"), max_length=32, default="registry")
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    built_in = models.BooleanField(_("built in"), default=False, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                name="ratio_has_numerator_disparity_has_base",
                condition=(Q(kind="ratio") & ~Q(numerator="") & Q(of_indicator__isnull=True))
                | (Q(kind__in=["cv", "theil"]) & Q(of_indicator__isnull=False)),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def name(self) -> str:
        lang = translation.get_language() or "ar"
        return self.name_ar if lang.startswith("ar") else self.name_fr

    @property
    def definition(self) -> str:
        lang = translation.get_language() or "ar"
        return self.definition_ar if lang.startswith("ar") else self.definition_fr


class Target(models.Model):
    """A national commitment: a value of an indicator to reach by a year, with its source."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("measured by"), on_delete=models.PROTECT, related_name="targets"
    )
    statement_ar = models.TextField(_("statement (Arabic)"))
    statement_fr = models.TextField(_("statement (French)"))
    target_value = models.FloatField(_("target value"))
    target_year = models.PositiveSmallIntegerField(_("target year"))
    baseline_value = models.FloatField(_("stated baseline"), null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(
        _("stated baseline year"), null=True, blank=True
    )
    source = models.TextField(_("source"))
    note = models.TextField(_("note"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return self.code

    @property
    def statement(self) -> str:
        lang = translation.get_language() or "ar"
        return self.statement_ar if lang.startswith("ar") else self.statement_fr


class ValidationRule(models.Model):
    """A check over each declaration: left operator right, both formulas over its figures."""

    class Operator(models.TextChoices):
        LE = "<=", "≤"
        LT = "<", "<"
        GE = ">=", "≥"
        GT = ">", ">"
        EQ = "==", "="

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    left = models.CharField(_("left side"), max_length=300)
    operator = models.CharField(_("operator"), max_length=2, choices=Operator.choices)
    right = models.CharField(_("right side"), max_length=300)
    legal_form = models.CharField(
        _("only for the legal form"), max_length=32, blank=True, help_text=_("Empty: every form.")
    )
    built_in = models.BooleanField(_("built in"), default=False, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")

    def __str__(self) -> str:
        return f"{self.left} {self.operator} {self.right}"

    @property
    def name(self) -> str:
        lang = translation.get_language() or "ar"
        return self.name_ar if lang.startswith("ar") else self.name_fr


class Cell(models.Model):
    """The registry summed per province, legal form, sector and year: what every
    indicator is computed from. Derived data, rebuilt by tadamon.observatory.cube,
    never edited. Sums of declarations count each body once (a merged record's
    declaration only for a year its survivor did not file)."""

    province_id = models.CharField(max_length=3)
    legal_form = models.CharField(max_length=32)
    sector_id = models.CharField(max_length=32, blank=True)
    year = models.PositiveSmallIntegerField()
    organizations = models.IntegerField(default=0)
    organizations_active = models.IntegerField(default=0)
    declarations = models.IntegerField(default=0)
    members = models.FloatField(default=0)
    members_women = models.FloatField(default=0)
    members_youth = models.FloatField(default=0)
    jobs_permanent = models.FloatField(default=0)
    jobs_seasonal = models.FloatField(default=0)
    jobs_women = models.FloatField(default=0)
    revenue = models.FloatField(default=0)
    value_added = models.FloatField(default=0)
    subsidies = models.FloatField(default=0)
    beneficiaries = models.FloatField(default=0)
    beneficiaries_women = models.FloatField(default=0)
    jobs_panel = models.FloatField(default=0)
    jobs_panel_prev = models.FloatField(default=0)
    members_panel = models.FloatField(default=0)
    members_panel_prev = models.FloatField(default=0)

    class Meta:
        indexes = [models.Index(fields=["year", "province_id"])]

    def __str__(self) -> str:
        return f"{self.province_id} {self.legal_form} {self.sector_id} {self.year}"


class CubeState(models.Model):
    """Which history entry the cell table reflects, so a read can bring it up to date."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    built_seq = models.BigIntegerField(default=-1)
    first_year = models.PositiveSmallIntegerField(null=True)
    last_year = models.PositiveSmallIntegerField(null=True)
    rebuilt_at = models.DateTimeField(null=True)
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"cube at history entry {self.built_seq}"
