// One petition as a clerk opens it: stage, units, deadlines with the working days left, letters,
// timeline and the petitioner with masked identity — for the users allowed to see it. And the
// petitioner's unmasked identity, for those who must contact them; every such answer is audited.
import { recordAudit } from '../../domain/audit/index.js';
import { toShanghaiDate, type WorkingDayCalendar } from '../../domain/calendar/index.js';
import { loadCalendar } from '../../domain/deadline-rules/index.js';
import { listLetters } from '../../domain/letters/index.js';
import { getPetitioner, revealPetitionerIdentity } from '../../domain/petitioners/index.js';
import { getPetition, getPetitionByNumber, listTimeline } from '../../domain/petitions/index.js';
import { getArea, getCategory } from '../../domain/reference/index.js';
import { withTransaction } from '../../domain/sql.js';
import { listUnits } from '../../domain/units/index.js';
import type { ApiDeps } from '../api/deps.js';
import { mayRevealPetitioner, petitionAccess } from '../auth/access.js';
import type { SessionUser } from '../auth/sessions.js';
import { apiProblem } from '../problem.js';

function notFound(number: string) {
  return apiProblem('notFound', 404, `没有编号为 ${number} 的信访事项，或您无权查看。`);
}

/** Working days from `today` to the due day (0: due today, negative: overdue); null beyond the known holiday schedule. */
function workingDaysLeft(calendar: WorkingDayCalendar, today: string, due: Date): number | null {
  try {
    return calendar.workingDaysBetween(today, toShanghaiDate(due.getTime()));
  } catch {
    return null;
  }
}

/** The petition and its category, for a user allowed to see it; 404 for one outside their scope. */
async function visiblePetition(deps: ApiDeps, number: string, user: SessionUser) {
  const petition = await getPetitionByNumber(deps.db, number);
  if (petition === undefined) throw notFound(number);
  const category = await getCategory(deps.db, petition.categoryCode);
  const access = petitionAccess(user, petition, { accusationCategory: category?.accusation ?? false });
  if (access === 'forbidden') throw apiProblem('forbidden', 403, '您的角色无权查看信访事项。');
  if (access === 'hidden') throw notFound(number);
  return { petition, category };
}

export async function petitionDetail(deps: ApiDeps, number: string, user: SessionUser) {
  const { petition, category } = await visiblePetition(deps, number, user);

  const [area, units, letters, timeline, petitioner, calendar, now, repeatOf] = await Promise.all([
    getArea(deps.db, petition.areaCode),
    listUnits(deps.db, { includeInactive: true }),
    listLetters(deps.db, { petitionId: petition.id }),
    listTimeline(deps.db, petition.id),
    getPetitioner(deps.db, petition.petitionerId),
    loadCalendar(deps.db),
    deps.engineNow(),
    petition.repeatOf === null ? Promise.resolve(undefined) : getPetition(deps.db, petition.repeatOf),
  ]);
  const unitName = new Map(units.map((unit) => [unit.code, unit.name]));
  const unit = (code: string) => ({ code, name: unitName.get(code) ?? code });
  const today = toShanghaiDate(now);
  const deadline = (due: Date | null) =>
    due === null ? null : { due: due.toISOString(), workingDaysLeft: workingDaysLeft(calendar, today, due) };

  return {
    number: petition.number,
    title: petition.title,
    content: petition.content,
    channel: petition.channel,
    category: { code: petition.categoryCode, name: category?.name ?? petition.categoryCode },
    area: { code: petition.areaCode, name: area?.name ?? petition.areaCode },
    kind: petition.kind,
    line: petition.line,
    procedure: petition.procedure,
    riskLevel: petition.riskLevel,
    stage: petition.stage,
    firstTime: petition.firstTime,
    skipLevel: petition.skipLevel,
    repeatCount: petition.repeatCount,
    repeatOf: repeatOf === undefined ? null : { number: repeatOf.number },
    processInstanceKey: petition.processInstanceKey,
    registeredAt: petition.registeredAt.toISOString(),
    registeredBy: petition.registeredBy,
    repliedAt: petition.repliedAt?.toISOString() ?? null,
    closedAt: petition.closedAt?.toISOString() ?? null,
    leadUnit: petition.leadUnit === null ? null : unit(petition.leadUnit),
    coUnits: petition.coUnits.map(unit),
    deadlines: { accept: deadline(petition.acceptDue), handle: deadline(petition.handleDue) },
    petitioner: {
      name: petitioner?.name ?? '',
      idNumberMasked: petitioner?.idNumberMasked ?? '',
      phoneMasked: petitioner?.phoneMasked ?? null,
    },
    letters: letters.map((letter) => ({
      id: letter.id,
      number: letter.number,
      kind: letter.kind,
      stage: letter.stage,
      unit: { code: letter.unitCode, name: letter.unitName },
      issuedAt: letter.issuedAt,
      replyDue: letter.replyDue,
      status: letter.status,
    })),
    timeline: timeline.map((entry) => ({
      at: entry.at.toISOString(),
      kind: entry.kind,
      actor: entry.actor,
      detail: entry.detail,
    })),
  };
}

/**
 * The petitioner's name, ID number, phone and address in clear, for a user who may see the petition
 * and must contact the petitioner (mayRevealPetitioner). The audit record is written in the same
 * transaction as the read: no identity leaves the server unaudited.
 */
export async function petitionerIdentity(
  deps: ApiDeps,
  number: string,
  user: SessionUser,
  ip: string | null,
) {
  const { petition } = await visiblePetition(deps, number, user);
  if (!mayRevealPetitioner(user, petition)) {
    throw apiProblem(
      'forbidden',
      403,
      '只有信访局登记、经办、审核人员和主办单位的经办人、负责人可以查看信访人的完整身份信息。',
    );
  }
  return withTransaction(deps.db, async (client) => {
    const petitioner = await getPetitioner(client, petition.petitionerId);
    const identity = await revealPetitionerIdentity(client, deps.dataKey, petition.petitionerId);
    if (petitioner === undefined || identity === undefined) throw notFound(number);
    const fields = [
      'name',
      'idNumber',
      ...(identity.phone === null ? [] : ['phone']),
      ...(identity.address === null ? [] : ['address']),
    ];
    await recordAudit(client, {
      at: deps.clock(),
      actor: user.username,
      action: 'petitioner.unmasked',
      target: petition.number,
      details: { fields },
      ip,
    });
    return {
      petition: { number: petition.number },
      name: petitioner.name,
      idNumber: identity.idNumber,
      phone: identity.phone,
      address: identity.address,
    };
  });
}
