export { getUserForUpdate, searchUsers, updateUser, type UserChanges, type UserFilter } from './accounts.js';
export {
  LOCKOUT_MS,
  MAX_FAILED_SIGN_INS,
  isLocked,
  signIn,
  unlockUser,
  type SignInResult,
} from './lockout.js';
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from './password.js';
export { ROLES, UNIT_ROLES, isRole, parseRoles, type Role } from './roles.js';
export {
  authenticate,
  createUser,
  findUserByUsername,
  getUser,
  listUsers,
  normalizeUsername,
  setPassword,
  setUserActive,
  userFieldErrors,
  type NewUser,
  type User,
  type UserFieldError,
} from './users.js';
