import { demoDossier, parseDemoArgs } from '../src/demo-command';

describe('motcua demo', () => {
  it('when no option is given, then it talks to intake and tracking on localhost; given URLs lose a trailing slash', () => {
    expect(parseDemoArgs([])).toEqual({ intakeUrl: 'http://localhost:8081', trackingUrl: 'http://localhost:8086' });
    expect(parseDemoArgs(['--intake-url', 'http://intake:8081/', '--tracking-url', 'http://tracking:8086'])).toEqual({
      intakeUrl: 'http://intake:8081',
      trackingUrl: 'http://tracking:8086',
    });
  });

  it('when an option is unknown or a URL is not http(s), then the usage is shown', () => {
    expect(() => parseDemoArgs(['--intake-url', 'intake:8081'])).toThrow(/needs an http\(s\) URL/);
    expect(() => parseDemoArgs(['--portal-url', 'http://x'])).toThrow(/usage: motcua demo/);
  });

  it('when the demo dossier is built, then its applicant says it is sample data', () => {
    expect(demoDossier.applicant.fullName).toMatch(/dữ liệu mẫu/);
  });
});
