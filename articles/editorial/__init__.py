"""What editors work with besides the admin classes: forms, body checks, diffs, optimistic locking."""
