"""Nishan's write side: aggregates and eventsourcing applications, one package per bounded context."""
