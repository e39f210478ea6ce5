"""The content service's ports."""

from __future__ import annotations

from abc import ABC, abstractmethod

from kith_content.domain.posts import Post


class PostRepository(ABC):
    @abstractmethod
    async def add(self, post: Post) -> None:
        """Store the post and its PostPublished event in one transaction."""
