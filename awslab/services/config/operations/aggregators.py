"""Aggregator operations."""
