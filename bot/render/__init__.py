"""Renderings of one `Answer`: plain text and JSON here; the Discord embed in `bot.render.embed`.

This package's `__init__` must not import discord: the CLI renders without it.
"""
