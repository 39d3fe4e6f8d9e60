/**
 * The daily briefing over HTTP on SQLite with the real catalogue (40 centres) and
 * working calendar: the seeded day's read model answered as JSON, CSV and a printable
 * Vietnamese HTML page with inline SVG charts.
 */
import { officerHeaders, OPS_DESK, testAuth } from '@motcua/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedEventBus, type EventBus } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { startService, type RunningService } from '@motcua/runtime';
import { createSqliteStore, type Store } from '@motcua/storage';
import { viewsIn } from '../../src/data-access/tracking.store';
import type { DailyBriefing } from '../../src/domain/daily-briefing.rules';
import { trackingModule } from '../../src/tracking.module';
import { briefingDate, briefingViews, centreA, centreB, expected } from '../fixtures/briefing-day.fixture';

describe('daily briefing over HTTP', () => {
  let store: Store;
  let bus: EventBus;
  let tracking: RunningService;
  const logger = createLogger({ service: 'tracking', level: 'silent' });
  const get = async (query: string) => fetch(`${tracking.url}/v1/briefings?${query}`, { headers: await officerHeaders(OPS_DESK) });

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-briefing-')), 'motcua.db');
    store = await createSqliteStore({ path: file });
    bus = await createEmbeddedEventBus({ path: file, logger });
    tracking = await startService(trackingModule, { auth: (await testAuth(store)).authenticator, store, bus, logger, port: 0, outboxPollMs: 50 });
    // A reception point unknown to the catalogue shows its id as its name: markup in it must print as text.
    const odd = { ...(briefingViews[1] as (typeof briefingViews)[number]), id: 'dossier-odd', code: 'X-odd', receptionPointId: '<script>alert(1)</script>' };
    await store.forService('tracking').unitOfWork.run(async (tx) => {
      for (const view of [...briefingViews, odd]) await viewsIn(tx).upsert(view);
    });
  });

  afterAll(async () => {
    await tracking?.stop();
    await bus?.close();
    await store?.close();
  });

  it('when JSON is asked for the start of the seeded day, then all 40 centres are listed and the counts match the hand-computed ones', async () => {
    const response = await get(`date=${briefingDate}&view=start`);
    expect(response.status).toBe(200);
    const briefing = (await response.json()) as DailyBriefing;
    expect(briefing.centres).toHaveLength(40);
    expect(briefing.nextWorkingDay).toBe('2026-11-30');
    const { centreId: _a, centreName: _b, ...phongDien } = briefing.centres.find((c) => c.centreId === centreA) as DailyBriefing['centres'][number];
    expect(phongDien).toEqual(expected.start[centreA]);
    expect(briefing.cityWide).toEqual(expected.start.city);
  });

  it('when JSON is asked for one centre at the end of the day, then only that centre is answered', async () => {
    const briefing = (await (await get(`date=${briefingDate}&view=end&centreId=${centreB}`)).json()) as DailyBriefing;
    expect(briefing.centres.map((c) => c.centreId)).toEqual([centreB]);
    expect(briefing.cityWide.received).toBe(expected.end[centreB].received);
    expect(briefing.cityWide.smsFailures).toBe(2);
  });

  it('when CSV is asked, then a header row, one row per centre and a city-wide row come back', async () => {
    const response = await get(`date=${briefingDate}&view=end&format=csv`);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain(`bao-cao-cuoi-ngay-${briefingDate}.csv`);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 40 + 1);
    const header = (lines[0] as string).split(',');
    expect(header.slice(0, 5)).toEqual(['date', 'view', 'scope', 'centreId', 'centreName']);
    const cell = (line: string, name: string) => line.split(',')[header.indexOf(name)];
    const city = lines[41] as string;
    expect(cell(city, 'scope')).toBe('city');
    expect([cell(city, 'received'), cell(city, 'returned'), cell(city, 'smsFailures'), cell(city, 'ready'), cell(city, 'receivedCounter'), cell(city, 'receivedPortal')]).toEqual(['4', '2', '3', '2', '2', '2']);
    const phongDien = lines.find((l) => l.includes(`,${centreA},`)) as string;
    expect(cell(phongDien, 'receivedByReceptionPoint')).toBe('pdn-main:1;pdn-phong-my:1;pdn-phong-xuan:0;<script>alert(1)</script>:1');
  });

  it('when HTML is asked, then a Vietnamese printable page with inline SVG charts comes back, with data escaped and nothing external', async () => {
    const response = await get(`date=${briefingDate}&view=end&format=html`);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await response.text();
    expect(page).toContain('<html lang="vi">');
    expect(page).toContain('name="viewport"');
    expect(page).toContain('Báo cáo cuối ngày');
    expect(page).toContain('ngày 27 tháng 11 năm 2026');
    expect(page).toContain('@media print');
    expect((page.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(page).toContain('Trung tâm phục vụ hành chính công phường Phong Điền');
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('when the start-of-day page is asked, then it leaves out the day’s activity', async () => {
    const page = await (await get(`date=${briefingDate}&view=start&format=html`)).text();
    expect(page).toContain('Báo cáo đầu ngày');
    expect(page).not.toContain('Tiếp nhận trong ngày');
    expect(page).toContain('Đến hạn trong ngày');
  });

  it('when the date or the centre is wrong, then a problem answer says so', async () => {
    expect((await get('date=2026-13-45')).status).toBe(400);
    expect((await get(`date=${briefingDate}&view=noon`)).status).toBe(400);
    const unknown = await get(`date=${briefingDate}&centreId=nowhere`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: string }).code).toBe('TRACKING.CENTRE_NOT_FOUND');
  });
});
