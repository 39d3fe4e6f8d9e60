import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPostalPointsFile, findPostalPoint, findPostalPointProblems, loadCatalogue, loadPostalPoints, type PostalPoint } from '@motcua/catalogue';

const centreIds = new Set(loadCatalogue().centres.map((c) => c.id));
const shipped = () => JSON.parse(readFileSync(defaultPostalPointsFile, 'utf8')) as { $comment: string; sample: boolean; points: PostalPoint[] };

function writePoints(file: { $comment: string; sample?: boolean; points: unknown[] }): string {
  const path = join(mkdtempSync(join(tmpdir(), 'motcua-postal-')), 'postal-points.json');
  // One entry per line, like the shipped file: entry i sits on line 5 + i.
  const text = `{\n  "$comment": ${JSON.stringify(file.$comment)},\n  "sample": ${String(file.sample ?? false)},\n  "points": [\n${file.points.map((p) => `    ${JSON.stringify(p)}`).join(',\n')}\n  ]\n}\n`;
  writeFileSync(path, text);
  return path;
}

describe('the postal points registry', () => {
  it('when the shipped file is loaded, then it holds 166 sample points over all 40 centres, each in the Huế area', () => {
    const registry = loadPostalPoints(centreIds);
    expect(registry.sample).toBe(true);
    expect(registry.points).toHaveLength(166);
    expect(new Set(registry.points.map((p) => p.communeCentreId))).toEqual(centreIds);
    for (const { coordinates } of registry.points) {
      expect(coordinates.lat).toBeGreaterThan(15.9);
      expect(coordinates.lat).toBeLessThan(16.8);
      expect(coordinates.lon).toBeGreaterThan(107);
      expect(coordinates.lon).toBeLessThan(108.3);
    }
    expect(shipped().$comment).toMatch(/SAMPLE/);
    expect(findPostalPoint(registry, 'DBC-PDN-01')?.communeCentreId).toBe('hue-phong-dien');
  });

  it('when two entries share a code, then loading fails naming the line of the second', () => {
    const file = shipped();
    file.points[3] = { ...(file.points[3] as PostalPoint), code: 'DBC-PDN-01' };
    const path = writePoints(file);
    expect(() => loadPostalPoints(centreIds, path)).toThrow(`${path}:8: points[3].code duplicates the code of entry 1 (DBC-PDN-01)`);
  });

  it('when an entry names an unknown centre or misses a field, then every problem is reported with its line', () => {
    const file = shipped();
    file.points[0] = { ...(file.points[0] as PostalPoint), communeCentreId: 'hue-atlantis' };
    const { openingHours: _dropped, ...noHours } = file.points[10] as PostalPoint;
    file.points[10] = noHours as PostalPoint;
    const path = writePoints(file);
    expect(() => loadPostalPoints(centreIds, path)).toThrow(/postal-points\.json:5: points\[0\]\.communeCentreId names no centre of the catalogue \(hue-atlantis\); .*:15: points\[10\] must have required property 'openingHours'/);
  });

  it('when rows are checked, then the problems name the row index and field', () => {
    const good = shipped().points[0] as PostalPoint;
    const problems = findPostalPointProblems([good, { ...good, coordinates: { lat: 200, lon: 107 } }, { ...good }], centreIds);
    expect(problems).toEqual([
      { index: 1, path: ['coordinates', 'lat'], message: 'must be <= 90' },
      { index: 1, path: ['code'], message: 'duplicates the code of entry 1 (DBC-PDN-01)' },
      { index: 2, path: ['code'], message: 'duplicates the code of entry 1 (DBC-PDN-01)' },
    ]);
  });
});
