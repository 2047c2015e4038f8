from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rembuk.sync import services
from rembuk.sync.models import NodeToken


class Command(BaseCommand):
    help = "On the hub: issue a node token for a region (printed once), list or revoke tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", help="Region code the node may sync, e.g. 53.18.11")
        parser.add_argument("--label", default="", help="A name to recognise the node by")
        parser.add_argument("--list", action="store_true", help="List tokens")
        parser.add_argument("--revoke", type=int, help="Revoke the token with this id")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for token in NodeToken.objects.all():
                state = "revoked" if token.revoked_at else "active"
                pending = services.token_pending(token)
                self.stdout.write(
                    f"{token.pk}\t{token.region_code}\t{token.node_id or '-'}\t{state}\t"
                    f"last seen {token.last_seen_at or '-'}\tpending {pending}\t{token.label}"
                )
            return
        if options["revoke"]:
            revoked = NodeToken.objects.filter(pk=options["revoke"]).first()
            if revoked is None:
                raise CommandError(f"No token {options['revoke']}.")
            services.token_revoke(token=revoked)
            self.stdout.write(f"Token {revoked.pk} revoked.")
            return
        if not options["region"]:
            raise CommandError("Give --region CODE (or --list, --revoke ID).")
        try:
            token, plain = services.token_issue(
                region_code=options["region"], label=options["label"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(plain)
