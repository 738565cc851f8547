"""Create an editor: a staff user in the Editors group, with a password nobody else chose."""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

EDITORS = "Editors"
REVIEWERS = "Reviewers"
PASSWORD_VARIABLE = "EDITOR_PASSWORD"
ATTEMPTS = 3


class Command(BaseCommand):
    help = (
        "Create an editor account: a staff user in the Editors group (content only, no user management). "
        f"Asks for the password twice, or reads it from ${PASSWORD_VARIABLE} (for automation)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="The editor's e-mail address.")
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            default=PASSWORD_VARIABLE,
            help=f"Environment variable holding the password when set (default {PASSWORD_VARIABLE}).",
        )
        parser.add_argument(
            "--reviewer",
            action="store_true",
            help=f"Also put the editor in the {REVIEWERS} group: may publish, and approve others' drafts.",
        )
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Never prompt: fail when the variable is unset.",
        )

    def handle(self, *, username, email, password_from_env, interactive, verbosity, reviewer=False, **options):
        User = get_user_model()
        if User._default_manager.filter(**{User.USERNAME_FIELD: username}).exists():
            raise CommandError(f"a user named {username!r} exists already")
        names = [EDITORS, REVIEWERS] if reviewer else [EDITORS]
        groups = list(Group.objects.filter(name__in=names))
        if len(groups) != len(names):
            missing = sorted(set(names) - {group.name for group in groups})
            raise CommandError(f"there is no {missing[0]!r} group: run `manage.py migrate` first")
        user = User(**{User.USERNAME_FIELD: username}, email=email, is_staff=True)
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        password = os.environ.get(password_from_env)
        if password is not None:
            self.check_password(password, user)
        elif interactive and sys.stdin.isatty():
            password = self.ask_password(user)
        else:
            raise CommandError(f"no password: set ${password_from_env}, or run the command in a terminal")
        user.set_password(password)
        with transaction.atomic():
            user.save()
            user.groups.add(*groups)
        if verbosity:
            role = "Reviewer" if reviewer else "Editor"
            self.stdout.write(self.style.SUCCESS(f"{role} {username!r} created: sign in at /admin/."))

    def check_password(self, password, user):
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("the password is refused: " + " ".join(error.messages)) from None

    def ask_password(self, user):
        """Ask for the password twice, until it is valid and both match (a few attempts)."""
        for _ in range(ATTEMPTS):
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The two passwords differ.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return password
        raise CommandError("no valid password given")
