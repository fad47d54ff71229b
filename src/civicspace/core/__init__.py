"""The domain core: framework editions, scoring and statistics, free of Django."""
