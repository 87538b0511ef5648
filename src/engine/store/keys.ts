// Hands out Zeebe-style keys from blocks reserved in the database, so the runtime can take keys
// synchronously. A block is never reused; a restart or a discarded remainder only leaves a gap.
import type { Db } from './db.js';

const BLOCK_SIZE = 10_000; // must equal the sequence's INCREMENT

export class KeyBlockExhausted extends Error {
  override readonly name = 'KeyBlockExhausted';
}

export class KeyAllocator {
  private next = 0;
  private end = 0;
  private refill: Promise<void> | undefined;

  constructor(private readonly db: Db) {}

  /** Makes sure at least `count` (≤ block size) keys can be taken without waiting. */
  async ensure(count: number): Promise<void> {
    while (this.end - this.next < count) {
      this.refill ??= this.reserveBlock().finally(() => (this.refill = undefined));
      await this.refill;
    }
  }

  take(): string {
    if (this.next >= this.end) throw new KeyBlockExhausted('no reserved keys left');
    return String(this.next++);
  }

  private async reserveBlock(): Promise<void> {
    const { rows } = await this.db.query<{ start: number }>(`SELECT nextval('engine.key_blocks') AS start`);
    this.next = Number(rows[0]!.start);
    this.end = this.next + BLOCK_SIZE;
  }
}
