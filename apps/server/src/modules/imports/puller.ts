// The scheduled pull: every tick, each source whose pull is due is fetched and run through the push
// pipeline (ImportsService.pull). Single-flight per source: a source still being pulled is skipped
// until its run ends, so a slow departmental system never gets two requests at once. Started with
// the app's routes, stopped (waiting for runs in flight) when the app closes.
import type { ImportsService } from './service.ts';

export const PULL_TICK_MS = 30_000;

export class ImportPuller {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly service: ImportsService,
    private readonly log: { error: (o: object, msg: string) => void },
  ) {}

  start(everyMs = PULL_TICK_MS) {
    this.stopped = false;
    this.timer ??= setInterval(() => void this.tick().catch((err: unknown) => this.log.error({ err }, 'import pull clock failed')), everyMs);
    this.timer.unref();
  }

  /** Start the due pulls not already running; resolves when the ones started by this tick have finished. */
  async tick(now = new Date()): Promise<number> {
    if (this.stopped) return 0;
    const started: Promise<unknown>[] = [];
    for (const s of await this.service.duePulls(now)) {
      const key = `${s.districtId}/${s.id}`;
      if (this.inFlight.has(key) || this.stopped) continue;
      const run = this.service.pull(s.districtId, s.id).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, run);
      started.push(run);
    }
    await Promise.allSettled(started);
    return started.length;
  }

  /** Stop the clock and wait for pulls in flight, so none writes after the database closes. */
  async stop() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight.values()]);
  }
}

const pullers = new WeakMap<object, ImportPuller>();
/** The app's puller (for tests and tooling that drive a tick by hand). */
export function importPuller(ctx: object): ImportPuller | undefined {
  return pullers.get(ctx);
}
export function registerPuller(ctx: object, p: ImportPuller) {
  pullers.set(ctx, p);
}
