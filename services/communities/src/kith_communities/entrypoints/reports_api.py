"""CommunitiesService's report RPCs (mixed into CommunitiesServicer)."""

from __future__ import annotations

from kith.communities.v1 import communities_pb2
from kith_communities.adapters.postgres_reports import ACTION_TO_PROTO, TARGET_TO_PROTO
from kith_communities.service_layer.reports import ReportHandlers
from kith_platform.auth import caller_id
from kith_platform.events import timestamp

REPORT_TARGETS = {v: k for k, v in TARGET_TO_PROTO.items()}
REPORT_ACTIONS = {v: k for k, v in ACTION_TO_PROTO.items()}


class ReportRpcs:
    """Report, ListReports and ResolveReport; the servicer sets `reports`."""

    reports: ReportHandlers

    async def Report(self, request, context):
        report_id = await self.reports.report(
            caller_id(context),
            request.community_id,
            REPORT_TARGETS.get(request.target, ""),
            request.target_id,
            request.reason,
        )
        return communities_pb2.ReportResponse(report_id=report_id)

    async def ListReports(self, request, context):
        page, cursor = await self.reports.queue(
            caller_id(context), request.community_id, request.page_size, request.cursor
        )
        return communities_pb2.ListReportsResponse(
            reports=[
                communities_pb2.ModerationReport(
                    report_id=r.report_id,
                    reporter_id=r.reporter_id,
                    target=TARGET_TO_PROTO[r.target],
                    target_id=r.target_id,
                    reason=r.reason,
                    reported_at=timestamp(r.reported_at),
                )
                for r in page
            ],
            next_cursor=cursor,
        )

    async def ResolveReport(self, request, context):
        duration = request.duration.seconds + request.duration.nanos / 1e9 if request.HasField("duration") else None
        await self.reports.resolve(
            caller_id(context),
            request.community_id,
            request.report_id,
            REPORT_ACTIONS.get(request.action, ""),
            request.user_id,
            duration,
            request.note,
        )
        return communities_pb2.ResolveReportResponse()
