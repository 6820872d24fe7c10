"""Extractors: stages that read a segmented `Document` and fill its metadata and tasks."""
