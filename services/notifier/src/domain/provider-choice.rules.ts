/**
 * Which SMS provider takes the next message. Each provider has a configured weight
 * (its share of traffic). After `failoverAfter` consecutive errors it gets nothing for
 * `cooldownMs`, then drifts back: its share grows from a tenth to all of its weight
 * over `driftMs`; one success restores it, one more error cools it down again.
 * Pure: time and randomness come from the caller.
 */
export interface FailoverPolicy {
  failoverAfter: number;
  cooldownMs: number;
  driftMs: number;
}

export interface ProviderHealth {
  consecutiveErrors: number;
  /** Set while cooling down or drifting back (epoch ms the cool-down ends). */
  coolUntil?: number;
}

export const healthy: ProviderHealth = { consecutiveErrors: 0 };

export function effectiveWeight(weight: number, health: ProviderHealth, now: number, policy: FailoverPolicy): number {
  if (health.coolUntil === undefined) return weight;
  if (now < health.coolUntil) return 0;
  return weight * Math.min(1, 0.1 + (0.9 * (now - health.coolUntil)) / policy.driftMs);
}

export function afterResult(health: ProviderHealth, ok: boolean, now: number, policy: FailoverPolicy): ProviderHealth {
  if (ok) return healthy;
  const consecutiveErrors = health.consecutiveErrors + 1;
  const drifting = health.coolUntil !== undefined && now >= health.coolUntil;
  return consecutiveErrors >= policy.failoverAfter || drifting ? { consecutiveErrors, coolUntil: now + policy.cooldownMs } : { consecutiveErrors };
}

/**
 * The order to try providers in for one message: one drawn by effective weight first,
 * then the others with traffic by weight, then those cooling down (soonest back
 * first) — a message still reaches a cooling provider rather than wait when every
 * other one fails.
 */
export function providerOrder(
  providers: { name: string; weight: number }[],
  health: (name: string) => ProviderHealth,
  now: number,
  policy: FailoverPolicy,
  random: () => number,
): string[] {
  const scored = providers.map((p) => ({ name: p.name, weight: p.weight, share: effectiveWeight(p.weight, health(p.name), now, policy), back: health(p.name).coolUntil ?? 0 }));
  const live = scored.filter((p) => p.share > 0);
  const total = live.reduce((sum, p) => sum + p.share, 0);
  let first: string | undefined;
  let draw = random() * total;
  for (const p of live) {
    draw -= p.share;
    if (draw < 0) {
      first = p.name;
      break;
    }
  }
  first ??= live.at(-1)?.name;
  const rest = live.filter((p) => p.name !== first).sort((a, b) => b.share - a.share);
  const cooling = scored.filter((p) => p.share === 0 && p.weight > 0).sort((a, b) => a.back - b.back);
  return [...(first ? [first] : []), ...rest.map((p) => p.name), ...cooling.map((p) => p.name)];
}
