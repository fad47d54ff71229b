"""civicspace: assess, review and publish the enabling environment for civil society."""

__version__ = "0.1.0"
