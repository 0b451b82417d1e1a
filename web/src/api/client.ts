import type { TypedDocumentString } from '../gql/graphql';
import type { Purpose } from '../gql/graphql';
import { sessionToken } from '../session';

/** One withheld value, as the hub reports it in `extensions.redactions`. */
export interface Redaction {
  path: Array<string | number>;
  category: string;
  reason: string;
  agreement: string | null;
}

/** What went wrong, by the hub's error code (the console shows its own words for each, in both languages). */
export type ApiErrorKind =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'AUDIT_UNAVAILABLE'
  | 'CONFLICT'
  | 'NETWORK'
  | 'SERVER';

/** A failed request: its kind, the hub's own (English) message, and the field it names, if any. */
export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly detail: string,
    readonly field: string | null = null,
  ) {
    super(detail);
  }
}

const KIND_OF_CODE: Record<string, ApiErrorKind> = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_REQUEST',
  BAD_REQUEST: 'BAD_REQUEST',
  GRAPHQL_VALIDATION_FAILED: 'BAD_REQUEST',
  QUERY_TOO_COSTLY: 'BAD_REQUEST',
  AUDIT_UNAVAILABLE: 'AUDIT_UNAVAILABLE',
  DATABASE_UNAVAILABLE: 'AUDIT_UNAVAILABLE',
  CONFLICT: 'CONFLICT',
};

/** Options of one request: the purpose it declares (null only for `me`, which reads nothing about anyone else). */
export interface RequestOptions {
  purpose: Purpose | null;
  /** Sent with mutations so that a retried submission does nothing twice. */
  idempotencyKey?: string;
  /** Another token than the session's (the sign-in page checks a pasted token). */
  token?: string;
}

/** The answer of a successful request: the data and what was withheld from it. */
export interface Answer<R> {
  data: R;
  redactions: Redaction[];
}

/** Posts one typed operation to /graphql with the session's token and the page's purpose. */
export async function request<R, V>(document: TypedDocumentString<R, V>, variables: V, options: RequestOptions): Promise<Answer<R>> {
  const token = options.token ?? sessionToken();
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (options.purpose) headers['x-purpose'] = options.purpose;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let res: Response;
  try {
    res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query: document.toString(), variables }) });
  } catch {
    throw new ApiError('NETWORK', 'fetch failed');
  }
  let body: { data?: R | null; errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }>; extensions?: { redactions?: Redaction[] } };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiError(res.status >= 500 ? 'SERVER' : 'BAD_REQUEST', `HTTP ${res.status}`);
  }
  const first = body.errors?.[0];
  if (first) {
    const kind = KIND_OF_CODE[first.extensions?.code ?? ''] ?? (res.status >= 500 ? 'SERVER' : 'BAD_REQUEST');
    throw new ApiError(kind, first.message, first.extensions?.field ?? null);
  }
  if (!body.data) throw new ApiError('SERVER', `HTTP ${res.status} without data`);
  return { data: body.data, redactions: body.extensions?.redactions ?? [] };
}

/** A fresh key for one submission of a form (a double click or a retry does the change once). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
