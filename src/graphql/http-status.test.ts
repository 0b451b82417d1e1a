import type { GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import { httpStatusPlugin } from './http-status.js';

// The plugin's one hook, run on a response as Apollo hands it over (status already taken from the errors).
async function statusAfter(data: Record<string, unknown> | null, status: number): Promise<number | undefined> {
  const response = {
    http: { status, headers: new Map() },
    body: { kind: 'single', singleResult: { data, errors: [{ message: 'x', extensions: { code: 'NOT_FOUND' } }] } },
  };
  const hooks = await httpStatusPlugin().requestDidStart!({} as never);
  await hooks!.willSendResponse!({ response } as unknown as GraphQLRequestContextWillSendResponse<Record<string, unknown>>);
  return response.http.status;
}

describe('httpStatusPlugin', () => {
  it('keeps the error status when nothing was answered, and says 200 when some root field was', async () => {
    expect(await statusAfter(null, 404)).toBe(404);
    expect(await statusAfter({ youngPerson: null }, 404)).toBe(404);
    expect(await statusAfter({ me: { handle: 'admin' }, youngPerson: null }, 404)).toBe(200);
    expect(await statusAfter({ me: { handle: 'admin' } }, 503)).toBe(503); // a server failure stays one
  });
});
