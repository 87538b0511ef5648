// One petition as a clerk opens it: stage, units, deadlines with the working days left, letters,
// timeline and the petitioner with masked identity — for the users allowed to see it.
import { toShanghaiDate, type WorkingDayCalendar } from '../../domain/calendar/index.js';
import { loadCalendar } from '../../domain/deadline-rules/index.js';
import { listLetters } from '../../domain/letters/index.js';
import { getPetitioner } from '../../domain/petitioners/index.js';
import { getPetition, getPetitionByNumber, listTimeline } from '../../domain/petitions/index.js';
import { getArea, getCategory } from '../../domain/reference/index.js';
import { listUnits } from '../../domain/units/index.js';
import type { ApiDeps } from '../api/deps.js';
import { petitionAccess } from '../auth/access.js';
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

export async function petitionDetail(deps: ApiDeps, number: string, user: SessionUser) {
  const petition = await getPetitionByNumber(deps.db, number);
  if (petition === undefined) throw notFound(number);
  const category = await getCategory(deps.db, petition.categoryCode);
  const access = petitionAccess(user, petition, { accusationCategory: category?.accusation ?? false });
  if (access === 'forbidden') throw apiProblem('forbidden', 403, '您的角色无权查看信访事项。');
  if (access === 'hidden') throw notFound(number);

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
