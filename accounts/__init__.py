"""Accounts, sign-in sessions and the audit trail: who may see what of the cockpit, and what they did."""
