"""Printable summaries: pages as text, HTML, PDF."""
