"""Chain of custody: tables."""
