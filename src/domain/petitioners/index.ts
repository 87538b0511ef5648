export {
  DATA_KEY_FILE,
  DATA_KEY_VARIABLE,
  DataKey,
  MIN_SECRET_LENGTH,
  loadDataKey,
  type DataKeySource,
  type ProtectedField,
} from './crypto.js';
export {
  idNumberCheckCharacter,
  maskIdNumber,
  maskPhone,
  normalizeIdNumber,
  normalizePhone,
} from './identity.js';
export { findOpenCaseFor, type OpenCase, type OpenCaseQuery } from './open-case.js';
export {
  findOrCreatePetitioner,
  findPetitionerByIdNumber,
  findPetitionersByPhone,
  getPetitioner,
  revealPetitionerIdentity,
  type Petitioner,
  type PetitionerIdentity,
  type PetitionerInput,
} from './petitioners.js';
export { DEFAULT_SIMILARITY_THRESHOLD, bigramJaccard, characterBigrams } from './similarity.js';
