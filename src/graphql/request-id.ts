import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

// A client's own id is kept only when it is short and plain: it goes into the access log and a response header.
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The client's own request id from `X-Request-Id` when it is 1–64 letters, digits, `.`, `_`, `:` or `-`; otherwise null (dropped, not refused). */
export function clientRequestIdFrom(header: string | undefined): string | null {
  return header !== undefined && CLIENT_REQUEST_ID.test(header) ? header : null;
}

/**
 * Gives every request the hub's own id (a random UUID, never the client's choice: the access log's request
 * id must identify one request of the hub's) in `res.locals.requestId` and the `x-request-id` response
 * header. A well-formed `X-Request-Id` sent by the client is kept beside it (`res.locals.clientRequestId`,
 * written to the access-log rows' details) and echoed in `x-client-request-id`.
 */
export function requestIds(): RequestHandler {
  return (req, res, next) => {
    const requestId = randomUUID();
    const clientRequestId = clientRequestIdFrom(req.get('x-request-id'));
    res.locals['requestId'] = requestId;
    res.locals['clientRequestId'] = clientRequestId;
    res.setHeader('x-request-id', requestId);
    if (clientRequestId) res.setHeader('x-client-request-id', clientRequestId);
    next();
  };
}
