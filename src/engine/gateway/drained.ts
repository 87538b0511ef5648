// Looks in the database for jobs that a long poll or a job stream can skip. When a look for a type
// came back with less than a full batch it left nothing behind; until a job of the type is left
// for pollers (the engine's mark moves), a new look would find nothing either, because every new
// job went straight to a waiting call. Saves one transaction per poll on a busy engine.

/**
 * A look is made at least this often even when it need not be: back-offs that ran out, expired job
 * locks and jobs a look skipped while a command held them announce themselves to no one. A waiting
 * call finds them this soon too (the engine ends every wait after 500 ms).
 */
const LOOK_AT_LEAST_EVERY_MS = 500;

export class DrainedTypes {
  /** Per job type: the mark and time of the last look that left nothing behind. */
  private readonly drained = new Map<string, { mark: number; at: number }>();

  /** After a look that began at `mark` (taken before it) and `at`, and found `found` of `max`. */
  looked(type: string, mark: number | undefined, at: number, found: number, max: number): void {
    if (mark !== undefined && found < max) this.drained.set(type, { mark, at });
    else this.drained.delete(type);
  }

  /** True when a look for `type` now would find nothing (see above). */
  nothingNew(type: string, mark: number | undefined): boolean {
    const last = this.drained.get(type);
    return last !== undefined && mark === last.mark && Date.now() - last.at < LOOK_AT_LEAST_EVERY_MS;
  }
}
