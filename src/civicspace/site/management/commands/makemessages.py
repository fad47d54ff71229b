"""Django's makemessages, also collecting the core's plural mark `_n` (`core/messages.py`).

`_` is one of xgettext's own Python keywords already; `_n(singular, plural, count)` is ours.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_n:1,2"]
