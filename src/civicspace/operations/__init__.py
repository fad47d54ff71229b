"""Running a civicspace site: backup, restore, their check, and the field key's rotation."""
