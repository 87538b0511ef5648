// OpenAPI operations of a petition's attachments (附件). The upload's body is the raw file, not
// JSON, so it is described in words rather than by a schema.
import { z } from 'zod';
import { PETITION_VIEW_ROLES } from '../auth/access.js';
import { ATTACHMENT_UPLOAD_ROLES } from './attachment-routes.js';
import type { Operation } from './openapi.js';
import { API_SCHEMAS } from './schemas.js';

export const attachmentResponse = z
  .object({
    id: z.number().int(),
    fileName: z.string(),
    mediaType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    uploadedBy: z.string(),
    uploadedAt: z.iso.datetime({ offset: true }),
  })
  .register(API_SCHEMAS, { id: 'Attachment' });

export const attachmentListResponse = z
  .object({ items: z.array(attachmentResponse) })
  .register(API_SCHEMAS, { id: 'AttachmentList' });

const number = { name: 'number', description: '信访事项编号，如 XF-2026-000123' };

export const ATTACHMENT_OPERATIONS: readonly Operation[] = [
  {
    method: 'post',
    path: '/api/petitions/{number}/attachments',
    summary: '上传附件',
    description:
      'Adds one file to the petition. The body is the file itself (any Content-Type, at most 10 MB); the header `X-File-Name` carries its name, percent-encoded UTF-8. Allowed: PDF, JPEG, PNG, Word (.doc/.docx), Excel (.xls/.xlsx) and plain text (.txt), at most 30 files per petition; the content must match the extension (PDF, JPEG, PNG, ZIP and compound-file signatures; text without NUL bytes). Refusals store nothing: no name or an empty file 400, too large 413, a type not allowed or content not matching 415, too many files 409. Unit users may add files only to the petitions their unit leads or co-handles. Recorded on the timeline (`attachment-added`).',
    roles: ATTACHMENT_UPLOAD_ROLES,
    parameters: [number],
    responses: { 201: 'Attachment' },
    problems: [400, 401, 403, 404, 409, 413, 415],
  },
  {
    method: 'get',
    path: '/api/petitions/{number}/attachments',
    summary: '附件列表',
    description: "The petition's attachments without their content, oldest first.",
    roles: PETITION_VIEW_ROLES,
    parameters: [number],
    responses: { 200: 'AttachmentList' },
    problems: [401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/petitions/{number}/attachments/{id}',
    summary: '下载附件',
    description:
      'The file as uploaded, with `Content-Disposition: attachment` and its UTF-8 name, `X-Content-Type-Options: nosniff` and `Cache-Control: private, no-store`.',
    roles: PETITION_VIEW_ROLES,
    parameters: [number, { name: 'id', description: '附件编号' }],
    responses: { 200: undefined },
    problems: [401, 403, 404],
  },
];
