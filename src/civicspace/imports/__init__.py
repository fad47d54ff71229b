"""Reading and validating imported files (CSV, XLSX) into typed rows; no Django here."""
