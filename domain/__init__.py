"""Nishan's write side: aggregates and eventsourcing applications, a package per bounded context."""
