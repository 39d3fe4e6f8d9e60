import { isAppError } from '@motcua/errors';
import { assertSameCentre, findOfficer, handlesSector, loadCatalogue, officerFromHeader, type Officer } from '@motcua/catalogue';

const catalogue = loadCatalogue();

function thrown(call: () => unknown): { code: string; kind: string; status: number } {
  try {
    call();
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected a throw');
}

const officer = (id: string): Officer => {
  const found = findOfficer(catalogue, id);
  if (!found) throw new Error(`no sample officer ${id}`);
  return found;
};

describe('the officer named by x-officer-id', () => {
  it('when the header names a known officer, then role and centre come from the catalogue record', () => {
    expect(officerFromHeader(catalogue, 'pdn-courier-1')).toMatchObject({ id: 'pdn-courier-1', role: 'courier', centreId: 'hue-phong-dien' });
    expect(officerFromHeader(catalogue, [' klg-leader-1 '])).toMatchObject({ role: 'leader', centreId: 'hue-kim-long' });
  });

  it.each([[undefined], [''], ['   '], ['nobody-1']])('when the header is %p, then the request is refused as AUTH.UNKNOWN_OFFICER (401)', (header) => {
    expect(thrown(() => officerFromHeader(catalogue, header))).toMatchObject({ code: 'AUTH.UNKNOWN_OFFICER', kind: 'unauthorized', status: 401 });
  });
});

describe('acting on another centre', () => {
  it('when an officer acts on a dossier of their own centre, then it is allowed', () => {
    expect(() => assertSameCentre(officer('pdn-specialist-1'), 'hue-phong-dien')).not.toThrow();
  });

  it("when an officer acts on another centre's dossier, then it is refused as AUTH.WRONG_CENTRE (403)", () => {
    expect(thrown(() => assertSameCentre(officer('pdn-specialist-1'), 'hue-kim-long'))).toMatchObject({ code: 'AUTH.WRONG_CENTRE', kind: 'forbidden', status: 403 });
  });

  it('when the ops officer acts on any centre, then it is allowed', () => {
    expect(() => assertSameCentre(officer('hue-ops-1'), 'hue-kim-long')).not.toThrow();
  });
});

describe('sectors a specialist handles', () => {
  it('when a specialist lists sectors, then only those; when the list is empty, then all', () => {
    expect(handlesSector(officer('pdn-specialist-1'), 'Hộ tịch')).toBe(true);
    expect(handlesSector(officer('pdn-specialist-1'), 'Đất đai')).toBe(false);
    expect(handlesSector(officer('pdn-specialist-3'), 'Đất đai')).toBe(true);
    expect(handlesSector(officer('pdn-specialist-2'), 'Đất đai')).toBe(true);
  });
});
