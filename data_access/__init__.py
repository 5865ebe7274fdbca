"""Named queries over the governance database: each takes a Filter and returns a DataFrame."""
