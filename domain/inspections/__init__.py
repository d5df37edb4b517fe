"""Inspections: factories, inspection visits and the certification their outcomes decide."""
