// The answer of GET /api/petitions/:number as the petition file shows it (src/app/api/schemas.ts
// petitionDetail) and of GET /api/petitions/:number/petitioner.
import type { Channel, PetitionKind, Procedure, RiskLevel, Stage } from '../../../domain/vocabulary';

export interface Coded {
  code: string;
  name: string;
}

export type Urgency = 'overdue' | 'near_due' | 'normal';

export interface Deadline {
  due: string;
  workingDaysLeft: number | null;
}

export interface PetitionLetter {
  id: string;
  number: string;
  kind: string;
  stage: string;
  unit: Coded;
  issuedAt: string;
  replyDue: string;
  status: string;
}

export interface TimelineEntry {
  at: string;
  kind: string;
  actor: string;
  detail: Record<string, unknown>;
}

export interface PetitionDetail {
  number: string;
  title: string;
  content: string;
  channel: Channel;
  category: Coded;
  area: Coded;
  kind: PetitionKind | null;
  line: 'ordinary' | 'law';
  procedure: Procedure | null;
  riskLevel: RiskLevel;
  stage: Stage;
  firstTime: boolean;
  skipLevel: boolean;
  repeatCount: number;
  repeatOf: { number: string } | null;
  registeredAt: string;
  registeredBy: string;
  repliedAt: string | null;
  closedAt: string | null;
  leadUnit: Coded | null;
  coUnits: Coded[];
  deadlines: { accept: Deadline | null; handle: Deadline | null };
  petitioner: { name: string; idNumberMasked: string; phoneMasked: string | null };
  letters: PetitionLetter[];
  timeline: TimelineEntry[];
}

export interface PetitionerIdentity {
  name: string;
  idNumber: string;
  phone: string | null;
  address: string | null;
}
