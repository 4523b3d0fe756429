"""The search index: derived from the registry, rebuilt from it at will.

Nothing here is a record of its own: `tadamon.search.indexing` writes it from
organizations (in the services' transaction, or in bulk), and `tadamon search
--reindex` rebuilds it. The history does not record it for that reason.
"""

from django.db import models

from tadamon.registry.models import Organization


class SearchEntry(models.Model):
    """One organization as search reads it."""

    organization = models.OneToOneField(
        Organization, primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    # normalize_arabic / normalize_latin of each name: the exact and prefix tiers.
    name_ar_norm = models.CharField(max_length=255, blank=True, db_index=True)
    name_fr_norm = models.CharField(max_length=255, blank=True, db_index=True)
    # Lexicon concepts of each name, "ar|fr", space-separated and sorted.
    concepts = models.CharField(max_length=255, blank=True)
    # Transliterated words in both names: fewer wins a tie between candidates.
    term_count = models.PositiveSmallIntegerField(default=0)
    # Cross-script readings "ar|fr": words separated by spaces, a word's other
    # skeletons after "/" (see identity.keys.Reading).
    readings = models.CharField(max_length=512, blank=True)

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.readings}"


class SearchTerm(models.Model):
    """A distinct consonant skeleton and in how many organizations it occurs."""

    term = models.CharField(max_length=64, unique=True)
    doc_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.term


class SearchTermVariant(models.Model):
    """A term and each of its one-letter deletions: typo-tolerant lookup by plain index.

    Symmetric deletion (two strings within one edit share a deletion) finds every
    skeleton one slip away with equality lookups; trigrams cannot, because a
    skeleton is three to six letters long and one slip changes most of its trigrams.
    """

    variant = models.CharField(max_length=64)  # indexed first in the unique constraint
    term = models.ForeignKey(
        SearchTerm, on_delete=models.CASCADE, related_name="variants", db_constraint=False
    )  # derived data, as SearchPosting

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["variant", "term"], name="search_variant_unique")
        ]

    def __str__(self) -> str:
        return self.variant


class SearchPosting(models.Model):
    """Organization `organization` has term `term` in one of its names."""

    # Indexed first in the unique constraint (term, organization); an index of its
    # own would only slow the bulk write of millions of postings.
    # No database constraint on either key: postings are derived data, written and
    # deleted only by search.indexing (and by Django's cascade when a term or an
    # organization goes), and PostgreSQL's deferred check of two keys on millions of
    # rows at commit cost an import of 100,000 organizations 15-19 s.
    term = models.ForeignKey(
        SearchTerm, on_delete=models.CASCADE, related_name="postings", db_index=False,
        db_constraint=False,
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="search_postings",
        db_constraint=False,
    )  # fmt: skip
    # The organization's number of transliterated words (SearchEntry.term_count),
    # copied here so that picking candidates reads the postings and nothing else.
    size = models.PositiveSmallIntegerField(default=0)
    # The organization's province and legal form, copied for the same reason:
    # the commonest filters are answered from the postings alone.
    province = models.CharField(max_length=3, default="")
    legal_form = models.CharField(max_length=32, default="")
    # A checksum of the organization's concepts: among candidates of equal weight,
    # those that say what the query says (association + development) come first.
    concepts_key = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "organization"], name="search_posting_unique")
        ]

    def __str__(self) -> str:
        return f"{self.term_id} → {self.organization_id}"
