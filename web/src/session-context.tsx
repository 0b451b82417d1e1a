import { createContext, useContext } from 'react';
import type { ConsoleMeQuery, Role } from './gql/graphql';

/** The signed-in principal, as `me` answers. */
export type Me = ConsoleMeQuery['me'];

/** The session the pages see. */
export interface Session {
  me: Me;
  signOut(): void;
}

/** The session of the console; pages render only inside a signed-in session. */
export const SessionContext = createContext<Session | null>(null);

/** The signed-in session. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a session');
  return session;
}

/** True when the principal has one of the roles. */
export function hasRole(me: Me, roles: readonly Role[]): boolean {
  return me.roles.some((r) => roles.includes(r));
}
