"""In-memory OpenTelemetry for tests: an SDK tracer provider with an InMemorySpanExporter and
a meter provider with an InMemoryMetricReader, passed to clients explicitly (the global
providers can be set only once per process)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter


@attrs.frozen
class Point:
    """One data point of one metric: its labels and its value (sum, gauge value or
    histogram count with bucket bounds and counts)."""

    labels: Mapping[str, Any]
    value: float
    bounds: tuple[float, ...] = ()
    bucket_counts: tuple[int, ...] = ()
    sum: float = 0.0


class InMemoryOtel:
    """Everything the clients built with `settings` emit, readable after the calls.

    Usage: `otel = InMemoryOtel(); Mistral(**otel.settings)...; otel.spans(), otel.points(name)`
    """

    def __init__(self) -> None:
        self.exporter = InMemorySpanExporter()
        self.tracer_provider = TracerProvider()
        self.tracer_provider.add_span_processor(SimpleSpanProcessor(self.exporter))
        self.reader = InMemoryMetricReader()
        self.meter_provider = MeterProvider(metric_readers=[self.reader])

    @property
    def settings(self) -> dict[str, Any]:
        return {"tracer_provider": self.tracer_provider, "meter_provider": self.meter_provider}

    def spans(self) -> list[ReadableSpan]:
        return list(self.exporter.get_finished_spans())

    def calls(self) -> list[ReadableSpan]:
        """The call spans (not the per-attempt children), in the order they ended."""
        return [
            span
            for span in self.spans()
            if span.name.startswith("mistral.client.") and not span.name.endswith(".attempt")
        ]

    def children(self, parent: ReadableSpan) -> list[ReadableSpan]:
        parent_id = parent.context.span_id if parent.context is not None else None
        return [
            span
            for span in self.spans()
            if span.parent is not None and span.parent.span_id == parent_id
        ]

    def metrics(self) -> dict[str, list[Point]]:
        """Metric name -> its data points, as collected now (cumulative)."""
        collected: dict[str, list[Point]] = {}
        data = self.reader.get_metrics_data()
        for resource_metrics in data.resource_metrics if data is not None else ():
            for scope_metrics in resource_metrics.scope_metrics:
                for metric in scope_metrics.metrics:
                    points = collected.setdefault(metric.name, [])
                    for point in metric.data.data_points:
                        points.append(_point(point))
        return collected

    def texts(self) -> list[str]:
        """Every span (name, attributes, events, status, links) and every metric (names,
        labels, values) as JSON text, for searching."""
        texts = [span.to_json() for span in self.spans()]
        data = self.reader.get_metrics_data()
        if data is not None:
            texts.append(data.to_json())
        return texts


def _point(point: Any) -> Point:
    labels = dict(point.attributes or {})
    if hasattr(point, "bucket_counts"):
        return Point(
            labels,
            point.count,
            tuple(point.explicit_bounds),
            tuple(point.bucket_counts),
            point.sum,
        )
    return Point(labels, point.value)


def only(points: list[Point], **labels: Any) -> Point:
    """The one point whose labels include `labels`."""
    found = [p for p in points if all(p.labels.get(k) == v for k, v in labels.items())]
    assert len(found) == 1, (labels, [p.labels for p in points])
    return found[0]
