"""Stories: same-story similarity between articles (clustering builds on it)."""
