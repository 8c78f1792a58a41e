"""Runs: every long job is a Run with an ordered event log that clients follow over graphql-ws."""
