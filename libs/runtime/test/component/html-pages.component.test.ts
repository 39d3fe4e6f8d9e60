/**
 * The HTML the services serve under helmet: each page's Content-Security-Policy lets
 * its own inline style sheets apply (by their SHA-256, never 'unsafe-inline'), lets
 * scripts come only from the service's own files, and the pages carry nothing the
 * policy would silently block (inline scripts, style attributes, event handlers) —
 * so what the policy allows is exactly what the page needs. Then each page in a real
 * browser (Debian chromium, the `browser` peer): the browser reports no violation of
 * the page's policy, and the page's style sheet took effect.
 */
import { chromium } from 'playwright-core';
import { inlineSourceHash } from '@motcua/documents';
import { browserPeer, describeWithPeer, waitFor } from '@motcua/testing';
import { startThrowawayEdition, type ThrowawayEdition } from '../../../../cli/src/throwaway-edition';

const NOW = new Date('2026-11-25T02:00:00.000Z');

interface Page {
  name: string;
  url: string;
}

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('HTML pages and their Content-Security-Policy', () => {
  let edition: ThrowawayEdition;
  const pages: Page[] = [];
  /** The ops officer's headers: printable pages are an officer's (the token as a header, or as the console's cookie). */
  let ops: Record<string, string>;

  beforeAll(async () => {
    edition = await startThrowawayEdition({ clock: () => NOW });
    const intake = edition.url('intake');
    ops = await edition.as('hue-ops-1');
    const post = async (url: string, body: unknown) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await edition.as('pdn-reception-1')) }, body: JSON.stringify(body) });
      expect(response.status).toBe(201);
      return (await response.json()) as { id: string; code: string };
    };
    const applicant = { fullName: 'Nguyễn Văn An (dữ liệu mẫu)', idNumber: '046090000001', phone: '0900000001' };
    const documents = [
      { code: 'TK_KS', name: 'Tờ khai đăng ký khai sinh' },
      { code: 'GCS', name: 'Giấy chứng sinh' },
    ];
    const dossier = await post(`${intake}/v1/dossiers`, { procedureCode: '1.001193', centreId: 'hue-phong-dien', applicant, documents, returnChannel: { type: 'counter' } });
    const refusal = await post(`${intake}/v1/refusals`, { procedureCode: '1.001193', centreId: 'hue-phong-dien', applicant, documents: [], reason: 'Thiếu giấy chứng sinh' });
    const rounds = (await (await fetch(`${intake}/v1/transfer-rounds?receptionPointId=pdn-phong-my&date=2026-11-25`, { headers: ops })).json()) as { schedule: { id: string }[] };
    pages.push(
      { name: 'intake receipt slip', url: `${intake}/v1/dossiers/${dossier.id}/receipt` },
      { name: 'intake refusal slip', url: `${intake}/v1/refusals/${refusal.id}/slip` },
      { name: 'intake transfer manifest', url: `${intake}/v1/transfer-rounds/${rounds.schedule[0]!.id}?format=html` },
      { name: 'tracking briefing', url: `${edition.url('tracking')}/v1/briefings?date=2026-11-25&format=html` },
      { name: 'signing verify page', url: `${edition.url('signing')}/verify?document=nothing-here` },
      { name: 'tracking ops console', url: `${edition.url('tracking')}/console` },
      { name: 'tracking citizen lookup', url: `${edition.url('tracking')}/tra-cuu/${dossier.code}` },
      ...edition.services.map((s) => ({ name: `${s.name} /docs`, url: `${s.url}/docs` })),
    );
    // The tracking slip needs tracking to have seen the dossier.
    await waitFor(async () => (await fetch(`${edition.url('tracking')}/v1/dossiers/${dossier.code}`, { headers: ops })).status === 200, { what: 'the tracking view' });
    pages.push({ name: 'tracking slip', url: `${edition.url('tracking')}/v1/dossiers/${dossier.code}/tracking-slip` });
  }, 120_000);
  afterAll(() => edition?.stop());

  it('when each page is served, then its CSP allows exactly its own inline style sheets and scripts from its own origin, and it has nothing else inline', async () => {
    const findings: string[] = [];
    for (const page of pages) {
      const response = await fetch(page.url, { headers: ops });
      const html = await response.text();
      const policy = directives(response.headers.get('content-security-policy') ?? '');
      const problem = (text: string) => findings.push(`${page.name}: ${text}`);
      if (response.status !== 200 || !response.headers.get('content-type')?.startsWith('text/html')) problem(`answered ${response.status} ${response.headers.get('content-type')}`);
      if (policy.get('default-src')?.join(' ') !== "'none'") problem("default-src is not 'none'");
      if (policy.get('frame-ancestors')?.join(' ') !== "'none'") problem("frame-ancestors is not 'none'");
      const styleSrc = policy.get('style-src') ?? [];
      const sheets = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      if (page.name.endsWith('/docs')) {
        // Swagger UI sets style attributes from its script: its stylesheet is a file of this origin.
        if (!styleSrc.includes("'self'")) problem("style-src lacks 'self'");
      } else {
        if (styleSrc.includes("'unsafe-inline'")) problem("style-src allows 'unsafe-inline'");
        for (const sheet of sheets) if (!styleSrc.includes(inlineSourceHash(sheet))) problem('an inline style sheet is not allowed by its hash');
        if (sheets.length === 0) problem('no style sheet (the check above checked nothing)');
        if (/\sstyle="/.test(html)) problem('a style attribute, which the policy blocks');
      }
      if ((policy.get('script-src') ?? []).some((source) => source !== "'self'")) problem('scripts allowed from elsewhere than this origin');
      if (/<script(?![^>]*\ssrc=)[^>]*>/.test(html)) problem('an inline script');
      if (/\son[a-z]+=/i.test(html)) problem('an inline event handler');
      for (const [, src] of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) {
        if (!src!.startsWith('/')) problem(`a script from ${src}`);
        else if ((await fetch(new URL(src!, page.url))).status !== 200) problem(`its script ${src} is not served`);
      }
    }
    expect(findings).toEqual([]);
    expect(pages.length).toBe(14);
  });

  describeWithPeer(browserPeer(), 'in a real browser', (peer) => {
    it('when each page is opened, then the browser reports no policy violation and the page\'s own styles apply', async () => {
      const browser = await chromium.launch({ executablePath: peer.executablePath, args: peer.args });
      const findings: string[] = [];
      try {
        // Signed in as the console does it: the ops token in the same-site cookie every page of the edition's host receives.
        const context = await browser.newContext();
        const token = (ops['authorization'] as string).slice('Bearer '.length);
        await context.addCookies([{ name: 'motcua_token', value: token, domain: new URL(edition.url('tracking')).hostname, path: '/', sameSite: 'Strict' }]);
        for (const { name, url } of pages) {
          const page = await context.newPage();
          // Injected by the browser itself, so the page's policy does not apply to it.
          await page.addInitScript({
            content: "window.violations = []; document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));",
          });
          page.on('console', (message) => {
            if (/Content Security Policy/i.test(message.text())) findings.push(`${name}: ${message.text()}`);
          });
          const answer = await page.goto(url, { waitUntil: 'load' });
          if (answer && answer.status() !== 200) findings.push(`${name}: answered ${answer.status()} ${(await answer.text()).slice(0, 200)}`);
          // A style sheet that applied has rules the browser parsed; a blocked one has none.
          const { violations, styled } = (await page.evaluate('({ violations: window.violations, styled: [...document.styleSheets].some((sheet) => sheet.cssRules.length > 0) })')) as {
            violations: string[];
            styled: boolean;
          };
          for (const violation of violations) findings.push(`${name}: violates ${violation}`);
          if (!styled) findings.push(`${name}: no style sheet applied`);
          await page.close();
        }
      } finally {
        await browser.close();
      }
      expect(findings).toEqual([]);
    });
  });
});
