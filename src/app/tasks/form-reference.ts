// Reference data the forms may draw on beside the process variables, as select options
// ({label: name, value: code}): `unitOptions` (the active units), `categoryOptions`,
// `areaOptions` and `channelOptions`. A form offers units by name and shows a code as its name
// with them (docs/designers.md). Only the lists a form mentions are read, fresh for each form shown
// and each submission checked. A form must still work without them (Camunda Tasklist does not
// provide them): the forms fall back to the codes.
import { listAreas } from '../../domain/reference/areas.js';
import { listCategories } from '../../domain/reference/categories.js';
import { listUnits } from '../../domain/units/index.js';
import { CHANNELS } from '../../domain/vocabulary.js';
import type { ApiDeps } from '../api/deps.js';
import { CHANNEL_NAMES } from '../dashboard/labels.js';

export interface Option {
  label: string;
  value: string;
}

const LISTS: Record<string, (deps: ApiDeps) => Promise<Option[]>> = {
  unitOptions: async (deps) =>
    (await listUnits(deps.db)).map((unit) => ({ label: unit.name, value: unit.code })),
  categoryOptions: async (deps) =>
    (await listCategories(deps.db)).map((category) => ({ label: category.name, value: category.code })),
  areaOptions: async (deps) =>
    (await listAreas(deps.db)).map((area) => ({ label: area.name, value: area.code })),
  channelOptions: () =>
    Promise.resolve(CHANNELS.map((channel) => ({ label: CHANNEL_NAMES[channel], value: channel }))),
};

/** The reference lists the form (a form-js schema) mentions, by variable name. */
export async function formReferenceData(deps: ApiDeps, form: unknown): Promise<Record<string, Option[]>> {
  const text = JSON.stringify(form ?? null);
  const wanted = Object.keys(LISTS).filter((name) => text.includes(name));
  const lists = await Promise.all(wanted.map((name) => LISTS[name]!(deps)));
  return Object.fromEntries(wanted.map((name, i) => [name, lists[i]!]));
}
