import { useCallback, useEffect, useRef, useState } from 'react';
import type { Purpose, TypedDocumentString } from '../gql/graphql';
import { ApiError, request, type Redaction } from './client';

/** The state of a query a page runs. */
export interface QueryState<R> {
  data: R | null;
  redactions: Redaction[];
  error: ApiError | null;
  loading: boolean;
  reload(): void;
}

/**
 * Runs a typed query whenever its variables or purpose change (null variables: not yet, e.g. before a form is
 * submitted). Results live in memory only.
 */
export function useQuery<R, V>(document: TypedDocumentString<R, V>, variables: V | null, purpose: Purpose | null): QueryState<R> {
  const [state, setState] = useState<Omit<QueryState<R>, 'reload'>>({ data: null, redactions: [], error: null, loading: variables !== null });
  const [tick, setTick] = useState(0);
  const key = variables === null ? null : JSON.stringify(variables);
  const latest = useRef(0);
  useEffect(() => {
    if (key === null) {
      setState({ data: null, redactions: [], error: null, loading: false });
      return;
    }
    const run = ++latest.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    request(document, JSON.parse(key) as V, { purpose }).then(
      (answer) => {
        if (run === latest.current) setState({ data: answer.data, redactions: answer.redactions, error: null, loading: false });
      },
      (err: unknown) => {
        if (run !== latest.current) return;
        const error = err instanceof ApiError ? err : new ApiError('SERVER', String(err));
        setState({ data: null, redactions: [], error, loading: false });
      },
    );
  }, [document, key, purpose, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
