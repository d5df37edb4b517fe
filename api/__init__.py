"""Nishan's interfaces: HTTP API, public pages and QR codes, command line, settings and wiring."""
