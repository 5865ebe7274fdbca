"""The app shell shared by every page: i18n, the filter bar and its URL, and common widgets."""
