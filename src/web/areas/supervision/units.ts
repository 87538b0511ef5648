// The active units the filters offer (GET /api/units), read once per page load.
import { api } from '../../api/client';
import type { Named, ReferenceList } from './types';

let units: Promise<Named[]> | undefined;

export function loadUnits(): Promise<Named[]> {
  units ??= api.get<ReferenceList>('/units').then(
    (answer) => answer.items,
    (error: unknown) => {
      // Not kept: the next page asks again.
      units = undefined;
      throw error;
    },
  );
  return units;
}
