"""Transcript cleanup and normalization: repair, normalize, correct, segment, write.

The stages are plain functions over :class:`pipeline.document.Document`; see
:func:`pipeline.core.clean_document` for the whole chain without any orchestration.
"""
__version__ = "0.1.0"
