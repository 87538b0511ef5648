// The closed sets of values petitions carry; the same words as docs/lifecycle.md and the
// CHECK constraints of the app schema.

export const CHANNELS = ['letter', 'visit', 'online', 'phone', 'leader_reception'] as const;
/** 来信 / 来访 / 网上 / 电话 (12345) / 领导接访. */
export type Channel = (typeof CHANNELS)[number];

export const PETITION_KINDS = ['suggestion', 'accusation', 'appeal'] as const;
/** 建议意见 / 检举控告 / 申诉求决 (decided at triage). */
export type PetitionKind = (typeof PETITION_KINDS)[number];

export const LINES = ['ordinary', 'law'] as const;
/** 涉法涉诉 matters run on the `law` line, led by the 政法委; everything else is `ordinary`. */
export type Line = (typeof LINES)[number];

export const PROCEDURES = ['normal', 'simplified'] as const;
/** 普通程序 ("520") / 简易办理 ("210"). */
export type Procedure = (typeof PROCEDURES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const STAGES = [
  'registered',
  'triage',
  'acceptance',
  'handling',
  'review',
  'replied',
  'return_visit',
  'closed',
  'rejected',
] as const;
export type Stage = (typeof STAGES)[number];

/** Stages after which a petition is no longer open: a new petition on the same matter is a new case. */
export const FINAL_STAGES: readonly Stage[] = ['closed', 'rejected'];

export const RATING_STAGES = ['accept', 'handle', 'overall'] as const;
export type RatingStage = (typeof RATING_STAGES)[number];

export const RATINGS = ['satisfied', 'basically', 'dissatisfied'] as const;
/** 满意 / 基本满意 / 不满意. */
export type Rating = (typeof RATINGS)[number];

/**
 * office: the county petition office (县信访局); department: a county department; township: a
 * town or street government; law: the 政法委, which leads the law-and-litigation line;
 * discipline: 纪委监委; recheck: the next level up that decides 复查 / 复核 (市信访局).
 */
export const UNIT_KINDS = ['office', 'department', 'township', 'law', 'discipline', 'recheck'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
