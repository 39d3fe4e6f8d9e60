import { parseRebuildArgs, rebuildSummary } from '../src/tracking-command';

describe('motcua tracking rebuild arguments', () => {
  it('when no option is given, then the bus decides the quiet period and nothing is forced', () => {
    expect(parseRebuildArgs([])).toEqual({ force: false });
  });

  it('when options are given, then the timeout is read in seconds and the quiet period in milliseconds', () => {
    expect(parseRebuildArgs(['--quiet-ms', '2000', '--timeout-s', '60', '--force'])).toEqual({ quietMs: 2000, timeoutMs: 60_000, force: true });
  });

  it('when an option is unknown or a number is not one, then the usage is shown', () => {
    expect(() => parseRebuildArgs(['--fast'])).toThrow(/usage: motcua tracking rebuild/);
    expect(() => parseRebuildArgs(['--quiet-ms', 'soon'])).toThrow(/whole number/);
  });

  it('when the rebuild reports, then the summary counts identical, changed, added and removed views', () => {
    const text = rebuildSummary({ groupId: 'tracking-rebuild-1', eventsRead: 24, eventsProjected: 24, missing: 0, durationMs: 1500, before: 3, after: 4, changed: 1, added: 1, removed: 0, lateSteps: 0 });
    expect(text).toContain('events read 24, projected 24');
    expect(text).toContain('dossiers before 3, after 4: 1 changed, 1 added, 0 removed, 2 identical');
  });
});
