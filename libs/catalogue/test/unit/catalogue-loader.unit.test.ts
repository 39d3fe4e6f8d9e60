import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAppError } from '@motcua/errors';
import { defaultCatalogueDir, findCentre, findOfficer, findProcedure, findReceptionPoint, handlesSector, loadCatalogue, officersOf } from '@motcua/catalogue';
import { entries, shippedFiles, tempDir, writeFiles } from './catalogue-files.fixture';

let dir: string;
let remove: () => void;
beforeEach(() => ({ dir, remove } = tempDir()));
afterEach(() => remove());

function loadError(from: string): { code: string; message: string } {
  try {
    loadCatalogue(from);
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected loadCatalogue to fail');
}

function copyShipped(): void {
  for (const name of ['procedures.json', 'centres.json', 'officers.json']) copyFileSync(join(defaultCatalogueDir, name), join(dir, name));
}

describe('loading the shipped catalogue', () => {
  const catalogue = loadCatalogue();

  it('when the shipped data is loaded, then it is accepted and keeps the ids other services and tests rely on', () => {
    expect(findProcedure(catalogue, '1.001193')?.deadline).toEqual({ kind: 'sameDay', cutoff: '15:00' });
    expect(findProcedure(catalogue, '1.001193')?.supplementClock).toBe('restart');
    expect(findProcedure(catalogue, '2.000635')?.deadline.kind).toBe('sameDay');
    expect(findProcedure(catalogue, '1.000656')).toMatchObject({ deadline: { kind: 'workingDays', days: 3 }, supplementClock: 'resume' });
    expect(findCentre(catalogue, 'hue-phong-dien')).toMatchObject({ code: 'PDN', transferRounds: ['08:30', '10:30', '13:30', '15:30'] });
    expect(findCentre(catalogue, 'hue-phong-dien')?.receptionPoints.map((point) => [point.id, point.kind])).toEqual([
      ['pdn-main', 'main'],
      ['pdn-phong-my', 'satellite'],
      ['pdn-phong-xuan', 'satellite'],
    ]);
    expect(findCentre(catalogue, 'hue-kim-long')).toMatchObject({ code: 'KLG', receptionPoints: [{ id: 'klg-main', kind: 'main' }] });
    expect(catalogue.defaultDossierCodeTemplate).toBe('{centreCode}-{yymmdd}-{seq:4}');
  });

  it("when the shipped centres are loaded, then they are Huế's 40 commune-level units: 21 wards and 19 communes", () => {
    expect(catalogue.centres).toHaveLength(40);
    expect(catalogue.centres.filter((centre) => centre.kind === 'ward')).toHaveLength(21);
    expect(catalogue.centres.filter((centre) => centre.kind === 'commune')).toHaveLength(19);
    expect(catalogue.sampleCentres).toBe(true);
    for (const centre of catalogue.centres) {
      const hasSatellites = centre.receptionPoints.some((point) => point.kind === 'satellite');
      expect([centre.id, centre.transferRounds.length > 0]).toEqual([centre.id, hasSatellites]);
    }
  });

  it('when the shipped procedures are loaded, then every centre has a specialist able to handle each of them', () => {
    expect(catalogue.procedures.length).toBeGreaterThanOrEqual(8);
    expect(catalogue.procedures.filter((procedure) => procedure.sector === 'Đất đai').length).toBeGreaterThanOrEqual(1);
    for (const centre of catalogue.centres) {
      const specialists = officersOf(catalogue, centre.id, 'specialist');
      for (const procedure of catalogue.procedures) {
        expect([centre.id, procedure.code, specialists.some((officer) => handlesSector(officer, procedure.sector))]).toEqual([centre.id, procedure.code, true]);
      }
    }
  });

  it('when looking up a reception point, then it is found only under its own centre', () => {
    expect(findReceptionPoint(catalogue, 'hue-phong-dien', 'pdn-phong-my')?.kind).toBe('satellite');
    expect(findReceptionPoint(catalogue, 'hue-kim-long', 'pdn-phong-my')).toBeUndefined();
    expect(findReceptionPoint(catalogue, 'hue-nowhere', 'pdn-main')).toBeUndefined();
  });

  it('when the sample officers are loaded, then every centre has a receptionist, three specialists, a leader and a courier', () => {
    for (const centre of catalogue.centres) {
      expect([centre.id, officersOf(catalogue, centre.id, 'reception').length]).toEqual([centre.id, 1]);
      expect([centre.id, officersOf(catalogue, centre.id, 'specialist').length]).toEqual([centre.id, 3]);
      expect([centre.id, officersOf(catalogue, centre.id, 'leader').length]).toEqual([centre.id, 1]);
      expect([centre.id, officersOf(catalogue, centre.id, 'courier').length]).toEqual([centre.id, 1]);
    }
    expect(findOfficer(catalogue, 'pdn-specialist-1')).toMatchObject({ centreId: 'hue-phong-dien', role: 'specialist', sectors: ['Hộ tịch', 'Chứng thực'] });
    expect(findOfficer(catalogue, 'pdn-specialist-2')?.sectors).toEqual([]);
    expect(findOfficer(catalogue, 'klg-courier-1')?.centreId).toBe('hue-kim-long');
    expect(findOfficer(catalogue, 'hue-ops-1')?.role).toBe('ops');
  });
});

describe('reporting a bad entry', () => {
  it('when an entry of the shipped file is broken, then the error names the file, the line of the bad field, the entry and the field', () => {
    copyShipped();
    const file = join(dir, 'centres.json');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('"code": "KLG"', '"code": "k l g"'));
    const line = text.slice(0, text.indexOf('"code": "KLG"')).split('\n').length;
    const centreIndex = (JSON.parse(text) as { centres: { id: string }[] }).centres.findIndex((centre) => centre.id === 'hue-kim-long');

    const error = loadError(dir);
    expect(error.code).toBe('CONFIG.INVALID');
    expect(error.message).toContain(`${file}:${line}: centres[${centreIndex}].code must match pattern`);
  });

  it('when an entry lacks a required field, then the error points at the line of that entry', () => {
    const files = shippedFiles();
    delete entries(files, 'procedures')[1]?.['sector'];
    const { path, lineOf } = writeFiles(dir, files);
    expect(loadError(dir).message).toContain(`${path('procedures')}:${lineOf('procedures', 1)}: procedures[1] must have required property 'sector'`);
  });

  it('when an officer has a role the catalogue does not know, then the error names officers.json and that officer', () => {
    const files = shippedFiles();
    const officer = entries(files, 'officers')[4];
    if (officer) officer['role'] = 'mayor';
    const { path, lineOf } = writeFiles(dir, files);
    expect(loadError(dir).message).toContain(`${path('officers')}:${lineOf('officers', 4)}: officers[4].role`);
  });

  it('when a file is not valid JSON, then the error names the file and the line of the syntax error', () => {
    copyShipped();
    const file = join(dir, 'procedures.json');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[5] = `${lines[5] ?? ''} ,,`;
    writeFileSync(file, lines.join('\n'));
    expect(loadError(dir).message).toMatch(new RegExp(`^${file.replace(/[.\\/]/g, '\\$&')}:6: not valid JSON`));
  });

  it('when a file is missing, then the error names it', () => {
    copyShipped();
    const missing = join(dir, 'elsewhere');
    expect(loadError(missing).message).toContain(join(missing, 'procedures.json'));
  });
});
