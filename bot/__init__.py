"""The Ecsite Discord bot: client, commands, views, CLI and settings. Answers come from `knowledge`."""
