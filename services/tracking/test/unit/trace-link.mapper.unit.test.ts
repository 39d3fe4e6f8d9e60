import { loadTrackingConfig, DEFAULT_TRACE_VIEWER_URL_TEMPLATE } from '../../src/config';
import { traceUrlFor, withTraceLinks } from '../../src/entry-points/http/trace-link.mapper';
import type { TimelineEntry } from '../../src/domain/dossier-view.entity';

describe('trace links on the timeline', () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

  it('when a template is set, then {traceId} is replaced by the step trace id', () => {
    expect(traceUrlFor(DEFAULT_TRACE_VIEWER_URL_TEMPLATE, traceId)).toBe(`http://localhost:16686/trace/${traceId}`);
    expect(traceUrlFor('https://grafana.example/explore?trace={traceId}&again={traceId}', traceId)).toBe(`https://grafana.example/explore?trace=${traceId}&again=${traceId}`);
  });

  it('when the template is empty or a step has no trace, then there is no link and the step is unchanged', () => {
    const entries: TimelineEntry[] = [
      { eventId: 'e1', name: 'DossierReceived', type: 't', service: 'intake', time: '2026-01-01T00:00:00.000Z', traceId, actorRole: 'officer' },
      { eventId: 'e2', name: 'DossierAssigned', type: 't', service: 'processing', time: '2026-01-01T00:01:00.000Z' },
    ];
    expect(withTraceLinks('', entries)).toEqual(entries);
    const linked = withTraceLinks(DEFAULT_TRACE_VIEWER_URL_TEMPLATE, entries);
    expect(linked[0]).toEqual({ ...entries[0], traceUrl: `http://localhost:16686/trace/${traceId}` });
    expect(linked[1]).toEqual(entries[1]);
  });

  it('when TRACE_VIEWER_URL_TEMPLATE is unset, empty or lacks {traceId}, then the default applies, links are off, or start-up fails naming it', () => {
    expect(loadTrackingConfig({}).TRACE_VIEWER_URL_TEMPLATE).toBe(DEFAULT_TRACE_VIEWER_URL_TEMPLATE);
    expect(loadTrackingConfig({ TRACE_VIEWER_URL_TEMPLATE: '' }).TRACE_VIEWER_URL_TEMPLATE).toBe('');
    expect(() => loadTrackingConfig({ TRACE_VIEWER_URL_TEMPLATE: 'http://jaeger/trace/' })).toThrow(/TRACE_VIEWER_URL_TEMPLATE/);
  });
});
