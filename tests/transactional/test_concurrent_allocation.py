"""Two allocation runs at the same moment, on two connections: only one counts."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from quire.earnings.models import LedgerEntry
from quire.earnings.services import EarningsError, balance, earnings_allocate_month, revenue_enter
from tests.earnings.test_ledger import MONTH, impressions, member

# serialized_rollback: the database starts from what migrations made (root page, registry),
# whatever the tests before emptied.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
def test_two_allocation_runs_at_once_cannot_both_count(operator, networks):
    x = member("Xena")
    impressions(1, x, networks[0], 1)
    revenue = revenue_enter(operator, month=MONTH, network=networks[0], amount="10.00")
    results, barrier = [], threading.Barrier(2)

    def run():
        from django.db import connections

        barrier.wait()
        try:
            earnings_allocate_month(operator, revenue)
            results.append("ok")
        except EarningsError as error:
            results.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("ok") == 1
    assert "allocated already" in next(r for r in results if r != "ok")
    assert LedgerEntry.objects.filter(revenue=revenue).count() == 2
    assert balance(x) == Decimal("6.00")
