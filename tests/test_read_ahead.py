"""The import's read-ahead thread: items in order, errors in their place, and no thread left behind."""

import threading

import pytest

from frontmap.store.base import read_ahead


def test_items_come_in_order_and_an_error_comes_in_its_place():
    def items():
        yield from range(5)
        raise ValueError("line 7: bad date")

    got = []
    with pytest.raises(ValueError, match="line 7"):
        for item in read_ahead(items(), depth=2):
            got.append(item)
    assert got == [0, 1, 2, 3, 4]


def test_a_caller_that_stops_early_stops_the_thread_and_closes_the_source():
    closed = threading.Event()

    def items():
        try:
            n = 0
            while True:
                yield n
                n += 1
        finally:
            closed.set()

    reader = read_ahead(items(), depth=1)
    assert [next(reader) for _ in range(3)] == [0, 1, 2]
    reader.close()
    assert closed.wait(5)
    assert not [t for t in threading.enumerate() if t.name == "frontmap-read-ahead"]
