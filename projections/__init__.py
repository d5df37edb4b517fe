"""Nishan's read side: views built from the event logs, kept exactly once, rebuildable at will."""
