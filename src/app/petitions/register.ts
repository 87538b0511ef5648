// Registering a petition through the API (登记): every field checked at once, then the domain's
// intake (petitioner, repeat check, number) in one transaction, then the engine: a new case starts
// its `petition` process, a repeat tells the open case's process with `petition-repeated`. The
// engine is asked after the petition is stored; if it does not answer, the dispatcher retries.
import { registerIntake, type Petition } from '../../domain/petitions/index.js';
import { isKnownArea, isKnownCategory } from '../../domain/reference/index.js';
import type { ApiDeps } from '../api/deps.js';
import { PETITION_LABELS, registerPetitionBody, type RegisterPetitionBody } from '../api/schemas.js';
import { fieldErrors } from '../api/validation.js';
import type { SessionUser } from '../auth/sessions.js';
import { PETITION_REPEATED_MESSAGE } from '../engine/dispatcher.js';
import { enqueueMessage } from '../engine/messages.js';
import { invalidInputProblem, ProblemError, type FieldError } from '../problem.js';

export function petitionSummary(petition: Petition) {
  return {
    number: petition.number,
    title: petition.title,
    channel: petition.channel,
    category: petition.categoryCode,
    area: petition.areaCode,
    stage: petition.stage,
    firstTime: petition.firstTime,
    skipLevel: petition.skipLevel,
    repeatCount: petition.repeatCount,
    riskLevel: petition.riskLevel,
    processInstanceKey: petition.processInstanceKey,
    registeredAt: petition.registeredAt.toISOString(),
    registeredBy: petition.registeredBy,
  };
}

export type RegistrationResult =
  | {
      kind: 'registered';
      body: { petition: ReturnType<typeof petitionSummary>; processStart: 'started' | 'pending' };
    }
  | {
      kind: 'repeat';
      body: {
        petition: ReturnType<typeof petitionSummary>;
        repeatOf: { number: string; repeatCount: number };
        messagePublished: boolean;
      };
    };

/** Codes that name no category or area; checked even when other fields are wrong, so every error shows at once. */
async function referenceErrors(deps: ApiDeps, input: unknown, already: Set<string>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const { category, area } = raw;
  if (typeof category === 'string' && category.trim() !== '' && !already.has('category')) {
    if (!(await isKnownCategory(deps.db, category.trim()))) {
      errors.push({ field: 'category', message: `未知的信访事项类别：${category.trim()}` });
    }
  }
  if (typeof area === 'string' && area.trim() !== '' && !already.has('area')) {
    if (!(await isKnownArea(deps.db, area.trim()))) {
      errors.push({ field: 'area', message: `未知的属地（乡镇/街道）：${area.trim()}` });
    }
  }
  return errors;
}

async function validate(deps: ApiDeps, input: unknown): Promise<RegisterPetitionBody> {
  const parsed = registerPetitionBody.safeParse(input ?? {});
  const errors = parsed.success ? [] : fieldErrors(parsed.error, PETITION_LABELS, input);
  errors.push(...(await referenceErrors(deps, input, new Set(errors.map((e) => e.field)))));
  if (!parsed.success || errors.length > 0) throw new ProblemError(invalidInputProblem(errors));
  return parsed.data;
}

export async function registerPetitionFromApi(
  deps: ApiDeps,
  input: unknown,
  user: SessionUser,
): Promise<RegistrationResult> {
  const body = await validate(deps, input);
  const registeredAt = new Date(await deps.engineNow());
  // The open case hears of a repeat by a message, queued with the registration itself so that a
  // crash right after the commit cannot lose it; the dispatcher delivers it (now, or on retry).
  const repeatMessage = (repeat: Petition, open: Petition) => ({
    name: PETITION_REPEATED_MESSAGE,
    correlationKey: open.number,
    variables: { repeatCount: open.repeatCount },
    // One message per repeat petition, however often it is retried.
    messageId: `${PETITION_REPEATED_MESSAGE}:${repeat.number}`,
    petitionId: open.id,
  });
  const intake = await registerIntake(
    deps.db,
    deps.dataKey,
    {
      petitioner: {
        name: body.petitioner.name,
        idNumber: body.petitioner.idNumber,
        phone: body.petitioner.phone,
        address: body.petitioner.address,
      },
      channel: body.channel,
      title: body.title,
      content: body.content,
      category: body.category,
      area: body.area,
      firstTime: body.firstTime,
      skipLevel: body.skipLevel,
      registeredAt,
      registeredBy: user.username,
    },
    {
      onRepeat: async (client, result) => {
        await enqueueMessage(client, {
          ...repeatMessage(result.petition, result.repeatOf),
          now: registeredAt,
        });
      },
    },
  );

  if (intake.repeatOf !== undefined) {
    const open = intake.repeatOf;
    // Already queued: publishing the same message id finds it and tries to deliver it now.
    const messagePublished = await deps.dispatcher.publish(repeatMessage(intake.petition, open));
    return {
      kind: 'repeat',
      body: {
        petition: petitionSummary(intake.petition),
        repeatOf: { number: open.number, repeatCount: open.repeatCount },
        messagePublished,
      },
    };
  }

  const start = await deps.dispatcher.startPetition(intake.petition.id, user.username);
  return {
    kind: 'registered',
    body: {
      petition: petitionSummary(start.status === 'started' ? start.petition : intake.petition),
      processStart: start.status,
    },
  };
}
