/**
 * A progress line on stderr (stdout stays for the results). On a terminal it redraws in place;
 * otherwise (CI, redirected logs) it prints a line every few seconds so the log stays readable.
 */
export interface ProgressState {
  done: number;
  total: number;
  /** Extra facts after the bar, e.g. `任务 120/360`. */
  detail?: string;
}

export class Progress {
  private timer?: NodeJS.Timeout;
  private started = 0;
  private lastPlain = 0;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(
    private readonly label: string,
    private readonly state: () => ProgressState,
  ) {}

  start(): this {
    this.started = Date.now();
    this.timer = setInterval(() => this.draw(false), this.tty ? 250 : 1000);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.draw(true);
    if (this.tty) process.stderr.write('\n');
  }

  private draw(final: boolean): void {
    const { done, total, detail } = this.state();
    const elapsed = (Date.now() - this.started) / 1000;
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    const width = 24;
    const filled = Math.round(ratio * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const rate = elapsed > 0 ? (done / elapsed).toFixed(2) : '0.00';
    const line = `${this.label} ▕${bar}▏ ${done}/${total} · ${elapsed.toFixed(0)} 秒 · ${rate}/秒${detail ? ` · ${detail}` : ''}`;
    if (this.tty) {
      process.stderr.write(`\r\x1b[2K${line}`);
    } else if (final || Date.now() - this.lastPlain >= 5000) {
      this.lastPlain = Date.now();
      process.stderr.write(`${line}\n`);
    }
  }
}
