"""Ledger import: a township's Excel 台账 (and CSV) into the governance database, all or nothing, idempotent."""
