// Registering a petition as the front desk does (登记): find or create the petitioner, check for
// an open case on the same matter, register, and link a repeat to the open case — all in one
// transaction. The petitioner's row stays locked until the end (the upsert locks it), so two
// clerks registering the same person at once cannot both open a case.
import type pg from 'pg';
import type { DataKey } from '../petitioners/crypto.js';
import { findOpenCaseFor } from '../petitioners/open-case.js';
import { findOrCreatePetitioner, type Petitioner, type PetitionerInput } from '../petitioners/petitioners.js';
import { DEFAULT_SIMILARITY_THRESHOLD } from '../petitioners/similarity.js';
import { withTransaction, type Queryable } from '../sql.js';
import type { Channel, RiskLevel } from '../vocabulary.js';
import { registerPetition } from './register.js';
import { linkRepeat } from './repeat.js';
import type { Petition } from './types.js';

export interface IntakeInput {
  petitioner: PetitionerInput;
  channel: Channel;
  title: string;
  content: string;
  category: string;
  area: string;
  skipLevel?: boolean | undefined;
  /** 初信初访; by default: the petitioner has no earlier petition in this category. */
  firstTime?: boolean | undefined;
  riskLevel?: RiskLevel | undefined;
  registeredAt: Date;
  registeredBy: string;
}

export interface IntakeResult {
  /** The registered petition; for a repeat, closed as merged into `repeatOf`. */
  petition: Petition;
  petitioner: Petitioner;
  petitionerCreated: boolean;
  /**
   * The open case this petition repeats, after the link (repeat count and risk raised). The app
   * starts no process for a repeat; it publishes `petition-repeated` for this case instead.
   */
  repeatOf?: Petition;
}

async function hasEarlierPetition(db: Queryable, petitionerId: number, category: string): Promise<boolean> {
  const result = await db.query(
    'SELECT 1 FROM app.petitions WHERE petitioner_id = $1 AND category_code = $2 LIMIT 1',
    [petitionerId, category],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function registerIntake(
  pool: pg.Pool,
  key: DataKey,
  input: IntakeInput,
  options: {
    similarityThreshold?: number;
    /**
     * Runs in the registration's transaction once a repeat is linked: what must not be lost if the
     * process dies right after the commit (the app queues the open case's message here).
     */
    onRepeat?: (client: pg.PoolClient, result: Required<IntakeResult>) => Promise<void>;
  } = {},
): Promise<IntakeResult> {
  return withTransaction(pool, async (client) => {
    const { petitioner, created } = await findOrCreatePetitioner(
      client,
      key,
      input.petitioner,
      input.registeredAt,
    );
    const openCase = await findOpenCaseFor(
      client,
      { petitionerId: petitioner.id, category: input.category, title: input.title },
      options.similarityThreshold ?? DEFAULT_SIMILARITY_THRESHOLD,
    );
    const firstTime = input.firstTime ?? !(await hasEarlierPetition(client, petitioner.id, input.category));
    const petition = await registerPetition(client, {
      channel: input.channel,
      title: input.title,
      content: input.content,
      category: input.category,
      area: input.area,
      petitionerId: petitioner.id,
      firstTime,
      skipLevel: input.skipLevel,
      riskLevel: input.riskLevel,
      registeredAt: input.registeredAt,
      registeredBy: input.registeredBy,
    });
    if (openCase === undefined) return { petition, petitioner, petitionerCreated: created };
    const linked = await linkRepeat(
      client,
      { repeatId: petition.id, openId: openCase.id },
      { at: input.registeredAt, actor: input.registeredBy },
    );
    const result = { petition: linked.repeat, petitioner, petitionerCreated: created, repeatOf: linked.open };
    await options.onRepeat?.(client, result);
    return result;
  });
}
