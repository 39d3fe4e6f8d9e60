/**
 * Where a result goes once it exists, from the return channel chosen at intake and
 * the centre's reception points in the catalogue. Pure: the use cases act on it.
 */
import type { Centre } from '@motcua/catalogue';
import type { ReturnChannel } from '@motcua/contracts';

export type Routing =
  /** Collectable now: at the main counter, from the postal operator, or by download. */
  | { route: 'ready'; receptionPointId?: string }
  /** To be carried out to a satellite point on the next transfer round (intake's courier). */
  | { route: 'transfer'; receptionPointId: string };

/**
 * - counter at the main point (or at no named point): ready at once, at the main point;
 * - counter at a satellite point: waits for the next round;
 * - postal point, postal home: ready at once. The postal pickup itself is the notifier's
 *   (issue 5): it books it on ResultReady, and the operator's delivery report is what
 *   will hand the result over (`handOver` by `system`) — nothing is handed over here;
 * - electronic: ready at once; the first download link issued is the handover.
 *
 * A point the catalogue does not know for the centre (intake validates it, so only a
 * catalogue edit between intake and now) is served as the main counter: the result
 * waits where the officers are rather than on a round that never goes there.
 */
export function routeResult(channel: ReturnChannel, centre: Centre | undefined): Routing {
  if (channel.type !== 'counter') return { route: 'ready' };
  const main = centre?.receptionPoints.find((point) => point.kind === 'main');
  const named = channel.receptionPointId ? centre?.receptionPoints.find((point) => point.id === channel.receptionPointId) : undefined;
  if (named?.kind === 'satellite') return { route: 'transfer', receptionPointId: named.id };
  const pointId = named?.id ?? main?.id ?? channel.receptionPointId;
  return pointId ? { route: 'ready', receptionPointId: pointId } : { route: 'ready' };
}
