// The one way the web app talks to the server: JSON over fetch with the session cookie, the CSRF
// token on every unsafe request, and RFC 9457 problems turned into ApiError with a Chinese message.
import { ref } from 'vue';

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  /** The message of one field of a 400, for showing beside that field. */
  fieldMessage(field: string): string | undefined {
    return this.problem.errors?.find((error) => error.field === field)?.message;
  }
}

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];
export type Query = Record<string, QueryValue>;

let csrfToken: string | undefined;

/** Set by the session module after sign-in and after GET /api/session. */
export function useCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when the server says the session is gone (401), so the app can ask to sign in again. */
export const sessionExpired = ref(false);

export function withQuery(path: string, query?: Query): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      for (const item of value) params.append(name, String(item));
    } else params.append(name, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

async function problemOf(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      return { ...body, status: response.status };
    } catch {
      // fall through: a broken body is reported by its status
    }
  }
  const detail =
    response.status >= 500
      ? '服务器出错了，请稍后再试；如果一再出现，请联系系统管理员。'
      : `请求失败（HTTP ${response.status}）。`;
  return { status: response.status, detail };
}

async function send(
  method: string,
  path: string,
  body?: unknown,
  query?: Query,
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extraHeaders };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken !== undefined) headers['X-CSRF-Token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData || body instanceof Blob) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(`/api${path}`, query), {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError({ status: 0, title: '网络错误', detail: '无法连接服务器，请检查网络后重试。' });
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && path !== '/session') sessionExpired.value = true;
    throw new ApiError(problem);
  }
  return response;
}

async function json<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** The file name a download answer proposes (RFC 6266, UTF-8 form first). */
function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (utf8?.[1] !== undefined) return decodeURIComponent(utf8[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain?.[1] ?? fallback;
}

export const api = {
  get: async <T>(path: string, query?: Query) => json<T>(await send('GET', path, undefined, query)),
  post: async <T>(path: string, body?: unknown) => json<T>(await send('POST', path, body ?? {})),
  patch: async <T>(path: string, body: unknown) => json<T>(await send('PATCH', path, body)),
  put: async <T>(path: string, body: unknown) => json<T>(await send('PUT', path, body)),
  delete: async <T = void>(path: string) => json<T>(await send('DELETE', path)),
  /** GET a file and hand it to the browser as a download; answers the file name. */
  async download(path: string, query?: Query, fallbackName = 'download'): Promise<string> {
    const response = await send('GET', path, undefined, query);
    const name = fileNameOf(response, fallbackName);
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return name;
  },
  /** POST a file as the raw body, its name percent-encoded in X-File-Name (Chinese names survive). */
  upload: async <T>(path: string, file: File) =>
    json<T>(
      await send('POST', path, file, undefined, {
        // Always raw bytes: a file typed as JSON must not reach the server's JSON parser.
        'Content-Type': 'application/octet-stream',
        'X-File-Name': encodeURIComponent(file.name),
      }),
    ),
};

/** The message to show for any error thrown by an API call. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.problem.errors?.map((item) => item.message).join('；');
    return fields !== undefined && fields !== '' ? `${error.message}：${fields}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
