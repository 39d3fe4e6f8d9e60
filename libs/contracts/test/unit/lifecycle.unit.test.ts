import { roles, type Role } from '../../src/common.schema';
import {
  LifecycleErrors,
  applyAction,
  dossierStates,
  finalStates,
  lifecycleActions,
  lifecycleTransitions,
  nextState,
  type DossierState,
  type LifecycleAction,
  type Tracked,
} from '../../src/lifecycle';

const at = new Date('2026-11-25T03:00:00.000Z');
const entity = (state: DossierState): Tracked & { id: string } => ({ id: 'D1', state, centreId: 'hue-phong-dien', history: [] });

const rule = (action: LifecycleAction) => lifecycleTransitions[action] as { from: readonly DossierState[]; roles: readonly Role[]; to: DossierState | 'unchanged' };

describe('the dossier lifecycle table', () => {
  const allowed = lifecycleActions.flatMap((action) => rule(action).from.flatMap((state) => rule(action).roles.map((role) => [action, state, role] as const)));
  const wrongState = lifecycleActions.flatMap((action) =>
    dossierStates.filter((state) => !rule(action).from.includes(state)).map((state) => [action, state, rule(action).roles[0] as Role] as const),
  );
  const wrongRole = lifecycleActions.flatMap((action) =>
    roles.filter((role) => !rule(action).roles.includes(role)).map((role) => [action, rule(action).from[0] as DossierState, role] as const),
  );

  it.each(allowed)('when %s is done in %s by %s, then the dossier moves as the table says and the step is in its history', (action, state, role) => {
    const expected = rule(action).to === 'unchanged' ? state : rule(action).to;
    const next = applyAction(entity(state), action, { role, id: 'officer-1' }, at, { reason: 'why', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    expect(next.state).toBe(expected);
    expect(next.history).toEqual([
      { action, from: state, to: expected, at: at.toISOString(), role, actorId: 'officer-1', centreId: 'hue-phong-dien', traceId: '0af7651916cd43dd8448eb211c80319c', reason: 'why' },
    ]);
  });

  it.each(wrongState)('when %s is attempted in %s, then it is refused as an invalid transition and the dossier is unchanged', (action, state, role) => {
    const before = entity(state);
    const snapshot = structuredClone(before);
    expect(() => applyAction(before, action, { role }, at)).toThrow(expect.objectContaining({ code: LifecycleErrors.INVALID_TRANSITION, status: 409 }));
    expect(before).toEqual(snapshot);
  });

  it.each(wrongRole)('when %s is attempted in %s by role %s, then it is refused as a forbidden role and the dossier is unchanged', (action, state, role) => {
    const before = entity(state);
    const snapshot = structuredClone(before);
    expect(() => applyAction(before, action, { role }, at)).toThrow(expect.objectContaining({ code: LifecycleErrors.ROLE_NOT_ALLOWED, status: 403 }));
    expect(before).toEqual(snapshot);
  });

  it('when a dossier is returned or withdrawn, then no action of any role applies to it any more', () => {
    for (const state of finalStates) {
      for (const action of lifecycleActions) {
        for (const role of roles) expect(() => nextState(state, action, role)).toThrow();
      }
    }
  });

  it('when the table is read, then every state but RECEIVED is reachable and every non-final state has a way out', () => {
    const reachable = new Set(lifecycleActions.map((a) => rule(a).to).filter((to): to is DossierState => to !== 'unchanged'));
    expect(dossierStates.filter((s) => s !== 'RECEIVED' && !reachable.has(s))).toEqual([]);
    const leaving = (state: DossierState) => lifecycleActions.some((a) => rule(a).from.includes(state) && rule(a).to !== 'unchanged' && rule(a).to !== state);
    expect(dossierStates.filter((s) => !finalStates.includes(s) && !leaving(s))).toEqual([]);
  });
});
