from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rembuk.sync import selectors, tokens


class Command(BaseCommand):
    help = (
        "On the hub: issue a node token for a region (printed once), list or revoke tokens; "
        "--lost ID also replaces the passwords that node's laptop held."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", help="Region code the node may sync, e.g. 53.18.11")
        parser.add_argument("--label", default="", help="A name to recognise the node by")
        parser.add_argument("--list", action="store_true", help="List tokens")
        parser.add_argument("--revoke", type=int, help="Revoke the token with this id")
        parser.add_argument(
            "--lost",
            type=int,
            help="The laptop of this token was lost or stolen: revoke it and print new "
            "temporary passwords for the people whose credentials it held",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for row in selectors.tokens_overview(None):
                token = row.token
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(
                    f"{token.pk}\t{token.region_code}\t{token.node_id or '-'}\t{state}\t"
                    f"last seen {token.last_seen_at or '-'}\tpending {row.pending}\t{token.label}"
                )
            return
        if options["revoke"] or options["lost"]:
            pk = options["lost"] or options["revoke"]
            found = selectors.tokens_for(None).filter(pk=pk).first()
            if found is None:
                raise CommandError(f"No token {pk}.")
            if options["lost"]:
                for item in tokens.token_revoke_lost(token=found, actor=None):
                    self.stdout.write(f"{item.person.username}\t{item.temporary_password}")
            else:
                tokens.token_revoke(token=found, actor=None)
            self.stdout.write(f"Token {found.pk} revoked.")
            return
        if not options["region"]:
            raise CommandError("Give --region CODE (or --list, --revoke ID, --lost ID).")
        try:
            _token, plain = tokens.token_issue(
                region_code=options["region"], label=options["label"], actor=None
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(plain)
