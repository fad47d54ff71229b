"""The accounts app; a role saved or deleted is read again by the request that changed it."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _role_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    from civicspace.accounts.permissions import roles_forget

    roles_forget()


class AccountsConfig(AppConfig):
    name = "civicspace.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        # A role granted or revoked within a request counts for the rest of it, too.
        role = self.get_model("Role")
        post_save.connect(_role_changed, sender=role, dispatch_uid="roles-forget-saved")
        post_delete.connect(_role_changed, sender=role, dispatch_uid="roles-forget-deleted")
