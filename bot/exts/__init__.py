"""Bot extensions, one per feature; each module ends with `async def setup(bot)`."""
