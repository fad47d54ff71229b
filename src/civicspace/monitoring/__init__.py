"""Early warning: events Network Members record, their verification, and alerts."""
