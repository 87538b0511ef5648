// The answers of the work API the clerks' pages use (src/app/api/schemas.ts,
// operations-supervision.ts for the hints, src/domain/letters/types.ts for letters).
import type { Channel, Stage } from '../../../domain/vocabulary';
import type { Coded, Urgency } from '../../components/petition/types';

export type TaskScope = 'mine' | 'unit' | 'claimable' | 'all';

export interface TaskItem {
  key: string;
  name: string | null;
  elementId: string;
  processInstanceKey: string;
  formId: string | null;
  dueDate: string | null;
  createdAt: string | null;
  assignee: string | null;
  candidateGroups: string[];
  petition: { number: string; title: string } | null;
  channel: Channel | null;
  stage: Stage | null;
  leadUnit: Coded | null;
  workingDaysLeft: number | null;
  urgency: Urgency;
}

/** GET /api/tasks: one page of a list, and how many tasks each list has. */
export interface TaskListPage {
  total: number;
  page: number;
  size: number;
  counts: Record<TaskScope, number>;
  items: TaskItem[];
}

export interface TaskDetail {
  task: {
    key: string;
    name: string | null;
    elementId: string;
    formId: string | null;
    dueDate: string | null;
    createdAt: string | null;
    assignee: string | null;
    candidateGroups: string[];
    workingDaysLeft: number | null;
    urgency: Urgency;
  };
  form: Record<string, unknown> | null;
  variables: Record<string, unknown>;
  petition: { number: string; title: string } | null;
  actions: { complete: boolean; claim: boolean; release: boolean };
}

export interface Category {
  code: string;
  name: string;
  line: 'ordinary' | 'law';
  accusation: boolean;
}

export interface Area {
  code: string;
  name: string;
  kind: string;
}

export interface PetitionHint {
  number: string;
  title: string;
  stage: Stage;
  open: boolean;
  registeredAt: string;
  similarity: number | null;
  reasons: ('same_petitioner' | 'similar_content')[];
  reasonText: string;
  likelyRepeat: boolean;
  petitioner: { name: string; idNumberMasked: string } | null;
}

export interface PetitionHints {
  petitionerMatchedBy: 'idNumber' | 'phone' | null;
  items: PetitionHint[];
}

export interface RegisteredPetition {
  petition: { number: string; title: string; stage: Stage; repeatCount: number };
  processStart?: 'started' | 'pending';
  repeatOf?: { number: string; repeatCount: number };
}

export type LetterKind = 'supervision' | 'risk' | 'accountability';

export interface Letter {
  id: string;
  number: string;
  kind: LetterKind;
  petitionNumber: string;
  petitionTitle: string;
  stage: string;
  unitCode: string;
  unitName: string;
  deadline: string | null;
  issuedAt: string;
  replyDue: string;
  status: 'issued' | 'replied';
  replyText: string | null;
  repliedAt: string | null;
  repliedBy: string | null;
}
