"""A worker runs at most SEARCH_CONCURRENCY_PER_WORKER searches at once; a search that finds
every slot busy gets the 503 page with Retry-After instead of queueing without bound. The load
and fault script (scripts/load_and_fault.sh) measures the effect under 200 connections."""

import threading

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from iopguide.core.concurrency import limit_in_flight
from iopguide.directory.views import find


def search_held_until(finish, running):
    """A limited view that signals `running` when it starts and answers once `finish` is set."""

    @limit_in_flight
    def search(request):
        running.release()
        finish.wait(timeout=10)
        return HttpResponse("results")

    return search


def test_requests_over_the_limit_get_503_while_the_slots_are_busy(settings):
    settings.SEARCH_CONCURRENCY_PER_WORKER = 2
    settings.SEARCH_QUEUE_WAIT = 0
    running, finish = threading.Semaphore(0), threading.Event()
    search = search_held_until(finish, running)

    request = RequestFactory().get("/find-rehab/?near=22901")
    answers = []
    busy = [threading.Thread(target=lambda: answers.append(search(request))) for _ in range(2)]
    for thread in busy:
        thread.start()
    for _ in busy:
        assert running.acquire(timeout=10)  # both searches are running

    refused = search(request)
    finish.set()
    for thread in busy:
        thread.join()

    assert refused.status_code == 503
    assert refused["Retry-After"] == "30"
    assert [answer.status_code for answer in answers] == [200, 200]
    assert search(request).status_code == 200  # the slots are free again


@pytest.fixture
def find_rehab_slots_taken():
    slots = find.find_rehab.slots
    taken = 0
    while slots.acquire(blocking=False):
        taken += 1
    yield
    for _ in range(taken):
        slots.release()


@pytest.mark.django_db
def test_find_rehab_answers_503_at_once_when_its_slots_are_busy(
    client, settings, find_rehab_slots_taken
):
    settings.SEARCH_QUEUE_WAIT = 0

    response = client.get("/find-rehab/?near=22901")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "briefly unavailable" in response.content.decode()


def test_a_search_beyond_the_waiting_room_is_refused_without_waiting(settings):
    settings.SEARCH_CONCURRENCY_PER_WORKER = 1
    settings.SEARCH_QUEUE_DEPTH = 1
    settings.SEARCH_QUEUE_WAIT = 30  # a waiting search would hold its thread this long
    running, finish = threading.Semaphore(0), threading.Event()
    search = search_held_until(finish, running)

    request = RequestFactory().get("/find-rehab/?near=22901")
    answers = []
    first = threading.Thread(target=lambda: answers.append(search(request)))
    first.start()
    assert running.acquire(timeout=10)
    waiting = threading.Thread(target=lambda: answers.append(search(request)))
    waiting.start()
    while search.admissions._value:  # the second search has taken the one waiting place
        threading.Event().wait(0.01)

    refused = search(request)  # answered at once: SEARCH_QUEUE_WAIT is 30 s
    finish.set()
    first.join()
    waiting.join()

    assert refused.status_code == 503
    assert refused["Retry-After"] == "30"
    assert sorted(answer.status_code for answer in answers) == [200, 200]
