/**
 * The SMS sender the use cases see when several providers are configured: picks one
 * by weight, fails over to the others when a provider certainly did not take the
 * message, and keeps each provider's recent health (provider-choice.rules.ts). Health
 * is per process: each replica learns it from its own traffic.
 */
import type { Logger } from '@motcua/observability';
import type { GatewayHolding, SmsMessage, SmsReceipt, SmsSender } from '../../domain/notifier.ports';
import { afterResult, healthy, providerOrder, type FailoverPolicy, type ProviderHealth } from '../../domain/provider-choice.rules';
import { smsFailureKind, smsUnavailable } from '../../domain/sms-delivery.errors';

export interface RoutedProvider {
  name: string;
  weight: number;
  sender: SmsSender;
}

export class SmsRouter implements SmsSender {
  private readonly health = new Map<string, ProviderHealth>();
  /**
   * Only when every provider can reconcile: the claim does not record which one a
   * message went to, so each is asked, and any one holding it means wait.
   */
  readonly reconcile?: (message: SmsMessage) => Promise<GatewayHolding>;

  constructor(
    private readonly providers: RoutedProvider[],
    private readonly policy: FailoverPolicy,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {
    const askers = providers.map((p) => p.sender.reconcile?.bind(p.sender));
    if (askers.every((ask): ask is NonNullable<typeof ask> => ask !== undefined)) {
      this.reconcile = async (message) => ((await Promise.all(askers.map((ask) => ask(message)))).includes('held') ? 'held' : 'not-held');
    }
  }

  healthOf(name: string): ProviderHealth {
    return this.health.get(name) ?? healthy;
  }

  async send(message: SmsMessage): Promise<SmsReceipt> {
    const order = providerOrder(this.providers, (name) => this.healthOf(name), this.now(), this.policy, this.random);
    const errors: string[] = [];
    for (const name of order) {
      const provider = this.providers.find((p) => p.name === name) as RoutedProvider;
      try {
        const receipt = await provider.sender.send(message);
        this.health.set(name, afterResult(this.healthOf(name), true, this.now(), this.policy));
        return receipt;
      } catch (error) {
        const kind = smsFailureKind(error);
        // A rejected message says nothing about the provider's health.
        if (kind !== 'rejected') this.record(name, error as Error);
        // Only a message the provider certainly did not take may go to another.
        if (kind !== 'unavailable') throw error;
        errors.push((error as Error).message);
      }
    }
    throw smsUnavailable(order.at(-1) ?? 'none', `no provider took the message: ${errors.join('; ')}`);
  }

  private record(name: string, error: Error): void {
    const before = this.healthOf(name);
    const after = afterResult(before, false, this.now(), this.policy);
    this.health.set(name, after);
    if (after.coolUntil !== undefined && after.coolUntil !== before.coolUntil) {
      this.logger.warn({ provider: name, consecutiveErrors: after.consecutiveErrors, coolUntil: new Date(after.coolUntil).toISOString(), err: error }, 'sms provider failing: traffic shifted to the others');
    }
  }
}
