"""Accounts: who may act in Nishan, in which role, and the bearer tokens they act with."""
