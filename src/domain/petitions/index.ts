export { getPetition, getPetitionByNumber, getPetitionsByNumbers, getPetitionWithTimeline } from './get.js';
export { registerIntake, type IntakeInput, type IntakeResult } from './intake.js';
export { formatPetitionNumber, numberingYear, parsePetitionNumber } from './numbers.js';
export { listRatings, recordRating, type PetitionRating } from './ratings.js';
export {
  MAX_CONTENT_LENGTH,
  MAX_TITLE_LENGTH,
  registerPetition,
  type RegisterPetitionInput,
} from './register.js';
export { linkRepeat } from './repeat.js';
export { MAX_PAGE_SIZE, searchPetitions, type PetitionFilter } from './search.js';
export { addTimelineEntry, listTimeline, type TimelineEntry } from './timeline.js';
export type { Act, Petition } from './types.js';
export {
  applyTriage,
  changeProcedure,
  recordDeadline,
  recordProcessInstance,
  updateStage,
  type DeadlineColumnStage,
  type Triage,
} from './update.js';
