"""The quiz engine: drawing questions, attempts and scoring. No UI, no SQL."""
