import { expect } from 'chai';
import {
  candidateGroupsOf,
  mayRevealPetitioner,
  mayWorkTask,
  petitionAccess,
} from '../../src/app/auth/access.js';
import type { SessionUser } from '../../src/app/auth/sessions.js';
import { bySoonestDue } from '../../src/app/tasks/tasks.js';

function user(
  roles: SessionUser['roles'],
  unitCode: string | null = null,
  unitKind: SessionUser['unitKind'] = null,
): SessionUser {
  return { id: 1, username: 'li', displayName: '李', roles, unitCode, unitKind };
}

const petition = {
  kind: null,
  leadUnit: 'water',
  coUnits: ['roads'],
  firstTime: false,
  skipLevel: false,
} as const;

describe('access rules', () => {
  it('maps roles and units to candidate groups', () => {
    expect(candidateGroupsOf(user(['office']))).to.deep.equal(['office']);
    expect(candidateGroupsOf(user(['office_review', 'supervisor']))).to.deep.equal([
      'office-review',
      'supervision',
    ]);
    expect(candidateGroupsOf(user(['unit_handler'], 'water', 'department'))).to.deep.equal(['unit:water']);
    expect(candidateGroupsOf(user(['unit_head'], 'water', 'department'))).to.deep.equal([
      'unit:water',
      'unit-head:water',
    ]);
    expect(candidateGroupsOf(user(['discipline'], 'discipline', 'discipline'))).to.deep.equal([
      'discipline',
      'unit:discipline',
    ]);
    expect(candidateGroupsOf(user(['unit_handler'], 'city', 'recheck'))).to.deep.equal([
      'unit:city',
      'recheck',
    ]);
    expect(candidateGroupsOf(user(['intake', 'leader', 'designer', 'admin']))).to.deep.equal([]);
  });

  it('gives a task to its assignee alone once it is assigned', () => {
    const office = user(['office']);
    expect(mayWorkTask(office, { candidateGroups: ['office'] })).to.equal(true);
    expect(mayWorkTask(office, { candidateGroups: ['office'], assignee: 'zhao' })).to.equal(false);
    expect(mayWorkTask(office, { candidateGroups: ['unit:water'], assignee: 'li' })).to.equal(true);
    expect(mayWorkTask(office, { candidateGroups: ['unit:water'], candidateUsers: ['li'] })).to.equal(true);
    expect(mayWorkTask(office, { candidateGroups: ['unit:water'] })).to.equal(false);
  });

  it('shows a unit its own petitions only, and accusations only to the discipline unit', () => {
    const water = user(['unit_handler'], 'water', 'department');
    const roads = user(['unit_head'], 'roads', 'department');
    const health = user(['unit_handler'], 'health', 'department');
    const discipline = user(['discipline'], 'discipline', 'discipline');
    const noAccusation = { accusationCategory: false };

    expect(petitionAccess(water, petition, noAccusation)).to.equal('visible');
    expect(petitionAccess(roads, petition, noAccusation)).to.equal('visible');
    expect(petitionAccess(health, petition, noAccusation)).to.equal('hidden');
    expect(petitionAccess(user(['office']), petition, noAccusation)).to.equal('visible');
    expect(petitionAccess(user(['designer']), petition, noAccusation)).to.equal('forbidden');

    const accusation = { ...petition, kind: 'accusation' as const };
    expect(petitionAccess(water, accusation, noAccusation)).to.equal('hidden');
    expect(petitionAccess(water, petition, { accusationCategory: true })).to.equal('hidden');
    expect(
      petitionAccess(discipline, { ...accusation, leadUnit: 'discipline', coUnits: [] }, noAccusation),
    ).to.equal('visible');
    expect(petitionAccess(discipline, { ...petition, skipLevel: true }, noAccusation)).to.equal('visible');
    expect(petitionAccess(discipline, petition, noAccusation)).to.equal('hidden');
  });

  it("reveals a petitioner's identity to the petition office and the lead unit only", () => {
    for (const roles of [['intake'], ['office'], ['office_review']] as const) {
      expect(mayRevealPetitioner(user([...roles]), petition), roles[0]).to.equal(true);
    }
    expect(mayRevealPetitioner(user(['unit_handler'], 'water', 'department'), petition)).to.equal(true);
    expect(mayRevealPetitioner(user(['unit_head'], 'water', 'department'), petition)).to.equal(true);
    // A co-handling unit, and roles that watch or administer, work with the masked identity.
    expect(mayRevealPetitioner(user(['unit_head'], 'roads', 'department'), petition)).to.equal(false);
    for (const role of ['supervisor', 'leader', 'admin', 'designer'] as const) {
      expect(mayRevealPetitioner(user([role]), petition), role).to.equal(false);
    }
    const discipline = user(['discipline'], 'discipline', 'discipline');
    expect(mayRevealPetitioner(discipline, { leadUnit: 'discipline' })).to.equal(true);
    expect(mayRevealPetitioner(discipline, petition)).to.equal(false);
    expect(mayRevealPetitioner(user(['unit_handler'], null), { leadUnit: null })).to.equal(false);
  });

  it('orders tasks soonest due first and those without a due date last', () => {
    const tasks = [
      { dueDate: null, creationDate: '2026-01-01T00:00:00Z' },
      { dueDate: '2026-03-01T00:00:00Z', creationDate: '2026-01-02T00:00:00Z' },
      { dueDate: '2026-02-01T00:00:00Z', creationDate: '2026-01-03T00:00:00Z' },
      { dueDate: null, creationDate: '2025-12-01T00:00:00Z' },
    ];
    expect([...tasks].sort(bySoonestDue).map((t) => [t.dueDate, t.creationDate])).to.deep.equal([
      ['2026-02-01T00:00:00Z', '2026-01-03T00:00:00Z'],
      ['2026-03-01T00:00:00Z', '2026-01-02T00:00:00Z'],
      [null, '2025-12-01T00:00:00Z'],
      [null, '2026-01-01T00:00:00Z'],
    ]);
  });
});
