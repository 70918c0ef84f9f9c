"""Discord UI views (buttons) attached to answers."""
