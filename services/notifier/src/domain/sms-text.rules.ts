/**
 * What an SMS text becomes on the air: NFC-normalised, optionally transliterated
 * to unaccented Vietnamese, encoded as GSM-7 or UCS-2, and split into segments.
 * Pure rules, no I/O: the preview endpoint, the use cases and every SMS adapter
 * measure a text the same way, so the segment count a centre is billed for is the
 * one it was shown.
 *
 * Written here rather than taken from npm: the candidates count segments but do
 * not transliterate Vietnamese or refuse over-long texts, and the whole rule fits
 * on one screen with tests against hand-counted boundaries.
 */
import { permanent } from '@motcua/errors';

export type SmsEncoding = 'gsm7' | 'ucs2';

/** `unicode` keeps diacritics (UCS-2 unless plain); `unaccented` strips them so the text fits GSM-7. */
export type SmsTextPolicy = 'unicode' | 'unaccented';

export interface SmsTextMeasure {
  text: string;
  encoding: SmsEncoding;
  segments: number;
  /** Unicode code points in `text` (what a person would call its length). */
  characters: number;
}

export interface SmsTextOptions {
  policy?: SmsTextPolicy;
  /** Longest message allowed, in segments; longer texts are refused, never truncated. */
  maxSegments?: number;
}

export const SmsTextErrors = { TEXT_TOO_LONG: 'NOTIFIER.TEXT_TOO_LONG' } as const;

export const DEFAULT_MAX_SEGMENTS = 5;

/** GSM 03.38 default alphabet (ESC 0x1B excluded: it only introduces the extension table). */
const gsmBasic = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** GSM 03.38 extension table: each is sent as ESC + char, two septets. */
const gsmExtension = new Set('\f^{}\\[~]|€');

const limits = {
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
} as const;

const isGsm7 = (text: string): boolean => [...text].every((ch) => gsmBasic.has(ch) || gsmExtension.has(ch));

/**
 * Vietnamese to ASCII letters: NFD splits every precomposed vowel into its base
 * letter plus tone and shape marks (ơ = o + U+031B horn, ă = a + U+0306 breve, ...),
 * which are then dropped. đ/Đ are not decomposable (a stroke, not a mark) so they
 * are mapped explicitly. Anything else non-GSM (emoji, CJK) is left as is: the
 * encoding decision then falls back to UCS-2 instead of losing it.
 */
export function unaccent(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/**
 * Segments for a GSM-7 text: a part holds 153 septets after its UDH, and an
 * extension character (ESC + char) is never split across parts — handsets would
 * show a stray ESC — so a part that would end half-way through one closes early.
 */
function gsm7Segments(text: string): number {
  const costs = [...text].map((ch) => (gsmExtension.has(ch) ? 2 : 1));
  const total = costs.reduce((sum, c) => sum + c, 0);
  if (total <= limits.gsm7.single) return 1;
  return pack(costs, limits.gsm7.part);
}

/**
 * Segments for a UCS-2 text, in UTF-16 code units (what the SMSC counts): a
 * surrogate pair (emoji, rare CJK) is never split across parts, so a part that
 * would end between its halves closes one unit early. Grapheme clusters joined by
 * ZWJ may still span parts; handsets reassemble the message before rendering.
 */
function ucs2Segments(text: string): number {
  const costs = [...text].map((ch) => ch.length);
  const total = costs.reduce((sum, c) => sum + c, 0);
  if (total <= limits.ucs2.single) return 1;
  return pack(costs, limits.ucs2.part);
}

/** Greedy packing of indivisible units into parts of `capacity`. */
function pack(costs: number[], capacity: number): number {
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > capacity) {
      parts += 1;
      used = 0;
    }
    used += cost;
  }
  return parts;
}

/** Encoding and segment count of a text exactly as given (no policy, no cap): what an adapter sends. */
export function measureSmsText(text: string): SmsTextMeasure {
  const encoding: SmsEncoding = isGsm7(text) ? 'gsm7' : 'ucs2';
  return {
    text,
    encoding,
    segments: encoding === 'gsm7' ? gsm7Segments(text) : ucs2Segments(text),
    characters: [...text].length,
  };
}

/**
 * The text to send: NFC, then the policy, then the cheapest encoding that keeps
 * every character (never a '?' substitution), refused with NOTIFIER.TEXT_TOO_LONG
 * above the segment cap rather than cut.
 */
export function prepareSmsText(text: string, options: SmsTextOptions = {}): SmsTextMeasure {
  const policy = options.policy ?? 'unicode';
  const maxSegments = options.maxSegments ?? DEFAULT_MAX_SEGMENTS;
  const nfc = text.normalize('NFC');
  const measured = measureSmsText(policy === 'unaccented' ? unaccent(nfc) : nfc);
  if (measured.segments > maxSegments) {
    throw permanent(SmsTextErrors.TEXT_TOO_LONG, `the text needs ${measured.segments} ${measured.encoding} segments, at most ${maxSegments} are allowed`, {
      segments: measured.segments,
      maxSegments,
      encoding: measured.encoding,
      characters: measured.characters,
    });
  }
  return measured;
}
