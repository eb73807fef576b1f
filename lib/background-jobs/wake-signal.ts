// "Something finished": lets the runner's claim loop sleep until a job slot frees up. A
// notify that comes while nobody waits is remembered, so a wakeup is never lost.
export class WakeSignal {
  private notified = false;
  private resolve: (() => void) | null = null;

  notify(): void {
    this.notified = true;
    this.resolve?.();
    this.resolve = null;
  }

  async wait(): Promise<void> {
    if (!this.notified) await new Promise<void>((resolve) => (this.resolve = resolve));
    this.notified = false;
  }
}
