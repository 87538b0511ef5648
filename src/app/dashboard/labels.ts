// Chinese names of the closed sets the dashboard counts by, as the charts and the export show them.
import type { Channel, Stage } from '../../domain/vocabulary.js';

export const STAGE_NAMES: Record<Stage, string> = {
  registered: '已登记',
  triage: '分类交办',
  acceptance: '待受理',
  handling: '办理中',
  review: '答复预审',
  replied: '已答复',
  return_visit: '回访中',
  closed: '已办结',
  rejected: '不予受理',
};

export const CHANNEL_NAMES: Record<Channel, string> = {
  letter: '来信',
  visit: '来访',
  online: '网上信访',
  phone: '电话',
  leader_reception: '领导接访',
};
