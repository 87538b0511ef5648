// Demo users and sample petitions for trying the system out. People and places are invented;
// ID numbers use the made-up region code 419901 (no such county) and valid check digits.
import { idNumberCheckCharacter } from '../petitioners/identity.js';
import type { Role } from '../users/roles.js';
import type { Channel } from '../vocabulary.js';
import type { AreaCode, CategoryCode } from './reference-data.js';

export interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  unitCode: string | null;
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'demo-intake',
    displayName: '王小红（登记员）',
    roles: ['intake'],
    unitCode: 'petition-office',
  },
  {
    username: 'demo-office',
    displayName: '李明（信访局经办）',
    roles: ['office'],
    unitCode: 'petition-office',
  },
  {
    username: 'demo-reviewer',
    displayName: '赵静（信访局审核）',
    roles: ['office_review'],
    unitCode: 'petition-office',
  },
  {
    username: 'demo-unit',
    displayName: '陈刚（住建局经办人）',
    roles: ['unit_handler'],
    unitCode: 'housing-construction',
  },
  {
    username: 'demo-unit-head',
    displayName: '周建华（住建局负责人）',
    roles: ['unit_head'],
    unitCode: 'housing-construction',
  },
  {
    username: 'demo-supervisor',
    displayName: '孙磊（督查督办）',
    roles: ['supervisor'],
    unitCode: 'petition-office',
  },
  { username: 'demo-leader', displayName: '郑国强（县级领导）', roles: ['leader'], unitCode: null },
  {
    username: 'demo-discipline',
    displayName: '吴敏（纪委监委联络员）',
    roles: ['discipline'],
    unitCode: 'discipline',
  },
  { username: 'demo-admin', displayName: '系统管理员', roles: ['admin', 'designer'], unitCode: null },
];

/** An invented ID number: region 419901, the birth date, a sequence, and the right check character. */
export function demoIdNumber(birthDate: string, sequence: number): string {
  const first17 = `419901${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return `${first17}${idNumberCheckCharacter(first17)}`;
}

export interface DemoPetition {
  petitioner: { name: string; idNumber: string; phone: string; address?: string };
  channel: Channel;
  category: CategoryCode;
  area: AreaCode;
  title: string;
  content: string;
  skipLevel?: boolean;
  /** Registered this many days before the seeding. */
  daysAgo: number;
}

const ZHANG = {
  name: '张桂兰',
  idNumber: demoIdNumber('1958-03-12', 42),
  phone: '13800001001',
  address: '城关镇东关村三组',
};

/** In registration order; the last one repeats the first (same petitioner, same matter, still open). */
export const DEMO_PETITIONS: readonly DemoPetition[] = [
  {
    petitioner: ZHANG,
    channel: 'visit',
    category: 'land-acquisition',
    area: 'chengguan',
    title: '东关村征地补偿款未足额发放',
    content:
      '本人承包地 2.3 亩于去年被征收用于城关镇东关路拓宽工程，按公示标准应得补偿款约 11 万元，至今仅领到 6 万元，村里和镇里均未说明原因。请求核实并足额发放剩余补偿款。',
    daysAgo: 9,
  },
  {
    petitioner: { name: '李建国', idNumber: demoIdNumber('1979-11-02', 17), phone: '13900002002' },
    channel: 'online',
    category: 'labor-social-security',
    area: 'maji',
    title: '工业园区建筑工地拖欠农民工工资八个月',
    content:
      '我们 23 名工人在马集镇工业园区某厂房工地务工，自今年 3 月起工资一直未结清，总额约 46 万元。施工方以甲方未付工程款为由拖延，请求督促尽快支付。',
    daysAgo: 6,
  },
  {
    petitioner: {
      name: '王秀英',
      idNumber: demoIdNumber('1966-07-21', 108),
      phone: '13700003003',
      address: '西城街道建设路 18 号',
    },
    channel: 'letter',
    category: 'housing-security',
    area: 'xicheng',
    title: '申请公共租赁住房两年未获审批',
    content:
      '本人系低保户，于前年 9 月向街道递交公共租赁住房申请，材料齐全，至今既未批准也未告知不予批准的理由。请求说明审批进度。',
    daysAgo: 5,
  },
  {
    petitioner: { name: '刘海', idNumber: demoIdNumber('1984-01-30', 66), phone: '13600004004' },
    channel: 'phone',
    category: 'environment',
    area: 'liuhe',
    title: '柳河上游养殖场污水直排河道',
    content:
      '柳河镇上游一处生猪养殖场夜间将粪污直接排入柳河，下游青石镇河段气味刺鼻、鱼类死亡。请求查处并治理。',
    daysAgo: 4,
  },
  {
    petitioner: { name: '陈志明', idNumber: demoIdNumber('1971-05-08', 213), phone: '13500005005' },
    channel: 'letter',
    category: 'law-litigation',
    area: 'xicheng',
    title: '民事判决生效两年仍未执行到位',
    content:
      '本人与某装饰公司买卖合同纠纷一案，县人民法院判决对方支付货款 18 万元，判决生效已两年，执行款仅到位 3 万元。请求依法督促执行。',
    daysAgo: 3,
  },
  {
    petitioner: { name: '赵德胜', idNumber: demoIdNumber('1962-09-15', 35), phone: '13400006006' },
    channel: 'letter',
    category: 'accusation',
    area: 'qingshi',
    title: '反映青石镇某村干部虚报冒领低保金',
    content:
      '青石镇某村村委会一名干部将其亲属多人违规纳入低保，其中两人长期在外经商，涉嫌虚报冒领低保金。请求调查处理。',
    daysAgo: 2,
  },
  {
    petitioner: { name: '孙丽', idNumber: demoIdNumber('1990-12-01', 77), phone: '13300007007' },
    channel: 'leader_reception',
    category: 'real-estate',
    area: 'dongcheng',
    title: '阳光花园小区交房三年仍无法办理不动产证',
    content:
      '东城街道阳光花园小区 2 号楼、5 号楼共 126 户业主交房已满三年，开发商以土地出让金未缴清为由，至今无法为业主办理不动产权证书。',
    skipLevel: true,
    daysAgo: 1,
  },
  {
    petitioner: ZHANG,
    channel: 'phone',
    category: 'land-acquisition',
    area: 'chengguan',
    title: '东关村征地补偿款至今未足额发放',
    content: '上次到信访局反映的征地补偿款问题至今没有结果，剩余约 5 万元补偿款仍未发放，再次请求尽快解决。',
    daysAgo: 0,
  },
];
