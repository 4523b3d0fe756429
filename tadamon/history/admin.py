"""Admin pieces shared by every app's back office."""


class HistoryIsTheLog:
    """Mix into a ModelAdmin whose saves go through services."""

    # The services write the registry's history; Django's LogEntry would be a
    # second, unchained and incomplete record of the same changes.
    def construct_change_message(self, request, form, formsets, add=False):
        return []

    def log_addition(self, request, obj, message):
        return None

    def log_change(self, request, obj, message):
        return None

    def log_deletions(self, request, queryset):
        return None
