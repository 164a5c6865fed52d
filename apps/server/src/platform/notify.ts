// Notifications: an in-app inbox row, live push to open pages, and outside senders (SMS, WeChat)
// behind one interface whose default driver only writes to the log.
import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from './db/database.ts';
import type { EventBus } from './events.ts';

export interface Message {
  kind: string;
  title: string;
  body?: string;
  link?: string;
}

/** An outside channel. A real SMS or WeChat driver implements send() and is chosen by config. */
export interface Sender {
  readonly channel: 'sms' | 'wechat';
  send(to: { userId: string }, message: Message): Promise<void>;
}

export class LogSender implements Sender {
  constructor(
    readonly channel: 'sms' | 'wechat',
    private readonly log: FastifyBaseLogger,
  ) {}
  async send(to: { userId: string }, message: Message) {
    this.log.info({ channel: this.channel, to: to.userId, kind: message.kind, title: message.title }, 'outbound message (log driver)');
  }
}

export class Notifier {
  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
    private readonly senders: Sender[],
  ) {}

  /** Queue an inbox message for each user; delivered live once the surrounding transaction commits. */
  async notify(districtId: string, userIds: string[], message: Message, channels: Sender['channel'][] = []): Promise<void> {
    if (!userIds.length) return;
    const rows = userIds.map((userId) => ({
      districtId,
      id: crypto.randomUUID(),
      userId,
      kind: message.kind,
      title: message.title,
      body: message.body ?? '',
      link: message.link ?? null,
    }));
    await this.db.q.insertInto('notifications').values(rows).execute();
    this.db.afterCommit(() => {
      for (const r of rows) {
        this.events.publish({
          districtId,
          type: 'notification',
          data: { id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, createdAt: new Date().toISOString(), readAt: null },
          audience: { userIds: [r.userId] },
        });
      }
      for (const s of this.senders.filter((x) => channels.includes(x.channel))) {
        for (const userId of userIds) void s.send({ userId }, message).catch(() => {});
      }
    });
  }
}
