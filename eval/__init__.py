"""Scoring of converted records against the hand-labelled gold set (CONTRACT.md section 5)."""
