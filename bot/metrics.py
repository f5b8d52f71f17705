"""Optional Prometheus metrics (CLAIMWATCH_METRICS_PORT): polls, failures, items, alerts,
deliveries and the outbox depth. prometheus_client lives only here.

Counters are process-wide; the outbox depth and failing sources are read from the database
at scrape time, so they are right even after a restart.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, start_http_server
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

log = logging.getLogger("claimwatch.metrics")

REGISTRY = CollectorRegistry(auto_describe=True)
POLLS = Counter("claimwatch_polls", "Polls by source and outcome", ["source", "outcome"], registry=REGISTRY)
ITEMS = Counter("claimwatch_items_new", "New items stored", ["source"], registry=REGISTRY)
REVISIONS = Counter("claimwatch_revisions_new", "Material text changes stored", ["source"], registry=REGISTRY)
ALERTS = Counter("claimwatch_alerts", "Alerts raised by kind", ["kind"], registry=REGISTRY)
DELIVERIES = Counter("claimwatch_deliveries", "Delivery attempts by outcome", ["outcome"], registry=REGISTRY)


class _DatabaseGauges(Collector):
    def __init__(self, db_path: str) -> None:
        self.db_path = db_path

    def collect(self) -> Iterator[GaugeMetricFamily]:
        import storage.deliveries
        import storage.health
        from storage.db import open_db

        try:
            db = open_db(self.db_path, migrate=False)
            try:
                pending = storage.deliveries.pending_count(db)
                failing = storage.health.failing_count(db)
            finally:
                db.close()
        except Exception as exc:  # a scrape must never take the process down
            log.warning("metrics: cannot read the database: %s", exc)
            return
        yield GaugeMetricFamily("claimwatch_outbox_pending", "Deliveries waiting to be sent", value=pending)
        yield GaugeMetricFamily("claimwatch_sources_failing", "Sources whose last poll failed", value=failing)


def serve(port: int, db_path: str) -> None:
    """Expose /metrics on 0.0.0.0:`port` in a background thread."""
    REGISTRY.register(_DatabaseGauges(db_path))
    start_http_server(port, registry=REGISTRY)
    log.info("metrics on :%d/metrics", port)


def observe_poll(
    source: str, outcome: str, new_items: int = 0, revisions: int = 0, alert_kinds: list[str] | None = None
) -> None:
    POLLS.labels(source=source, outcome=outcome).inc()
    if new_items:
        ITEMS.labels(source=source).inc(new_items)
    if revisions:
        REVISIONS.labels(source=source).inc(revisions)
    for kind in alert_kinds or []:
        ALERTS.labels(kind=kind).inc()
