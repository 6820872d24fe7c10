"""Extractors: stages that read a segmented `Document` and fill its metadata and tasks."""

# The pipeline package imports its extractor stages; loading it first lets an extractor module
# be imported on its own without meeting itself half-initialized through that cycle.
import pipeline  # noqa: F401
