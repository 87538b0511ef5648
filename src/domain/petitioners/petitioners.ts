import { invalidInput } from '../errors.js';
import { toId, type Queryable } from '../sql.js';
import type { DataKey } from './crypto.js';
import { maskIdNumber, maskPhone, normalizeIdNumber, normalizePhone } from './identity.js';

/** A petitioner as everyone may see them: identity fields masked. */
export interface Petitioner {
  id: number;
  name: string;
  /** 110101********1234 */
  idNumberMasked: string;
  /** 138****5678, or null when no phone is on record. */
  phoneMasked: string | null;
  createdAt: Date;
}

/** The clear identity fields, for the roles that need them (every reveal is audited by the app). */
export interface PetitionerIdentity {
  idNumber: string;
  phone: string | null;
  address: string | null;
}

export interface PetitionerInput {
  name: string;
  idNumber: string;
  phone?: string | undefined;
  address?: string | undefined;
}

interface PetitionerRow {
  id: string;
  name: string;
  id_number_masked: string;
  phone_masked: string | null;
  created_at: Date;
}

const COLUMNS = 'id, name, id_number_masked, phone_masked, created_at';

const toPetitioner = (row: PetitionerRow): Petitioner => ({
  id: toId(row.id),
  name: row.name,
  idNumberMasked: row.id_number_masked,
  phoneMasked: row.phone_masked,
  createdAt: row.created_at,
});

function petitionerName(input: string): string {
  const name = input.trim();
  if (name === '' || name.length > 50) {
    throw invalidInput('信访人姓名不能为空，且不超过 50 个字', 'A petitioner name has 1 to 50 characters');
  }
  return name;
}

function optionalText(input: string | undefined): string | undefined {
  const value = input?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The petitioner with this ID number, created if new. Identity is the ID number: a known
 * petitioner keeps the name on record, and a phone number or address given now replaces the
 * stored one (people move and change numbers).
 */
export async function findOrCreatePetitioner(
  db: Queryable,
  key: DataKey,
  input: PetitionerInput,
  at: Date,
): Promise<{ petitioner: Petitioner; created: boolean }> {
  const name = petitionerName(input.name);
  const idNumber = normalizeIdNumber(input.idNumber);
  const phoneText = optionalText(input.phone);
  const phone = phoneText === undefined ? undefined : normalizePhone(phoneText);
  const address = optionalText(input.address);

  const result = await db.query<PetitionerRow & { created: boolean }>(
    `INSERT INTO app.petitioners AS p (name, id_number_cipher, id_number_hash, id_number_masked,
        phone_cipher, phone_hash, phone_masked, address_cipher, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id_number_hash) DO UPDATE SET
       phone_cipher = COALESCE(EXCLUDED.phone_cipher, p.phone_cipher),
       phone_hash = COALESCE(EXCLUDED.phone_hash, p.phone_hash),
       phone_masked = COALESCE(EXCLUDED.phone_masked, p.phone_masked),
       address_cipher = COALESCE(EXCLUDED.address_cipher, p.address_cipher)
     RETURNING ${COLUMNS}, (xmax = 0) AS created`,
    [
      name,
      key.encrypt('id_number', idNumber),
      key.lookupHash('id_number', idNumber),
      maskIdNumber(idNumber),
      phone === undefined ? null : key.encrypt('phone', phone),
      phone === undefined ? null : key.lookupHash('phone', phone),
      phone === undefined ? null : maskPhone(phone),
      address === undefined ? null : key.encrypt('address', address),
      at,
    ],
  );
  const row = result.rows[0] as PetitionerRow & { created: boolean };
  return { petitioner: toPetitioner(row), created: row.created };
}

export async function getPetitioner(db: Queryable, id: number): Promise<Petitioner | undefined> {
  const result = await db.query<PetitionerRow>(`SELECT ${COLUMNS} FROM app.petitioners WHERE id = $1`, [id]);
  const row = result.rows[0];
  return row === undefined ? undefined : toPetitioner(row);
}

/** Looks a petitioner up by ID number through its lookup hash; nothing is decrypted. */
export async function findPetitionerByIdNumber(
  db: Queryable,
  key: DataKey,
  idNumber: string,
): Promise<Petitioner | undefined> {
  const result = await db.query<PetitionerRow>(
    `SELECT ${COLUMNS} FROM app.petitioners WHERE id_number_hash = $1`,
    [key.lookupHash('id_number', normalizeIdNumber(idNumber))],
  );
  const row = result.rows[0];
  return row === undefined ? undefined : toPetitioner(row);
}

/** Petitioners on record with this phone number (a family may share one), oldest first. */
export async function findPetitionersByPhone(
  db: Queryable,
  key: DataKey,
  phone: string,
): Promise<Petitioner[]> {
  const result = await db.query<PetitionerRow>(
    `SELECT ${COLUMNS} FROM app.petitioners WHERE phone_hash = $1 ORDER BY id`,
    [key.lookupHash('phone', normalizePhone(phone))],
  );
  return result.rows.map(toPetitioner);
}

/** The decrypted identity fields; DomainError `data-key` if `key` is not the key they were stored with. */
export async function revealPetitionerIdentity(
  db: Queryable,
  key: DataKey,
  id: number,
): Promise<PetitionerIdentity | undefined> {
  const result = await db.query<{
    id_number_cipher: Buffer;
    phone_cipher: Buffer | null;
    address_cipher: Buffer | null;
  }>('SELECT id_number_cipher, phone_cipher, address_cipher FROM app.petitioners WHERE id = $1', [id]);
  const row = result.rows[0];
  if (row === undefined) return undefined;
  return {
    idNumber: key.decrypt('id_number', row.id_number_cipher),
    phone: row.phone_cipher === null ? null : key.decrypt('phone', row.phone_cipher),
    address: row.address_cipher === null ? null : key.decrypt('address', row.address_cipher),
  };
}
