import type pg from 'pg';
import { registerIntake } from '../petitions/intake.js';
import type { DataKey } from '../petitioners/crypto.js';
import type { Queryable } from '../sql.js';
import { createUser, findUserByUsername } from '../users/users.js';
import { DEMO_PETITIONS, DEMO_USERS } from './demo-data.js';
import { seedReference, type ReferenceSeedCounts } from './seed-reference.js';

export interface DemoSeedOptions {
  /** The password of every demo user. */
  password: string;
  /** Encrypts the sample petitioners' identity fields. */
  dataKey: DataKey;
  /** The seeding instant: samples are registered in the days before it. Default: now. */
  now?: Date;
}

export interface DemoSeedResult {
  reference: ReferenceSeedCounts;
  /** Usernames created now (existing demo users are left alone, password included). */
  usersCreated: string[];
  /** Numbers of the sample petitions registered now (none if samples were there already). */
  petitionsRegistered: string[];
}

const DEMO_REGISTRAR = 'demo-intake';
const DAY_MS = 86_400_000;

async function hasDemoPetitions(db: Queryable): Promise<boolean> {
  const result = await db.query('SELECT 1 FROM app.petitions WHERE registered_by = $1 LIMIT 1', [
    DEMO_REGISTRAR,
  ]);
  return (result.rowCount ?? 0) > 0;
}

/**
 * A demo installation: the reference data, one user per role (demo-intake, demo-office,
 * demo-reviewer, demo-unit, demo-unit-head, demo-supervisor, demo-leader, demo-discipline,
 * demo-admin), and sample petitions registered through the repository — stage `registered`,
 * no process (the app starts processes), the last one a repeat linked to the first. Running it
 * again adds nothing.
 */
export async function seedDemo(pool: pg.Pool, options: DemoSeedOptions): Promise<DemoSeedResult> {
  const now = options.now ?? new Date();
  const reference = await seedReference(pool);

  const usersCreated: string[] = [];
  for (const user of DEMO_USERS) {
    if ((await findUserByUsername(pool, user.username)) !== undefined) continue;
    await createUser(pool, { ...user, password: options.password }, now);
    usersCreated.push(user.username);
  }

  const petitionsRegistered: string[] = [];
  if (!(await hasDemoPetitions(pool))) {
    for (const [index, sample] of DEMO_PETITIONS.entries()) {
      // Samples of the same day keep their order: a minute apart.
      const registeredAt = new Date(
        now.getTime() - sample.daysAgo * DAY_MS - (DEMO_PETITIONS.length - index) * 60_000,
      );
      const { petition } = await registerIntake(pool, options.dataKey, {
        petitioner: sample.petitioner,
        channel: sample.channel,
        title: sample.title,
        content: sample.content,
        category: sample.category,
        area: sample.area,
        skipLevel: sample.skipLevel,
        registeredAt,
        registeredBy: DEMO_REGISTRAR,
      });
      petitionsRegistered.push(petition.number);
    }
  }
  return { reference, usersCreated, petitionsRegistered };
}
