"""Walking every item of a paged list: which page to ask for next, and when to stop.

The decision is pure and shared; the sync and async iterators only differ in how they
fetch a page. Pages are numbered from 0 as the API does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

import attrs

from mistral_generated.types import Unset

from ._validation import positive_int

Item = TypeVar("Item")
Item_co = TypeVar("Item_co", covariant=True)
Page = TypeVar("Page")

DEFAULT_PAGE_SIZE = 100
# Guards against a server that keeps answering full pages forever.
MAX_PAGES = 10_000


@attrs.define
class Pager:
    """Tracks position in a paged listing."""

    page_size: int = DEFAULT_PAGE_SIZE
    page: int = 0
    seen: int = 0

    def after(self, items: Sequence[Any], total: int | None) -> bool:
        """Record one fetched page; True if another page should be fetched."""
        self.seen += len(items)
        self.page += 1
        if len(items) < self.page_size or self.page >= MAX_PAGES:
            return False
        return total is None or self.seen < total


class ListPage(Protocol[Item_co]):
    """The `{data, total}` page shape of files, fine-tuning jobs and batch jobs."""

    @property
    def data(self) -> Sequence[Item_co] | Unset: ...
    @property
    def total(self) -> int | Unset | None: ...


def data_and_total(page: ListPage[Item]) -> tuple[Sequence[Item], int | None]:
    """Items and total of a `{data, total}` page (either may be missing)."""
    items = page.data if isinstance(page.data, list) else []
    return items, page.total if isinstance(page.total, int) else None


def start(filters: dict[str, Any]) -> Pager:
    """A pager for `filters` (which may carry page / page_size to start elsewhere)."""
    positive_int(filters, "page_size")
    positive_int(filters, "page", minimum=0)
    pager = Pager(
        page_size=filters.pop("page_size", None) or DEFAULT_PAGE_SIZE,
        page=filters.pop("page", None) or 0,
    )
    return pager


def iterate(
    fetch: Callable[..., Page],
    items_of: Callable[[Page], tuple[Sequence[Item], int | None]],
    filters: dict[str, Any],
) -> Iterator[Item]:
    """Every item, fetching pages lazily with `fetch(page=, page_size=, **filters)`."""
    pager = start(filters)
    more = True
    while more:
        items, total = items_of(fetch(page=pager.page, page_size=pager.page_size, **filters))
        yield from items
        more = pager.after(items, total)


async def aiterate(
    fetch: Callable[..., Awaitable[Page]],
    items_of: Callable[[Page], tuple[Sequence[Item], int | None]],
    filters: dict[str, Any],
) -> AsyncIterator[Item]:
    """Async twin of `iterate`: the same pager, awaiting each page."""
    pager = start(filters)
    more = True
    while more:
        page = await fetch(page=pager.page, page_size=pager.page_size, **filters)
        items, total = items_of(page)
        for item in items:
            yield item
        more = pager.after(items, total)
