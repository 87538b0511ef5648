// Engine activity for an operator's counters.
/**
 * What the engine reports as it works. A plain interface so that the engine does not depend on any
 * metrics library: the launcher adapts it to whatever it exposes. Calls are made after the change
 * is committed and must not throw (a throwing hook is logged and ignored).
 */
export interface EngineMetrics {
  jobsActivated(type: string, count: number): void;
  jobCompleted(type: string): void;
  jobFailed(type: string): void;
  jobErrorThrown(type: string): void;
  timersFired(count: number): void;
}
