// Protection of petitioners' identity fields (ID number, phone, address).
//
// One secret, from XF_DATA_KEY or the key file DATA_DIR/data.key (made on first use, mode 600),
// yields two keys by HKDF-SHA256: an AES-256-GCM key for the stored ciphertexts and an
// HMAC-SHA256 key for the lookup hashes (so that a petitioner is found by ID number without
// decrypting every row). Each ciphertext is bound to its field by the GCM associated data, so a
// ciphertext copied into another column does not decrypt.
//
// Losing the secret loses every encrypted field: back the key file up with the database.
import crypto from 'node:crypto';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { errorCode } from '../../lib/errors.js';
import { DomainError } from '../errors.js';

/** The environment variable that carries the secret. */
export const DATA_KEY_VARIABLE = 'XF_DATA_KEY';
/** The key file's name inside the data directory. */
export const DATA_KEY_FILE = 'data.key';
/** A secret shorter than this is refused: it would be guessable. */
export const MIN_SECRET_LENGTH = 32;

/** The protected fields; each has its own associated data and lookup hash domain. */
export type ProtectedField = 'id_number' | 'phone' | 'address';

/** Ciphertext layout: version (1 byte) ‖ IV (12) ‖ GCM tag (16) ‖ ciphertext. */
const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
const KDF_SALT = 'xinfang-flow/data-key/v1';

export type DataKeySource = 'explicit' | 'env' | 'file' | 'generated';

function dataKeyError(message: string, detail: string, cause?: unknown): DomainError {
  return new DomainError('data-key', message, detail, cause === undefined ? undefined : { cause });
}

function derive(secret: Buffer, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', secret, KDF_SALT, purpose, 32));
}

/** The keys derived from the data secret. It never shows them, in logs or in JSON. */
export class DataKey {
  readonly #encryption: Buffer;
  readonly #lookup: Buffer;

  private constructor(
    secret: Buffer,
    /** Where the secret came from, for the start-up log. */
    readonly source: DataKeySource,
    /** The key file, when the secret came from one. */
    readonly file?: string,
  ) {
    this.#encryption = derive(secret, 'aes-256-gcm');
    this.#lookup = derive(secret, 'hmac-sha256');
  }

  /** A key from a secret given in code (tests, tools). */
  static fromSecret(secret: string | Buffer, source: DataKeySource = 'explicit', file?: string): DataKey {
    const bytes = typeof secret === 'string' ? Buffer.from(secret.trim(), 'utf8') : secret;
    if (bytes.length < MIN_SECRET_LENGTH) {
      throw dataKeyError(
        `数据密钥太短：至少需要 ${MIN_SECRET_LENGTH} 个字符`,
        `The data secret must be at least ${MIN_SECRET_LENGTH} bytes long, got ${bytes.length}`,
      );
    }
    return new DataKey(bytes, source, file);
  }

  /** AES-256-GCM ciphertext of `plaintext`, bound to `field`. */
  encrypt(field: ProtectedField, plaintext: string): Buffer {
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.#encryption, iv);
    cipher.setAAD(associatedData(field));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(FORMAT_VERSION), iv, cipher.getAuthTag(), body]);
  }

  /** The plaintext of a ciphertext made by `encrypt` for `field`; DomainError `data-key` if this is the wrong key. */
  decrypt(field: ProtectedField, ciphertext: Buffer): string {
    if (ciphertext.length < HEADER_BYTES || ciphertext[0] !== FORMAT_VERSION) {
      throw dataKeyError(
        '加密数据格式无法识别，可能已损坏',
        `Ciphertext of ${field} has an unknown format (version ${String(ciphertext[0])}, ${ciphertext.length} bytes)`,
      );
    }
    const iv = ciphertext.subarray(1, 1 + IV_BYTES);
    const tag = ciphertext.subarray(1 + IV_BYTES, HEADER_BYTES);
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.#encryption, iv);
    decipher.setAAD(associatedData(field));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext.subarray(HEADER_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch (error: unknown) {
      throw dataKeyError(
        '无法解密信访人身份信息：当前数据密钥与加密时使用的不一致（或数据已被改动）',
        `AES-GCM authentication of ${field} failed: the data key differs from the one that encrypted it, or the ciphertext was altered`,
        error,
      );
    }
  }

  /** HMAC-SHA256 (hex) of a normalised value, for equality lookups. */
  lookupHash(field: ProtectedField, normalized: string): string {
    return crypto.createHmac('sha256', this.#lookup).update(`${field}\0${normalized}`, 'utf8').digest('hex');
  }

  toJSON(): string {
    return '[DataKey]';
  }

  toString(): string {
    return '[DataKey]';
  }
}

function associatedData(field: ProtectedField): Buffer {
  return Buffer.from(`xinfang-flow:petitioner.${field}`, 'utf8');
}

async function readKeyFile(file: string): Promise<string | undefined> {
  let handle: FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error: unknown) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw dataKeyError(`无法读取数据密钥文件 ${file}`, `Cannot open the data key file ${file}`, error);
  }
  try {
    const { mode } = await handle.stat();
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw dataKeyError(
        `数据密钥文件 ${file} 的权限过宽，其他用户可以读取；请执行 chmod 600 ${file}`,
        `The data key file ${file} is accessible to group or others (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it`,
      );
    }
    return (await handle.readFile('utf8')).trim();
  } finally {
    await handle.close();
  }
}

/** Writes a new random secret, unless another process has just written one (then reads that). */
async function createKeyFile(file: string): Promise<{ secret: string; created: boolean }> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(32).toString('base64');
  try {
    await fs.writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return { secret, created: true };
  } catch (error: unknown) {
    if (errorCode(error) !== 'EEXIST') {
      throw dataKeyError(`无法创建数据密钥文件 ${file}`, `Cannot create the data key file ${file}`, error);
    }
    const existing = await readKeyFile(file);
    if (existing === undefined) throw error;
    return { secret: existing, created: false };
  }
}

/**
 * The data key: from XF_DATA_KEY when it is set and not blank, otherwise from `dataDir`/data.key,
 * which is created with a random secret (mode 600) when it does not exist yet.
 */
export async function loadDataKey(options: {
  dataDir: string;
  env: Readonly<Record<string, string | undefined>>;
}): Promise<DataKey> {
  const fromEnv = options.env[DATA_KEY_VARIABLE]?.trim();
  if (fromEnv !== undefined && fromEnv !== '') return DataKey.fromSecret(fromEnv, 'env');

  const file = path.resolve(options.dataDir, DATA_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing !== undefined) {
    if (existing === '') {
      throw dataKeyError(`数据密钥文件 ${file} 是空的`, `The data key file ${file} is empty`);
    }
    return DataKey.fromSecret(existing, 'file', file);
  }
  const { secret, created } = await createKeyFile(file);
  return DataKey.fromSecret(secret, created ? 'generated' : 'file', file);
}
