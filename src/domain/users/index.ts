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
  type NewUser,
  type User,
} from './users.js';
