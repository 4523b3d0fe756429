"""The append-only, hash-chained history of every change.

Each entry holds actor, time, action, object, before and after, and the hash
of the previous entry; its own hash covers all of that. `seq` is given out
from the single ChainHead row under a lock, so it has no gaps: a removed entry
shows as a gap or a broken link, an altered one as a hash that no longer
matches (see tadamon.history.chain.verify_chain).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class HistoryEntry(models.Model):
    seq = models.BigIntegerField(_("sequence"), unique=True)
    recorded_at = models.DateTimeField(_("recorded at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept apart from the foreign key so the chain stays verifiable even if a
    # user's name changes: the hash covers this label, not the row it points to.
    actor_label = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=40, db_index=True)
    object_type = models.CharField(_("object type"), max_length=40)
    object_id = models.CharField(_("object"), max_length=40)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    request_id = models.CharField(_("request"), max_length=36, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class ChainHead(models.Model):
    """A single row: the last entry's seq and hash, locked while appending."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("history chain head")

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"
