import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalogue, loadPostalPoints } from '@motcua/catalogue';
import { postalPointsCommand } from '../src/postal-points-command';

const centreIds = new Set(loadCatalogue().centres.map((c) => c.id));

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = postalPointsCommand(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

describe('motcua postal-points import', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'motcua-postal-import-'));
  });

  const header = 'code,name,address,communeCentreId,openingHours,lat,lon';
  const good = [
    'BC-001,Bưu điện văn hóa xã Phong Mỹ,"Thôn 3, xã Phong Mỹ",hue-phong-dien,T2–T7 07:00–17:00,16.5,107.3',
    'BC-002,Bưu cục Kim Long,"12 Kim Long, phường Kim Long",hue-kim-long,"T2–T6 07:00–11:30, 13:30–17:00",16.46,107.55',
  ];

  it('when every CSV row is good, then the registry is written, not marked sample, and loads', () => {
    const csv = join(dir, 'points.csv');
    writeFileSync(csv, `\uFEFF${header}\n${good.join('\n')}\n`);
    const out = join(dir, 'postal-points.json');
    const result = run(['import', csv, '--out', out]);
    expect(result).toMatchObject({ code: 0, out: `2 postal points written to ${out}\n` });
    const registry = loadPostalPoints(centreIds, out);
    expect(registry.sample).toBe(false);
    expect(registry.points[1]).toEqual({ code: 'BC-002', name: 'Bưu cục Kim Long', address: '12 Kim Long, phường Kim Long', communeCentreId: 'hue-kim-long', openingHours: 'T2–T6 07:00–11:30, 13:30–17:00', coordinates: { lat: 16.46, lon: 107.55 } });
  });

  it('when CSV rows are bad, then every problem is reported with its row and line and nothing is written', () => {
    const csv = join(dir, 'points.csv');
    writeFileSync(csv, [header, good[0], 'BC-001,Trùng mã,"Địa chỉ",hue-kim-long,T2–T6,16.4,107.5', 'BC-003,Không rõ xã,"Địa chỉ",hue-atlantis,T2–T6,north,107.5', ''].join('\n'));
    const out = join(dir, 'postal-points.json');
    const result = run(['import', csv, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('3 problem(s), nothing written');
    expect(result.err).toContain('row 2 (line 3): code duplicates the code of entry 1 (BC-001)');
    expect(result.err).toContain('row 3 (line 4): coordinates.lat must be number');
    expect(result.err).toContain('row 3 (line 4): communeCentreId names no centre of the catalogue (hue-atlantis)');
    expect(() => readFileSync(out)).toThrow();
  });

  it('when a JSON array is imported, then a bad entry is named by row and by the line of the offending value', () => {
    const file = join(dir, 'points.json');
    writeFileSync(file, '[\n  {"code":"BC-1","name":"A","address":"B","communeCentreId":"hue-phong-dien","openingHours":"T2","coordinates":{"lat":16.5,"lon":107.3}},\n  {"code":"BC-2","name":"A","address":"B","communeCentreId":"hue-phong-dien","coordinates":{"lat":16.5,"lon":107.3}}\n]\n');
    const result = run(['import', file, '--out', join(dir, 'out.json')]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("row 2 (line 3): (row) must have required property 'openingHours'");
  });

  it('when the arguments are wrong, then it prints the usage and exits 2', () => {
    expect(run(['import']).code).toBe(2);
    expect(run(['export', 'x.csv']).err).toContain('usage: motcua postal-points import');
  });
});
