"""The audit trail: every change to a cycle's content or state, who made it and what it was."""
