"""Traceability: export lots, where they were made, and where they go."""
