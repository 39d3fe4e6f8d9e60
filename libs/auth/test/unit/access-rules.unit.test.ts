import { isAppError } from '@motcua/errors';
import { assertCentre, authorize, listCentreOf, officerRolesAmong, type Access, type IntegratorPrincipal, type OfficerPrincipal } from '@motcua/auth';

const officer = (role: OfficerPrincipal['role'], centreId = 'hue-phong-dien'): OfficerPrincipal => ({ kind: 'officer', id: `${role}-1`, role, centreId });
const key = (centres: IntegratorPrincipal['centres'], operations: IntegratorPrincipal['operations'] = ['dossiers:read']): IntegratorPrincipal => ({ kind: 'integrator', keyId: 'k1', integratorId: 'portal', centres, operations });

function codeOf(call: () => unknown): string | undefined {
  try {
    call();
    return undefined;
  } catch (error) {
    if (isAppError(error)) return `${error.status} ${error.code}`;
    throw error;
  }
}

describe('what a route admits', () => {
  const leadersOrReaders: Access = { officers: ['leader'], integrators: 'dossiers:read' };

  it('when no credentials come to a protected route, then 401 AUTH.UNAUTHENTICATED; a public route lets anyone in', () => {
    expect(codeOf(() => authorize(leadersOrReaders, undefined))).toBe('401 AUTH.UNAUTHENTICATED');
    expect(codeOf(() => authorize({ public: 'a probe' }, undefined))).toBeUndefined();
  });

  it('when an officer of another role or a key without the operation calls, then 403; the admitted ones pass', () => {
    expect(codeOf(() => authorize(leadersOrReaders, officer('specialist')))).toBe('403 AUTH.ROLE_NOT_ALLOWED');
    expect(codeOf(() => authorize(leadersOrReaders, key('all', ['webhooks:manage'])))).toBe('403 AUTH.OPERATION_NOT_ALLOWED');
    expect(codeOf(() => authorize({ officers: ['ops'] }, key('all')))).toBe('403 AUTH.OPERATION_NOT_ALLOWED');
    expect(codeOf(() => authorize(leadersOrReaders, officer('leader')))).toBeUndefined();
    expect(codeOf(() => authorize(leadersOrReaders, key(['hue-kim-long'])))).toBeUndefined();
  });

  it('when a route lets a signed link through, then an anonymous caller passes to the route, which checks the link', () => {
    expect(authorize({ ...leadersOrReaders, anonymousWhen: 'a signed link' }, undefined)).toBeUndefined();
  });

  it('when a lifecycle rule names actors, then the officer roles among them are what its route admits', () => {
    expect(officerRolesAmong(['reception', 'integrator', 'citizen', 'system', 'leader'])).toEqual(['reception', 'leader']);
  });
});

describe('the centre rule', () => {
  it("when an officer reads or acts on their own centre's dossier, then it is allowed; another centre's is 403 AUTH.WRONG_CENTRE", () => {
    expect(codeOf(() => assertCentre(officer('specialist'), 'hue-phong-dien', 'act'))).toBeUndefined();
    expect(codeOf(() => assertCentre(officer('specialist'), 'hue-kim-long', 'read'))).toBe('403 AUTH.WRONG_CENTRE');
    expect(codeOf(() => assertCentre(officer('leader'), 'hue-kim-long', 'act'))).toBe('403 AUTH.WRONG_CENTRE');
  });

  it("when ops read another centre's dossier, then it is allowed; acting on it is not", () => {
    expect(codeOf(() => assertCentre(officer('ops'), 'hue-kim-long', 'read'))).toBeUndefined();
    expect(codeOf(() => assertCentre(officer('ops'), 'hue-kim-long', 'act'))).toBe('403 AUTH.WRONG_CENTRE');
  });

  it('when a key is scoped to centres, then it reaches those only; a key for all reaches every one', () => {
    expect(codeOf(() => assertCentre(key(['hue-kim-long']), 'hue-kim-long', 'act'))).toBeUndefined();
    expect(codeOf(() => assertCentre(key(['hue-kim-long']), 'hue-phong-dien', 'read'))).toBe('403 AUTH.WRONG_CENTRE');
    expect(codeOf(() => assertCentre(key('all'), 'hue-phong-dien', 'act'))).toBeUndefined();
  });

  it('when a list names no centre, then an officer sees their own, ops and an all-centres key every one, a key of one centre that one; a key of several must name one', () => {
    expect(listCentreOf(officer('reception'), undefined)).toBe('hue-phong-dien');
    expect(listCentreOf(officer('ops'), undefined)).toBeUndefined();
    expect(listCentreOf(key('all'), undefined)).toBeUndefined();
    expect(listCentreOf(key(['hue-kim-long']), undefined)).toBe('hue-kim-long');
    expect(codeOf(() => listCentreOf(key(['hue-kim-long', 'hue-an-cuu']), undefined))).toBe('400 AUTH.CENTRE_REQUIRED');
    expect(listCentreOf(key(['hue-kim-long', 'hue-an-cuu']), 'hue-an-cuu')).toBe('hue-an-cuu');
    expect(codeOf(() => listCentreOf(officer('reception'), 'hue-kim-long'))).toBe('403 AUTH.WRONG_CENTRE');
  });
});
