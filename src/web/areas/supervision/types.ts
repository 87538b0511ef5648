// The answers of the supervision API as the pages use them (src/app/api/operations-supervision.ts).
import type { Channel, RiskLevel, Stage } from '../../../domain/vocabulary';

export interface Named {
  code: string;
  name: string;
}

export interface Ratio {
  numerator: number;
  denominator: number;
  /** null when the denominator is 0. */
  rate: number | null;
}

export interface UnitRates {
  unit: Named | null;
  timelyAcceptance: Ratio;
  onTimeReply: Ratio;
  ratingParticipation: Ratio;
  satisfaction: Ratio;
  ratings: { satisfied: number; basically: number; dissatisfied: number };
}

export interface DueCounts {
  nearDue: number;
  dueToday: number;
  overdue: number;
}

export interface Series extends Named {
  total: number;
  counts: number[];
}

export interface Dashboard {
  period: { from: string; to: string; bucket: 'day' | 'week' };
  unit: Named | null;
  generatedAt: string;
  registrations: { total: number; repeats: number; repeatedCases: number; skipLevel: number };
  byStage: { stage: Stage; name: string; count: number }[];
  deadlines: { accept: DueCounts; handle: DueCounts; total: DueCounts };
  rates: { total: UnitRates; units: UnitRates[] };
  trends: {
    bucket: 'day' | 'week';
    periods: string[];
    total: number[];
    channel: Series[];
    category: Series[];
    area: Series[];
  };
  hotTopics: (Named & { count: number; share: number })[];
  zeroShelving: { count: number; numbers: string[]; source: string };
}

export type Urgency = 'overdue' | 'near_due' | 'normal';

export interface PetitionItem {
  number: string;
  title: string;
  channel: Channel;
  category: Named;
  area: Named;
  stage: Stage;
  leadUnit: Named | null;
  registeredAt: string;
  deadline: {
    stage: 'accept' | 'handle';
    due: string;
    workingDaysLeft: number | null;
    urgency: Urgency;
  } | null;
  repeatCount: number;
  riskLevel: RiskLevel;
  skipLevel: boolean;
}

export interface SearchAnswer {
  total: number;
  page: number;
  size: number;
  items: PetitionItem[];
}

export interface ReferenceList {
  items: Named[];
}
