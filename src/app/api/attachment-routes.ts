// A petition's attachments (附件): upload one file as the raw request body, list them, download
// one. Visibility is the petition's own rule (a unit outside the case gets 404); uploading is for
// the petition office and the handlers and heads of the lead and co-handling units.
import express, { type RequestHandler, type Router } from 'express';
import {
  addAttachment,
  AttachmentError,
  checkAttachmentFile,
  cleanFileName,
  getAttachmentFile,
  listAttachments,
  MAX_ATTACHMENT_BYTES,
  type Attachment,
  type AttachmentRefusal,
} from '../../domain/attachments/index.js';
import { addTimelineEntry } from '../../domain/petitions/index.js';
import type { Role } from '../../domain/users/index.js';
import { hasAnyRole } from '../auth/access.js';
import { requireRole, requireSession, userOf } from '../auth/middleware.js';
import type { SessionUser } from '../auth/sessions.js';
import { visiblePetition } from '../process/petition-access.js';
import { apiProblem, ProblemError } from '../problem.js';
import type { ApiDeps } from './deps.js';

/** Office roles that may add files to any petition they see. */
const OFFICE_UPLOAD_ROLES: readonly Role[] = ['intake', 'office', 'office_review'];
/** Unit roles that may add files to the petitions their unit leads or co-handles. */
const UNIT_UPLOAD_ROLES: readonly Role[] = ['unit_handler', 'unit_head'];
export const ATTACHMENT_UPLOAD_ROLES: readonly Role[] = [...OFFICE_UPLOAD_ROLES, ...UNIT_UPLOAD_ROLES];

const REFUSAL_STATUS: Record<AttachmentRefusal, number> = {
  'no-name': 400,
  empty: 400,
  'too-large': 413,
  type: 415,
  content: 415,
  'too-many': 409,
};

function refusalProblem(error: AttachmentError): ProblemError {
  const status = REFUSAL_STATUS[error.refusal];
  return apiProblem(status === 409 ? 'conflict' : 'invalidInput', status, error.message, '附件不能上传');
}

// The file alone, up to the limit, whatever its Content-Type; only on the upload route (the app's
// JSON parser stops at 1 MB). A body over the limit is refused before it is read in full.
const rawFile = express.raw({ type: () => true, limit: MAX_ATTACHMENT_BYTES });
const fileBody: RequestHandler = (req, res, next) => {
  rawFile(req, res, (error?: unknown) => {
    if ((error as { type?: unknown } | undefined)?.type === 'entity.too.large') {
      next(refusalProblem(new AttachmentError('too-large', '文件超过 10 MB，不能上传。')));
      return;
    }
    next(error);
  });
};

function decodeFileName(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  try {
    return cleanFileName(decodeURIComponent(header));
  } catch {
    throw apiProblem('invalidInput', 400, '文件名（X-File-Name）须为百分号编码的 UTF-8。', '附件不能上传');
  }
}

export const attachmentJson = (attachment: Attachment) => ({
  id: attachment.id,
  fileName: attachment.fileName,
  mediaType: attachment.mediaType,
  size: attachment.size,
  sha256: attachment.sha256,
  uploadedBy: attachment.uploadedBy,
  uploadedAt: attachment.uploadedAt.toISOString(),
});

function mayUpload(
  user: SessionUser,
  petition: { leadUnit: string | null; coUnits: readonly string[] },
): boolean {
  if (hasAnyRole(user, OFFICE_UPLOAD_ROLES)) return true;
  const unit = user.unitCode;
  return (
    unit !== null &&
    hasAnyRole(user, UNIT_UPLOAD_ROLES) &&
    (petition.leadUnit === unit || petition.coUnits.includes(unit))
  );
}

export function attachmentRoutes(router: Router, deps: ApiDeps): void {
  const signedIn = requireSession(deps.db, deps.clock);

  router.post(
    '/petitions/:number/attachments',
    signedIn,
    requireRole(ATTACHMENT_UPLOAD_ROLES),
    fileBody,
    async (req, res) => {
      const user = userOf(res);
      const petition = await visiblePetition(deps, req.params.number as string, user);
      if (!mayUpload(user, petition)) {
        throw apiProblem('forbidden', 403, '只有承办或协办单位的人员才能为该信访事项上传附件。');
      }
      const bytes: Uint8Array = Buffer.isBuffer(req.body) ? req.body : new Uint8Array(0);
      const fileName = decodeFileName(req.get('X-File-Name'));
      try {
        const { mediaType } = checkAttachmentFile(fileName, bytes);
        const act = { at: new Date(await deps.engineNow()), actor: user.username };
        const attachment = await addAttachment(
          deps.db,
          { petitionId: petition.id, fileName: fileName as string, mediaType, bytes, ...act },
          async (db, stored) => {
            await addTimelineEntry(db, petition.id, 'attachment-added', act, {
              attachmentId: stored.id,
              fileName: stored.fileName,
              size: stored.size,
            });
          },
        );
        res.status(201).json(attachmentJson(attachment));
      } catch (error: unknown) {
        if (error instanceof AttachmentError) throw refusalProblem(error);
        throw error;
      }
    },
  );

  router.get('/petitions/:number/attachments', signedIn, async (req, res) => {
    const petition = await visiblePetition(deps, req.params.number as string, userOf(res));
    res.json({ items: (await listAttachments(deps.db, petition.id)).map(attachmentJson) });
  });

  router.get('/petitions/:number/attachments/:id', signedIn, async (req, res) => {
    const number = req.params.number as string;
    const petition = await visiblePetition(deps, number, userOf(res));
    const id = Number(req.params.id);
    const file =
      Number.isSafeInteger(id) && id > 0 ? await getAttachmentFile(deps.db, petition.id, id) : undefined;
    if (file === undefined) throw apiProblem('notFound', 404, `信访事项 ${number} 没有这个附件。`);
    res
      .type(file.mediaType)
      .set({
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      })
      .send(file.content);
  });
}
