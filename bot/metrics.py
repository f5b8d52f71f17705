"""Optional Prometheus metrics (CLAIMWATCH_METRICS_PORT): polls, failures, items, alerts,
deliveries, the outbox depth, and how the pollers share the sources: this process's role and
the leases it holds, the pollers alive, and the lag (how late the most overdue source is).
prometheus_client lives only here.

Counters are process-wide; the gauges are read from the database at scrape time (but the
leases this process holds), so they are right even after a restart.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, start_http_server
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from bot.poll import Poller

log = logging.getLogger("claimwatch.metrics")

REGISTRY = CollectorRegistry(auto_describe=True)
POLLS = Counter("claimwatch_polls", "Polls by source and outcome", ["source", "outcome"], registry=REGISTRY)
ITEMS = Counter("claimwatch_items_new", "New items stored", ["source"], registry=REGISTRY)
REVISIONS = Counter("claimwatch_revisions_new", "Material text changes stored", ["source"], registry=REGISTRY)
ALERTS = Counter("claimwatch_alerts", "Alerts raised by kind", ["kind"], registry=REGISTRY)
DELIVERIES = Counter("claimwatch_deliveries", "Delivery attempts by outcome", ["outcome"], registry=REGISTRY)


class _DatabaseGauges(Collector):
    def __init__(self, db_path: str, role: str, poller: Poller | None) -> None:
        self.db_path = db_path
        self.role = role
        self.poller = poller

    def collect(self) -> Iterator[GaugeMetricFamily]:
        import storage.deliveries
        import storage.health
        import storage.leases
        from bot import decide
        from bot.clock import iso, utcnow
        from bot.poll import lease_seconds
        from storage.db import open_db

        role = GaugeMetricFamily("claimwatch_role", "This process's role (run --role)", labels=["role"])
        role.add_metric([self.role], 1)
        yield role
        held = self.poller.held if self.poller is not None else 0
        yield GaugeMetricFamily("claimwatch_leases_held", "Sources this process holds leases on", value=held)
        try:
            db = open_db(self.db_path, migrate=False)
            try:
                pending = storage.deliveries.pending_count(db)
                failing = storage.health.failing_count(db)
                now = utcnow()
                sharing = storage.leases.status(db, iso(now))
            finally:
                db.close()
        except Exception as exc:  # a scrape must never take the process down
            log.warning("metrics: cannot read the database: %s", exc)
            return
        lease = self.poller.lease if self.poller is not None else lease_seconds()
        alive = sum(decide.alive(p.seen_at, now, lease) for p in sharing.pollers)
        yield GaugeMetricFamily("claimwatch_outbox_pending", "Deliveries waiting to be sent", value=pending)
        yield GaugeMetricFamily("claimwatch_sources_failing", "Sources whose last poll failed", value=failing)
        yield GaugeMetricFamily("claimwatch_sources_leased", "Sources leased to a poller now", value=sharing.leased)
        yield GaugeMetricFamily("claimwatch_pollers_alive", "Pollers that renewed within a lease", value=alive)
        yield GaugeMetricFamily(
            "claimwatch_poll_lag_seconds",
            "How late the most overdue source is (0: every due source is being polled)",
            value=decide.lag(sharing.oldest_due, now),
        )


def serve(port: int, db_path: str, *, role: str = "all", poller: Poller | None = None) -> None:
    """Expose /metrics on 0.0.0.0:`port` in a background thread."""
    REGISTRY.register(_DatabaseGauges(db_path, role, poller))
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
