// A model or form as the designer uploads it: the BPMN XML (or form JSON) as the request body
// with `?fileName=`, or JSON `{fileName, content}`. At most MAX_MODEL_BYTES; a larger one is
// refused with 413 before anything is checked.
import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import { API_SCHEMAS } from '../api/schemas.js';
import { parseOrThrow } from '../api/validation.js';
import { apiProblem, invalidInputProblem, ProblemError } from '../problem.js';

export const MAX_MODEL_BYTES = 2 * 1024 * 1024;

/** Content types sent as the file itself. */
const RAW_TYPES = [
  'application/xml',
  'text/xml',
  'application/bpmn+xml',
  'text/plain',
  'application/octet-stream',
];

export type ModelKind = 'bpmn' | 'form';

export interface ModelResource {
  fileName: string;
  kind: ModelKind;
  content: string;
}

const FILE_NAME = /^[\w\u4e00-\u9fff][\w\u4e00-\u9fff .-]{0,150}\.(bpmn|form)$/;

export const modelUploadBody = z
  .strictObject({
    /** Ends with .bpmn (a process model) or .form (a Camunda form). */
    fileName: z.string().trim().regex(FILE_NAME),
    /** The file's text: BPMN 2.0 XML or form-js JSON. */
    content: z.string().min(1),
  })
  .register(API_SCHEMAS, { id: 'ModelUpload' });

const LABELS = { fileName: '文件名（以 .bpmn 或 .form 结尾）', content: '文件内容' };

function tooLarge() {
  return apiProblem(
    'invalidInput',
    413,
    `模型文件超过 ${MAX_MODEL_BYTES / 1024 / 1024} MB 的上限，未做任何处理。`,
    '文件过大',
  );
}

const rawParser = express.text({ type: RAW_TYPES, limit: MAX_MODEL_BYTES });

/** Reads a raw upload on the model routes; a body over the limit is a 413 in Chinese. */
export const modelBodyParser: RequestHandler = (req, res, next) => {
  rawParser(req, res, (error?: unknown) => {
    if ((error as { type?: unknown } | undefined)?.type === 'entity.too.large') next(tooLarge());
    else next(error);
  });
};

function kindOf(fileName: string): ModelKind {
  return fileName.toLowerCase().endsWith('.form') ? 'form' : 'bpmn';
}

/** The uploaded resource from the request body (parsed JSON or raw text) and `?fileName=`. */
export function modelFromRequest(body: unknown, fileNameParam: unknown): ModelResource {
  let fileName: string;
  let content: string;
  if (typeof body === 'string') {
    const given =
      typeof fileNameParam === 'string' && fileNameParam.trim() !== '' ? fileNameParam.trim() : 'model.bpmn';
    ({ fileName, content } = parseOrThrow(modelUploadBody, { fileName: given, content: body }, LABELS));
  } else if (typeof body === 'object' && body !== null && 'content' in body) {
    ({ fileName, content } = parseOrThrow(modelUploadBody, body, LABELS));
  } else if (typeof body === 'object' && body !== null && 'components' in body) {
    // A .form file sent as JSON is parsed by the app's JSON reader already.
    const id = (body as { id?: unknown }).id;
    const given =
      typeof fileNameParam === 'string' && fileNameParam.trim() !== ''
        ? fileNameParam.trim()
        : `${typeof id === 'string' && id !== '' ? id : 'form'}.form`;
    ({ fileName, content } = parseOrThrow(
      modelUploadBody,
      { fileName: given, content: JSON.stringify(body, null, 2) },
      LABELS,
    ));
  } else {
    throw new ProblemError(
      invalidInputProblem(
        [{ field: 'content', message: '请上传 BPMN 模型（XML）或表单（JSON），或提交 {fileName, content}' }],
        '请求中没有模型文件。',
      ),
    );
  }
  if (Buffer.byteLength(content, 'utf8') > MAX_MODEL_BYTES) throw tooLarge();
  return { fileName, kind: kindOf(fileName), content };
}
