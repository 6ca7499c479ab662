"""Verification: run a notebook and the package it converts to, and compare the results."""
