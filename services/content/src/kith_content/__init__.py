"""Kith content service: posts, threaded comments, reactions, shares, mentions and hashtags."""
