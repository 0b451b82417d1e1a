import type { ApolloServerPlugin } from '@apollo/server';
import type { ErrorRequestHandler } from 'express';

/**
 * Keeps a partial answer at HTTP 200. Apollo takes the status from the errors' `extensions.http` (400 bad
 * input, 403 forbidden, 404 not found …), which is right when the operation failed as a whole; when some
 * root field was still answered, the client must read the data, so the status says success.
 */
export function httpStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (!errors?.length || data == null) return;
          const status = response.http.status;
          if (status !== undefined && status >= 400 && status < 500 && Object.values(data).some((v) => v !== null)) {
            response.http.status = 200;
          }
        },
      };
    },
  };
}

// body-parser's refusals, by its error `type`: what the client is told (never the body or a stack).
const BODY_REFUSALS: Record<string, string> = {
  'entity.too.large': 'the request body is too large',
  'parameters.too.many': 'the request body is too large',
  'entity.parse.failed': 'the request body is not valid JSON',
  'encoding.unsupported': 'the request body has an unsupported content encoding',
  'charset.unsupported': 'the request body has an unsupported charset',
  'request.aborted': 'the request body was not received in full',
  'request.size.invalid': 'the request body was not received in full',
};

/**
 * Answers a request whose body could not be read (too large: 413; not JSON: 400; …) as a GraphQL error
 * in JSON, instead of express's default HTML page (which carries a stack trace outside production).
 */
export function bodyErrorHandler(): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const e = (err ?? {}) as { status?: unknown; type?: unknown };
    const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 500;
    const known = typeof e.type === 'string' ? BODY_REFUSALS[e.type] : undefined;
    const message = status === 500 ? 'Internal server error' : (known ?? 'the request could not be read');
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
}
