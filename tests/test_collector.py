"""While a document is made the young generation is collected less often; the caller's
thresholds always come back (nested, across threads, after an error), and collection never stops."""
import gc
import threading

import pytest

from edureport.core.collector import YOUNG_THRESHOLD, fewer_collections
from edureport.pipeline import Pipeline


@pytest.fixture
def default_thresholds():
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*saved)


def test_thresholds_are_raised_while_a_document_is_made_and_restored_after(default_thresholds):
    seen = []
    pipeline = Pipeline()
    original = pipeline.compose

    def compose(*args, **kwargs):
        seen.append(gc.get_threshold())
        return original(*args, **kwargs)

    pipeline.compose = compose
    rendered = pipeline.run("examples/school-summary.yaml")
    assert seen == [(YOUNG_THRESHOLD, 10, 10)]
    assert gc.isenabled() and gc.get_threshold() == (700, 10, 10)
    rendered.to_docx()
    assert gc.get_threshold() == (700, 10, 10)


def test_nested_and_failing_renders_restore_the_callers_thresholds(default_thresholds):
    with fewer_collections():
        with pytest.raises(RuntimeError), fewer_collections():
            raise RuntimeError("a render that fails")
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD  # the outer document is still being made
    assert gc.get_threshold() == (700, 10, 10)


def test_threads_restore_thresholds_only_when_the_last_document_is_done(default_thresholds):
    inside, release = threading.Event(), threading.Event()

    def slow_document():
        with fewer_collections():
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=slow_document)
    worker.start()
    inside.wait(5)
    with fewer_collections():
        pass
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD  # the other thread's document is not done
    release.set()
    worker.join(5)
    assert gc.get_threshold() == (700, 10, 10)


def test_collection_turned_off_by_the_caller_stays_as_it_was():
    saved = gc.get_threshold()
    gc.set_threshold(0)
    try:
        with fewer_collections():
            assert gc.get_threshold()[0] == 0
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*saved)


def test_cyclic_garbage_made_during_a_document_is_still_collected(default_thresholds):
    class Node:
        def __init__(self):
            self.me = self

    before = gc.get_stats()[0]["collections"]
    with fewer_collections():
        for _ in range(3 * YOUNG_THRESHOLD):
            Node()
    assert gc.get_stats()[0]["collections"] > before


def test_a_process_forked_during_a_document_starts_with_the_callers_thresholds(default_thresholds):
    import multiprocessing

    def child(queue):
        with fewer_collections():  # its own document: counted from zero, with a lock of its own
            pass
        queue.put(gc.get_threshold())

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    with fewer_collections():
        process = context.Process(target=child, args=(queue,))
        process.start()
        thresholds = queue.get(timeout=10)
        process.join(10)
    assert thresholds == (700, 10, 10)
