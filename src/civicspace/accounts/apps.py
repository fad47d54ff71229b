from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "civicspace.accounts"
    verbose_name = "Accounts and roles"
