"""Privacy: retention periods, `flask privacy purge` and the processing register (AVG art. 30)."""
