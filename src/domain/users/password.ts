// Password hashes: Argon2id (the library's defaults: 19 MiB, 2 passes, 1 lane — the OWASP
// minimum), PHC strings that carry their own salt and parameters. Verification is done by the
// library, in constant time.
import { hash, verify } from '@node-rs/argon2';
import { invalidInput } from '../errors.js';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw invalidInput(
      `密码长度应为 ${MIN_PASSWORD_LENGTH} 到 ${MAX_PASSWORD_LENGTH} 个字符`,
      `A password has ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
    );
  }
}

export async function hashPassword(password: string): Promise<string> {
  checkPasswordStrength(password);
  return hash(password);
}

/** Whether `password` matches `passwordHash`; false for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;

/**
 * Spends the time of one verification for a username that does not exist, so that a login's
 * duration does not tell whether the user exists.
 */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hash('decoy password, never matched');
  await verifyPassword(await decoy, password);
  return false;
}
