/**
 * The web pages tracking serves, in a real browser (Debian chromium through
 * playwright-core) against the embedded edition as `npm start` runs it: the ops
 * console (search a dossier, its timeline, the 40-centre dashboard, a dead letter
 * replayed) and the citizen lookup (right code and digits show the status and where
 * to collect; wrong digits show nothing; an electronic result downloads). Every page
 * is also shot at a phone's width; the screenshots are kept under
 * test-artifacts/screenshots for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createEvent, encodeEvent } from '@motcua/contracts';
import { createEmbeddedEventBus } from '@motcua/messaging';
import { createLogger } from '@motcua/observability';
import { browserPeer, describeWithPeer, officerHeaders, waitFor } from '@motcua/testing';
import { approve, birthRegistration, get, sign, submit, type Submitted } from './support/journey';
import { sqliteDeadLetters } from './support/dead-letters';
import { embeddedProcess, repoRoot, tempDir, type ManagedProcess } from './support/service-process';

const screenshots = join(repoRoot, 'test-artifacts', 'screenshots');
const PHONE = '0912345678';

describeWithPeer(browserPeer(), 'web pages in a real browser', (peer) => {
  let dataDir: string;
  let motcua: ManagedProcess;
  let browser: Browser;
  let page: Page;
  let ready: Submitted;
  let electronic: Submitted;
  const url = (service: Parameters<ManagedProcess['url']>[0]) => motcua.url(service);
  const shoot = (name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });

  /** Submitted, approved and signed: the result waits to be collected. */
  async function resultReady(returnChannel: Record<string, unknown>): Promise<Submitted> {
    const dossier = await submit(url, { ...birthRegistration(PHONE), returnChannel });
    await approve(url, dossier.id);
    await sign(url, dossier.id);
    await waitFor(async () => (await get<{ status: string }>(`${url('tracking')}/v1/dossiers/${dossier.code}`)).body.status === 'RESULT_READY', {
      timeoutMs: 60_000,
      what: `${dossier.code} ready in tracking`,
    });
    return dossier;
  }

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    dataDir = tempDir('web');
    motcua = embeddedProcess(dataDir);
    await motcua.start(['intake', 'processing', 'signing', 'return', 'notifier', 'tracking']);
    ready = await resultReady({ type: 'counter' });
    electronic = await resultReady({ type: 'electronic' });
    browser = await chromium.launch({ executablePath: peer.executablePath, args: peer.args });
  }, 180_000);

  beforeEach(async () => {
    // A phone's screen: the pages must work there.
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
  });

  afterEach(async () => {
    await page?.close();
  });

  afterAll(async () => {
    await browser?.close();
    await motcua?.stop();
  }, 30_000);

  describe('citizen lookup', () => {
    it('when the citizen enters the code and the right last four digits, then the page shows the status, the appointment and where to collect, and nothing else', async () => {
      await page.goto(`${url('tracking')}/tra-cuu/${ready.code}`);
      expect(await page.inputValue('#code')).toBe(ready.code);
      await page.fill('#digits', PHONE.slice(-4));
      await page.click('#submit');
      const answer = page.locator('#answer');
      await answer.waitFor();
      const text = await answer.innerText();
      expect(text).toContain('Có kết quả, chờ trả');
      expect(text).toContain(ready.code);
      expect(text).toContain('Hẹn trả kết quả');
      expect(text).toContain('Mời ông/bà mang giấy tiếp nhận đến nhận tại');
      // Nothing personal: not the applicant's name, id number or phone.
      const whole = await page.content();
      for (const secret of ['Trần Thị Bình', '046190012345', PHONE]) expect(whole).not.toContain(secret);
      await shoot('lookup-found');
    });

    it('when the digits are wrong, then the page says no dossier matches and shows nothing about it', async () => {
      await page.goto(`${url('tracking')}/tra-cuu`);
      await page.fill('#code', ready.code);
      await page.fill('#digits', '0000');
      await page.click('#submit');
      await page.locator('#refusal').waitFor();
      expect(await page.locator('#refusal').innerText()).toContain('Không tìm thấy hồ sơ');
      expect(await page.locator('#answer').count()).toBe(0);
      expect(await page.locator('#result').innerText()).not.toContain('Có kết quả');
      await shoot('lookup-no-match');
    });

    it('when the result is electronic and ready, then "Tải kết quả" downloads the signed PDF', async () => {
      await page.goto(`${url('tracking')}/tra-cuu/${electronic.code}`);
      await page.fill('#digits', PHONE.slice(-4));
      await page.click('#submit');
      await page.locator('#download').waitFor();
      await shoot('lookup-electronic');
      const link = page.waitForResponse((response) => response.url().endsWith('/v1/lookup/download'));
      // Chromium renders the PDF or saves it; either way the browser requests the signed link.
      const followed = page.waitForRequest((request) => request.url().includes('/v1/documents/'));
      await page.click('#download');
      expect((await link).status()).toBe(200);
      const documentUrl = (await followed).url();
      expect(documentUrl).toMatch(new RegExp(`^${url('signing')}/v1/documents/[^?]+\\?expires=[0-9]+&signature=`));
      const pdf = await fetch(documentUrl);
      expect(pdf.headers.get('content-type')).toContain('application/pdf');
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    });
  });

  describe('ops console', () => {
    /** Signed in as `motcua start` hands the console over: the ops token in the URL's fragment, then the tab. */
    const openConsole = async (tab?: string) => {
      const token = ((await officerHeaders('hue-ops-1'))['authorization'] as string).slice('Bearer '.length);
      await page.goto(`${url('tracking')}/console#token=${token}`);
      expect(page.url()).toBe(`${url('tracking')}/console`);
      if (tab) await page.goto(`${url('tracking')}/console#${tab}`);
    };

    it('when an ops engineer searches a dossier code, then its status and its timeline are shown step by step', async () => {
      await openConsole();
      await page.fill('#code', ready.code);
      await page.click('#search-form button');
      await page.locator('#timeline').waitFor();
      expect(await page.locator('#dossier-card h2').innerText()).toContain(`${ready.code} — Có kết quả, chờ trả`);
      const steps = await page.locator('#timeline tbody tr td:nth-child(2)').allInnerTexts();
      for (const step of ['DossierReceived', 'DossierAssigned', 'ResultDrafted', 'DocumentSigned', 'ResultReady']) expect(steps).toContain(step);
      expect(steps.indexOf('DossierReceived')).toBeLessThan(steps.indexOf('DocumentSigned'));
      await shoot('console-timeline');
    });

    it("when the dashboard opens, then it lists all 40 centres with today's figures and the city-wide total", async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await openConsole('dashboard');
      await page.locator('#centres').waitFor();
      const rows = await page.locator('#centres tbody tr').allInnerTexts();
      expect(rows).toHaveLength(41);
      expect(rows[40]).toContain('Toàn thành phố');
      const headings = await page.locator('#centres thead th').allInnerTexts();
      const phongDien = (await page.locator('#centres tbody tr', { hasText: 'phường Phong Điền' }).first().locator('td').allInnerTexts()).map((t) => t.trim());
      const figures = Object.fromEntries(headings.map((heading, i) => [heading, phongDien[i]]));
      // Both dossiers of this test were received today at Phong Điền; the electronic one was handed over by its download link.
      expect(figures).toMatchObject({ 'Tiếp nhận': '2', 'Chờ trả': '1', 'Đã trả': '1', 'Quá hạn': '0' });
      await shoot('console-dashboard');
    });

    it('when the pipeline tab opens, then it shows every consumer group’s lag on each of its topics, each service’s outbox backlog and each group’s dead letters', async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await openConsole('pipeline');
      await page.locator('#lag').waitFor();
      // intake 2 topics, processing 2, signing 2, return 4, notifier 4, tracking 5.
      const lagRows = await page.locator('#lag tbody tr').allInnerTexts();
      expect(lagRows).toHaveLength(19);
      expect(lagRows.some((row) => row.includes('notifier') && row.includes('motcua.intake.v1'))).toBe(true);
      const outboxes = (await page.locator('#outbox tbody tr td:first-child').allInnerTexts()).map((t) => t.trim());
      expect(outboxes).toEqual(['intake', 'processing', 'signing', 'return', 'notifier', 'tracking']);
      expect((await page.locator('#outbox tbody tr td:nth-child(2)').allInnerTexts()).every((t) => /^[0-9]+$/.test(t.trim()))).toBe(true);
      expect(await page.locator('#dead-letter-counts tbody tr').count()).toBe(6);
      await shoot('console-pipeline');
    });

    it('when an ops engineer replays a dead letter, then it leaves the pending list and the replay is audited with their name', async () => {
      const file = join(dataDir, 'motcua.db');
      const bus = await createEmbeddedEventBus({ path: file, logger: createLogger({ service: 'e2e', level: 'silent' }) });
      const valid = encodeEvent(
        createEvent({ name: 'DossierWithdrawn', data: { dossierId: 'poison-web', dossierCode: 'PDN-000000-0009', centreId: 'hue-phong-dien', reason: 'thử', withdrawnAt: new Date().toISOString() } }),
      );
      await bus.publishRaw('motcua.intake.v1', [{ ...valid, value: Buffer.from(JSON.stringify({ dossierId: 'poison-web', unexpected: true })) }]);
      await bus.close();
      await waitFor(() => sqliteDeadLetters(file, 'motcua.dlq.tracking').some((m) => m.key === 'poison-web') || undefined, { timeoutMs: 30_000, what: 'the dead letter' });

      await page.setViewportSize({ width: 1280, height: 900 });
      // Signed in by pasting the token, the other way in.
      await page.goto(`${url('tracking')}/console`);
      await page.fill('#token', ((await officerHeaders('hue-ops-1'))['authorization'] as string).slice('Bearer '.length));
      await page.dispatchEvent('#token', 'change');
      await page.click('nav a[data-tab="dead-letters"]');
      // Every consumer group of the intake topic dead-letters it; the row of tracking's group is replayed here.
      const row = page.locator('#dead-letter-table tbody tr', { hasText: 'poison-web' }).filter({ has: page.locator('button[data-letter^="tracking/"]') }).first();
      await row.waitFor();
      expect(await row.innerText()).toContain('CONTRACT.INVALID_EVENT');
      await shoot('console-dead-letters');
      const letter = await row.locator('button', { hasText: 'Phát lại' }).getAttribute('data-letter');
      const offset = letter?.split('/').at(-1) ?? '';
      expect(letter).toMatch(/^tracking\/[0-9]+\/[0-9]+$/);
      await row.locator('button', { hasText: 'Phát lại' }).click();

      const audit = await waitFor(
        async () => {
          const answer = await fetch(`${url('tracking')}/v1/dead-letters/audit`, { headers: await officerHeaders('hue-ops-1') });
          const body = (await answer.json()) as { items: { action: string; officerId: string; offset?: string; id: string }[] };
          return body.items.find((i) => i.action === 'replay' && i.id.endsWith(`/${offset}`));
        },
        { timeoutMs: 30_000, what: 'the audited replay' },
      );
      expect(audit.officerId).toBe('hue-ops-1');
      // The letter is no longer pending: the list redrawn after the replay has no replay button for it.
      await waitFor(async () => (await page.locator(`#dead-letter-table button[data-letter="${letter}"]`).count()) === 0 || undefined, { timeoutMs: 30_000, what: 'the letter gone from the pending list' });
      await page.selectOption('#dl-status', 'replayed');
      await page.click('#dead-letters-form button');
      await page.locator('#dead-letter-table tbody tr', { hasText: 'poison-web' }).first().waitFor();
      expect(await page.locator('#dead-letter-table').innerText()).toContain('replayed');
    });
  });
});
