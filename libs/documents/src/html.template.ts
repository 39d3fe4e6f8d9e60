/**
 * HTML built by a tagged template that escapes every interpolated value unless it is
 * already markup made by the same template. Escaping is the default, not a call to
 * remember: a citizen's name or an officer's reason can hold `<`, `&` or quotes, and a
 * printed slip must show them as text, never run them.
 */

/** Markup produced by `html` (or `trustedHtml`): interpolated as is. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** What may be interpolated: text and numbers are escaped; absent values print nothing. */
export type HtmlValue = SafeHtml | string | number | undefined | null | false | readonly HtmlValue[];

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] as string);
}

function render(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map((v: HtmlValue) => render(v)).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] as string;
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] as string);
  });
  return new SafeHtml(out);
}

/** Constant markup written in this library (the style sheet); never for data. */
export function trustedHtml(text: string): SafeHtml {
  return new SafeHtml(text);
}

/** An `href` only for http(s) URLs: a stored `javascript:` link must not become clickable. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
