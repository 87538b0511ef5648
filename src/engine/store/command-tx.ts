// A command's transaction in as few round trips as the protocol allows: BEGIN travels with the
// command's first statements as one multi-statement simple query (in READ COMMITTED every
// statement of such a query takes a fresh snapshot, so a read that follows a row lock in the same
// query sees what the lock waited for). The final write is a named, parameterised statement and
// COMMIT follows it; a write that is the transaction's only statement needs neither BEGIN nor
// COMMIT, as a single statement commits on its own.
import type pg from 'pg';
import type { Db, Tx } from './db.js';

type Row = Record<string, unknown>;

/** A string as an SQL literal, valid whatever standard_conforming_strings says. */
export function sqlLiteral(text: string): string {
  const quoted = text.replaceAll("'", "''");
  return text.includes('\\') ? `E'${quoted.replaceAll('\\', '\\\\')}'` : `'${quoted}'`;
}

/** Digits within bigint's range: a key the database can hold. */
export const isKey = (text: string) => /^\d{1,19}$/.test(text) && BigInt(text) <= 9_223_372_036_854_775_807n;

/**
 * A key for inlining into SQL; anything else is refused. Out of bigint's range the literal would
 * be numeric, and a numeric comparison cannot use the key's index.
 */
export function sqlKey(key: string): string {
  if (!isKey(key)) throw new Error(`not a key: '${key}'`);
  return key;
}

export class CommandTx {
  private begun = false;
  private ended = false;

  constructor(readonly client: Tx) {}

  /** The connection for parameterised statements, with the transaction begun. */
  async open(): Promise<Tx> {
    if (!this.begun) {
      this.begun = true;
      await this.client.query('BEGIN');
    }
    return this.client;
  }

  /** Runs literal statements (no parameters) in one round trip; returns each one's rows. */
  async batch(statements: string[]): Promise<Row[][]> {
    const all = this.begun ? statements : ['BEGIN', ...statements];
    this.begun = true;
    const results = (await this.client.query(all.join(';\n'))) as unknown as
      pg.QueryResult<Row> | pg.QueryResult<Row>[];
    const list = Array.isArray(results) ? results : [results];
    return list.slice(all.length - statements.length).map((result) => result.rows);
  }

  async commit(): Promise<void> {
    if (this.ended) return;
    // A transaction that never began has nothing to commit.
    if (this.begun) await this.client.query('COMMIT');
    this.ended = true;
  }

  /** Runs the final write, then commits; the write alone when nothing else ran in the transaction. */
  async commitWith(write: (client: Tx) => Promise<void>): Promise<void> {
    if (this.ended) throw new Error('the transaction has ended');
    await write(this.client);
    if (this.begun) await this.commit();
    this.ended = true;
  }

  async rollback(): Promise<void> {
    if (this.begun && !this.ended) await this.client.query('ROLLBACK');
    this.ended = true;
  }
}

/** Runs `work` in one transaction that it ends with `tx.commit`; rolls back on any error. */
export async function inCommandTx<T>(db: Db, work: (tx: CommandTx) => Promise<T>): Promise<T> {
  const client = await db.connect();
  const tx = new CommandTx(client);
  try {
    const result = await work(tx);
    await tx.commit();
    return result;
  } catch (error) {
    await tx.rollback().catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
