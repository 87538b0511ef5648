// Reference data the forms may draw on beside the process variables: `unitOptions`, the active
// units as select options ({label: name, value: code}), so a form offers units by name and shows a
// unit code as its name. Read fresh for each form shown and each submission checked. A form must
// still work without it (Camunda Tasklist does not provide it): the forms fall back to the codes.
import { listUnits } from '../../domain/units/index.js';
import type { ApiDeps } from '../api/deps.js';

export interface FormReferenceData {
  unitOptions: { label: string; value: string }[];
}

export async function formReferenceData(deps: ApiDeps): Promise<FormReferenceData> {
  const units = await listUnits(deps.db);
  return { unitOptions: units.map((unit) => ({ label: unit.name, value: unit.code })) };
}
