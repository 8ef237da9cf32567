/** The conversion job queue, behind an interface with an in-process default. */

export interface JobQueue {
  /** Adds a job; jobs with the same id already waiting or running are not added twice. */
  enqueue(id: string): void;
  /** Drops job `id` if it waits, or aborts it and resolves once it has stopped. */
  cancel(id: string): Promise<void>;
  /** Resolves when no job is waiting or running. */
  idle(): Promise<void>;
  /** Stops taking jobs and aborts the running ones. */
  close(): Promise<void>;
}

export type JobHandler = (id: string, signal: AbortSignal) => Promise<void>;

/** Runs jobs in this process, at most `concurrency` at a time, in arrival order. */
export class InProcessQueue implements JobQueue {
  private readonly waiting: string[] = [];
  private readonly running = new Map<
    string,
    { controller: AbortController; done: Promise<void> }
  >();
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly handler: JobHandler,
    private readonly concurrency: number,
  ) {}

  enqueue(id: string): void {
    if (this.closed || this.running.has(id) || this.waiting.includes(id)) return;
    this.waiting.push(id);
    this.pump();
  }

  async cancel(id: string): Promise<void> {
    const index = this.waiting.indexOf(id);
    if (index >= 0) this.waiting.splice(index, 1);
    const job = this.running.get(id);
    if (!job) return;
    job.controller.abort();
    await job.done;
  }

  idle(): Promise<void> {
    if (this.running.size === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    for (const job of this.running.values()) job.controller.abort();
    await Promise.all([...this.running.values()].map((job) => job.done));
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      const controller = new AbortController();
      // The handler reports its own failures; this catch only keeps the queue going.
      const done = this.handler(id, controller.signal)
        .catch(() => {})
        .finally(() => {
          this.running.delete(id);
          this.pump();
          if (this.running.size === 0 && this.waiting.length === 0) {
            for (const resolve of this.idleWaiters.splice(0)) resolve();
          }
        });
      this.running.set(id, { controller, done });
    }
  }
}
