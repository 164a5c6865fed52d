// The live-update channel: modules publish events after their transaction commits; open pages
// receive them over server-sent events, filtered to what each user may see. In-process for now;
// several server instances would relay through PostgreSQL LISTEN/NOTIFY (docs/ARCHITECTURE.md).
import { EventEmitter } from 'node:events';

export interface LiveEvent {
  districtId: string;
  type: string; // e.g. notification, person.changed, case.updated
  data: unknown;
  /** Who may receive it: named users, or everyone whose scope covers areaPath, or the whole district. */
  audience: { userIds: string[] } | { areaPath: string } | { district: true };
}

export class EventBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  publish(event: LiveEvent): void {
    this.emitter.emit('event', event);
  }
  subscribe(listener: (e: LiveEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
