import { silentLogger, type Logger } from '@steno/db';
import type {
  DeliveredEvent,
  EventOf,
  StenoEvent,
  StenoEventType,
} from './events.js';

type Handler = (event: DeliveredEvent) => void;

/** Options of {@link EventBus}. */
export interface EventBusOptions {
  logger?: Logger;
  now?: () => Date;
}

/**
 * A typed, synchronous publish/subscribe hub. A throwing subscriber is
 * logged and never stops the others nor the code that emitted.
 */
export class EventBus {
  private readonly handlers = new Map<StenoEventType | '*', Set<Handler>>();
  private readonly logger: Logger;
  private readonly now: () => Date;

  constructor(options: EventBusOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? (() => new Date());
  }

  /** Calls `handler` for each event of `type`; returns unsubscribe. */
  on<T extends StenoEventType>(
    type: T,
    handler: (event: DeliveredEvent<EventOf<T>>) => void,
  ): () => void {
    return this.add(type, handler as Handler);
  }

  /** Calls `handler` for every event; returns unsubscribe. */
  onAny(handler: (event: DeliveredEvent) => void): () => void {
    return this.add('*', handler);
  }

  /** Delivers `event` to its subscribers, then to catch-all ones. */
  emit(event: StenoEvent): void {
    const delivered = { ...event, at: this.now().toISOString() };
    for (const key of [event.type, '*'] as const) {
      for (const handler of this.handlers.get(key) ?? []) {
        this.deliver(handler, delivered);
      }
    }
  }

  /**
   * A callback for a manager's `onEvent` option: `translate` turns each
   * of the manager's events into a bus event; those it returns null for
   * are dropped with a debug line.
   */
  bridge<E extends { type: string }>(
    source: string,
    translate: (event: E) => StenoEvent | null,
  ): (event: E) => void {
    return (event) => {
      const translated = translate(event);
      if (translated) this.emit(translated);
      else this.logger.debug({ source, event: event.type }, 'event dropped');
    };
  }

  private add(key: StenoEventType | '*', handler: Handler): () => void {
    const set = this.handlers.get(key) ?? new Set<Handler>();
    set.add(handler);
    this.handlers.set(key, set);
    return () => set.delete(handler);
  }

  private deliver(handler: Handler, event: DeliveredEvent): void {
    try {
      handler(event);
    } catch (error) {
      this.logger.error(
        { event: event.type, err: (error as Error).message },
        'event subscriber failed',
      );
    }
  }
}
