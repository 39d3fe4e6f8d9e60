/**
 * Masking of personal data (citizen id numbers, phone numbers, addresses) before
 * anything reaches a log line, a span attribute or an ops screen.
 */
const sensitiveKeys = new Set(['idnumber', 'phone', 'phonenumber', 'msisdn', 'address', 'email', 'to', 'recipient']);
const PHONE = /(?<![0-9])(?:\+?84|0)[0-9]{9}(?![0-9])/g;
const ID_NUMBER = /(?<![0-9])[0-9]{12}(?![0-9])|(?<![0-9])[0-9]{9}(?![0-9])/g;

/** Keeps the last `visible` characters: enough for an officer to recognise, not to reuse. */
export function maskValue(value: string, visible = 3): string {
  const text = String(value);
  if (text.length <= visible) return '*'.repeat(text.length);
  return `${'*'.repeat(Math.max(3, text.length - visible))}${text.slice(-visible)}`;
}

export function maskAddress(value: string): string {
  return value.length === 0 ? value : '***';
}

/** Masks phone and id-number shaped digit runs inside free text (error messages, reasons). */
export function maskText(text: string): string {
  return text.replace(PHONE, (m) => maskValue(m)).replace(ID_NUMBER, (m) => maskValue(m));
}

function maskKey(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const k = key.toLowerCase();
  if (k === 'address') return maskAddress(value);
  return maskValue(value);
}

/** Deep copy with personal fields masked; cycles and depth are bounded so it never throws. */
export function maskPersonalData<T>(input: T, depth = 0, seen: WeakSet<object> = new WeakSet()): T {
  if (typeof input === 'string') return maskText(input) as T;
  if (input === null || typeof input !== 'object' || depth > 12) return input;
  if (input instanceof Error) return { name: input.name, message: maskText(input.message), code: (input as { code?: unknown }).code, stack: input.stack ? maskText(input.stack) : undefined } as T;
  if (Buffer.isBuffer(input) || input instanceof Date) return input;
  if (seen.has(input as object)) return '[Circular]' as T;
  seen.add(input as object);
  if (Array.isArray(input)) return input.map((item) => maskPersonalData(item, depth + 1, seen)) as T;
  const output: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    output[key] = sensitiveKeys.has(key.toLowerCase()) ? maskKey(key, value) : maskPersonalData(value, depth + 1, seen);
  }
  return output as T;
}
