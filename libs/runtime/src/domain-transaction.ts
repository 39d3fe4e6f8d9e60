/**
 * Adapts the storage unit of work to a service's own transaction port, so use cases
 * see their repositories and an `emit` — never the storage library.
 */
import { topicOfType, type Emitter } from '@motcua/contracts';
import type { ServiceStore, Tx } from '@motcua/storage';

export type { Emitter };

export type RunTransaction<P> = <T>(work: (tx: P & Emitter) => Promise<T>) => Promise<T>;

export function emitterOf(tx: Tx): Emitter {
  return { emit: (event) => tx.publish(topicOfType(event.type), event) };
}

/** A service's transaction port over an open storage transaction (consumers get theirs from `handleOnce`). */
export function bindPorts<P>(tx: Tx, ports: (tx: Tx) => P): P & Emitter {
  return { ...ports(tx), ...emitterOf(tx) };
}

export function domainTransaction<P>(store: ServiceStore, ports: (tx: Tx) => P): RunTransaction<P> {
  return (work) => store.unitOfWork.run((tx) => work(bindPorts(tx, ports)));
}
