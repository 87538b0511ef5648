// Files attached to a petition (app.petition_attachments): the rules a file must meet, and the
// repository. A file is accepted only when its extension is on the list AND, for the binary
// formats, its first bytes are those of that format, so a renamed program is refused.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { toId, withTransaction, type Queryable } from '../sql.js';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_PETITION = 30;
export const MAX_FILE_NAME_LENGTH = 200;

type Signature = 'pdf' | 'jpeg' | 'png' | 'zip' | 'ole' | 'text';

/** Allowed extensions, their media type and the content they must start with. */
const TYPES: Record<string, { mediaType: string; signature: Signature }> = {
  pdf: { mediaType: 'application/pdf', signature: 'pdf' },
  jpg: { mediaType: 'image/jpeg', signature: 'jpeg' },
  jpeg: { mediaType: 'image/jpeg', signature: 'jpeg' },
  png: { mediaType: 'image/png', signature: 'png' },
  doc: { mediaType: 'application/msword', signature: 'ole' },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    signature: 'zip',
  },
  xls: { mediaType: 'application/vnd.ms-excel', signature: 'ole' },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', signature: 'zip' },
  txt: { mediaType: 'text/plain; charset=utf-8', signature: 'text' },
};

export const ALLOWED_EXTENSIONS: readonly string[] = Object.keys(TYPES);

const MAGIC: Record<Exclude<Signature, 'text'>, number[]> = {
  pdf: [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  jpeg: [0xff, 0xd8, 0xff],
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  zip: [0x50, 0x4b, 0x03, 0x04], // PK\3\4: .docx and .xlsx are ZIP packages
  ole: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], // the compound file of .doc and .xls
};

export type AttachmentRefusal = 'no-name' | 'empty' | 'too-large' | 'type' | 'content' | 'too-many';

/** Why a file was refused; `message` is Chinese, for the clerk. */
export class AttachmentError extends Error {
  override readonly name = 'AttachmentError';
  constructor(
    readonly refusal: AttachmentRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** The name as stored: without any folder part, trimmed; undefined when nothing usable is left. */
export function cleanFileName(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  // Browsers on Windows may send C:\fakepath\…; keep only the last part.
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const name = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return name === '' || name === '.' || name === '..' ? undefined : name;
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, index) => bytes[index] === byte);
}

/** Plain text: no NUL bytes (binary files have them; UTF-8 and GB18030 text does not). */
function looksLikeText(bytes: Uint8Array): boolean {
  return !bytes.includes(0);
}

/**
 * Checks a file against the rules and answers its media type, or throws AttachmentError. The
 * size is checked before the content, so a too-large file is refused for its size.
 */
export function checkAttachmentFile(fileName: string | undefined, bytes: Uint8Array): { mediaType: string } {
  if (fileName === undefined) throw new AttachmentError('no-name', '缺少文件名（请求头 X-File-Name）。');
  if (fileName.length > MAX_FILE_NAME_LENGTH) {
    throw new AttachmentError('no-name', `文件名过长，最多 ${MAX_FILE_NAME_LENGTH} 个字符。`);
  }
  if (bytes.length === 0) throw new AttachmentError('empty', '文件是空的。');
  if (bytes.length > MAX_ATTACHMENT_BYTES) {
    throw new AttachmentError('too-large', '文件超过 10 MB，不能上传。');
  }
  const dot = fileName.lastIndexOf('.');
  const extension = dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
  const type = TYPES[extension];
  if (type === undefined) {
    throw new AttachmentError(
      'type',
      '不支持该文件类型。只能上传 PDF、JPEG、PNG、Word（.doc/.docx）、Excel（.xls/.xlsx）或文本（.txt）文件。',
    );
  }
  const matches = type.signature === 'text' ? looksLikeText(bytes) : startsWith(bytes, MAGIC[type.signature]);
  if (!matches) {
    throw new AttachmentError(
      'content',
      `文件内容与扩展名 .${extension} 不符，可能已损坏或被改名，不能上传。`,
    );
  }
  return { mediaType: type.mediaType };
}

export interface Attachment {
  id: number;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: Date;
}

interface AttachmentRow {
  id: string;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: Date;
}

const COLUMNS = 'id, file_name, media_type, size, sha256, uploaded_by, uploaded_at';

const toAttachment = (row: AttachmentRow): Attachment => ({
  id: toId(row.id),
  fileName: row.file_name,
  mediaType: row.media_type,
  size: row.size,
  sha256: row.sha256,
  uploadedBy: row.uploaded_by,
  uploadedAt: row.uploaded_at,
});

/**
 * Stores a checked file. The petition row is locked first, so two uploads at once cannot both
 * pass the per-petition count; `onStored` runs in the same transaction (the timeline entry), so
 * the file and its record are kept or lost together.
 */
export async function addAttachment(
  pool: pg.Pool,
  input: {
    petitionId: number;
    fileName: string;
    mediaType: string;
    bytes: Uint8Array;
    at: Date;
    actor: string;
  },
  onStored: (db: Queryable, attachment: Attachment) => Promise<void>,
): Promise<Attachment> {
  return withTransaction(pool, async (client) => {
    await client.query('SELECT 1 FROM app.petitions WHERE id = $1 FOR UPDATE', [input.petitionId]);
    const count = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM app.petition_attachments WHERE petition_id = $1',
      [input.petitionId],
    );
    if ((count.rows[0]?.n ?? 0) >= MAX_ATTACHMENTS_PER_PETITION) {
      throw new AttachmentError(
        'too-many',
        `该信访事项已有 ${MAX_ATTACHMENTS_PER_PETITION} 个附件，不能再上传。`,
      );
    }
    const sha256 = createHash('sha256').update(input.bytes).digest('hex');
    const result = await client.query<AttachmentRow>(
      `INSERT INTO app.petition_attachments
         (petition_id, file_name, media_type, size, sha256, content, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [
        input.petitionId,
        input.fileName,
        input.mediaType,
        input.bytes.length,
        sha256,
        Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength),
        input.actor,
        input.at,
      ],
    );
    const attachment = toAttachment(result.rows[0] as AttachmentRow);
    await onStored(client, attachment);
    return attachment;
  });
}

/** A petition's attachments without their content, oldest first. */
export async function listAttachments(db: Queryable, petitionId: number): Promise<Attachment[]> {
  const result = await db.query<AttachmentRow>(
    `SELECT ${COLUMNS} FROM app.petition_attachments WHERE petition_id = $1 ORDER BY id`,
    [petitionId],
  );
  return result.rows.map(toAttachment);
}

/** One attachment of the petition with its content; undefined when the petition has no such file. */
export async function getAttachmentFile(
  db: Queryable,
  petitionId: number,
  id: number,
): Promise<(Attachment & { content: Buffer }) | undefined> {
  const result = await db.query<AttachmentRow & { content: Buffer }>(
    `SELECT ${COLUMNS}, content FROM app.petition_attachments WHERE petition_id = $1 AND id = $2`,
    [petitionId, id],
  );
  const row = result.rows[0];
  return row === undefined ? undefined : { ...toAttachment(row), content: row.content };
}
