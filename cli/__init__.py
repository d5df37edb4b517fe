"""The console: `nishan serve`, the demo, the first administrator, and the projection worker."""
