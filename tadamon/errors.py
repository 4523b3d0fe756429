"""The one family of domain errors that services raise.

Each error carries a stable code, a message in Arabic and in French and, when
it concerns one input, the field. Interfaces turn it into their own form (a
form error, a JSON body, a CLI line); nothing below them knows about HTTP.
"""

from __future__ import annotations

from django.utils import translation


class DomainError(Exception):
    """A rule of the registry was broken; the message says which, in ar and fr."""

    def __init__(self, code: str, message_ar: str, message_fr: str, field: str | None = None):
        self.code = code
        self.message_ar = message_ar
        self.message_fr = message_fr
        self.field = field
        super().__init__(f"[{code}] {message_fr}")

    def message(self, language: str | None = None) -> str:
        """The message in the given (or active) language; Arabic unless French is asked for."""
        language = language or translation.get_language() or "ar"
        return self.message_fr if language.startswith(("fr", "en")) else self.message_ar

    def bilingual(self) -> str:
        return f"{self.message_ar} — {self.message_fr}"

    def as_dict(self) -> dict[str, str | None]:
        return {
            "code": self.code,
            "field": self.field,
            "message_ar": self.message_ar,
            "message_fr": self.message_fr,
        }


class PermissionDeniedError(DomainError):
    """The acting user's role or scope does not allow the operation."""

    def __init__(self, message_ar: str, message_fr: str, code: str = "permission_denied"):
        super().__init__(code, message_ar, message_fr)


class ValidationFailed(DomainError):
    """One or more rules on the input failed; `errors` lists each of them."""

    def __init__(self, errors: list[DomainError]):
        self.errors = errors
        first = errors[0]
        super().__init__(first.code, first.message_ar, first.message_fr, first.field)
        if len(errors) > 1:
            self.message_ar = "؛ ".join(e.message_ar for e in errors)
            self.message_fr = "; ".join(e.message_fr for e in errors)
