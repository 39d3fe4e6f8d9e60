/**
 * Links a timeline step to its trace in the trace viewer. Built when answering, not
 * stored in the read model, so changing the viewer needs a restart, not a rebuild.
 */
import type { TimelineEntry } from '../../domain/dossier-view.entity';

export type LinkedTimelineEntry = TimelineEntry & { traceUrl?: string };

/** `template` holds `{traceId}`; an empty template means no viewer, hence no link. */
export function traceUrlFor(template: string, traceId: string | undefined): string | undefined {
  if (!template || !traceId) return undefined;
  return template.split('{traceId}').join(encodeURIComponent(traceId));
}

export function withTraceLinks(template: string, timeline: TimelineEntry[]): LinkedTimelineEntry[] {
  return timeline.map((entry) => {
    const traceUrl = traceUrlFor(template, entry.traceId);
    return traceUrl ? { ...entry, traceUrl } : entry;
  });
}
