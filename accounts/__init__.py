"""Who may use the cockpit, with which role and over which villages."""
