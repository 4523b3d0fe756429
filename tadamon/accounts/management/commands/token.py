"""`tadamon token create|revoke|list`: API tokens from the server's shell.

    tadamon token create registrar --name "ODCO import"
    tadamon token list [registrar]
    tadamon token revoke tdm_AbC123 [--reason "leaked"]

The key is printed once, by `create`: only its digest is kept. Each creation
and revocation enters the history as done by "system" (whoever holds the
shell), as the other set-up commands do.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from tadamon.accounts.models import ApiToken, User
from tadamon.accounts.tokens import create_token_from_console, revoke_token_from_console
from tadamon.errors import DomainError


class Command(BaseCommand):
    help = "Create, list or revoke API tokens (مفاتيح الواجهة البرمجية)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="issue a token for a user; prints the key once")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="what the token is for")
        listing = actions.add_parser("list", help="tokens, newest first")
        listing.add_argument("username", nargs="?")
        revoke = actions.add_parser("revoke", help="revoke a token by its prefix or number")
        revoke.add_argument("token", help="the prefix shown by `list` (tdm_…) or the number")
        revoke.add_argument("--reason", default="")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except DomainError as failure:
            raise CommandError(failure.bilingual()) from failure

    def _create(self, username, name, **options):
        user = _user(username)
        issued = create_token_from_console(user, name)
        self.stdout.write(issued.key)
        self.stderr.write(
            f"Token {issued.token.pk} for {user.username}: keep the key above, it is not shown "
            "again. احتفظ بالمفتاح أعلاه: لن يعرض مرة أخرى."
        )

    def _list(self, username=None, **options):
        tokens = ApiToken.objects.select_related("user")
        if username:
            tokens = tokens.filter(user=_user(username))
        for token in tokens:
            state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked else "active"
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            self.stdout.write(
                f"{token.pk}\t{token.prefix}…\t{token.user.username}\t{token.name}\t"
                f"{state}\tlast used {used}"
            )

    def _revoke(self, token, reason, **options):
        lookup = Q(prefix=token)
        if token.isdigit():
            lookup |= Q(pk=int(token))
        found = list(ApiToken.objects.filter(lookup)[:2])
        if len(found) != 1:
            raise CommandError(
                f"لا يوجد مفتاح واحد بالمعرف «{token}» — aucun jeton unique « {token} »"
            )
        revoked = revoke_token_from_console(found[0], reason)
        self.stdout.write(f"Token {revoked.pk} ({revoked.prefix}…) revoked. تم إلغاء المفتاح.")


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(
            f"المستخدم «{username}» غير موجود — l'utilisateur « {username} » n'existe pas"
        )
    return user
