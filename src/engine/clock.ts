// Engine time. Either the system clock, or (when controlled) pinned to an instant or shifted by an
// offset — the only way tests and demos move time. SQL never reads its own clock: every statement
// is given this one.
import type { EngineClockState } from './api.js';

export type ClockSetting =
  { mode: 'system' } | { mode: 'pinned'; pinnedAt: number } | { mode: 'offset'; offsetMilli: number };

export class EngineClock {
  private setting: ClockSetting = { mode: 'system' };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly systemNow: () => number = Date.now) {}

  now(): number {
    switch (this.setting.mode) {
      case 'system':
        return this.systemNow();
      case 'pinned':
        return this.setting.pinnedAt;
      case 'offset':
        return this.systemNow() + this.setting.offsetMilli;
    }
  }

  current(): ClockSetting {
    return this.setting;
  }

  state(): EngineClockState {
    const s = this.setting;
    return {
      instant: this.now(),
      mode: s.mode,
      offsetMilli:
        s.mode === 'offset' ? s.offsetMilli : s.mode === 'pinned' ? s.pinnedAt - this.systemNow() : 0,
    };
  }

  apply(setting: ClockSetting): void {
    this.setting = setting;
    for (const listener of this.listeners) listener();
  }

  /** Adds to the current offset; a pinned clock moves its pin. */
  added(offsetMilli: number): ClockSetting {
    const s = this.setting;
    if (s.mode === 'pinned') return { mode: 'pinned', pinnedAt: s.pinnedAt + offsetMilli };
    const base = s.mode === 'offset' ? s.offsetMilli : 0;
    return { mode: 'offset', offsetMilli: base + offsetMilli };
  }

  /** Called whenever the clock is changed, so waiters can look again (backed-off jobs, timers). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
