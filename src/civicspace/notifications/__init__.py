"""Notifications: who is told what about a cycle, in the inbox and by e-mail."""
