// The bearer token lives in sessionStorage (this tab only, gone when it closes): nothing about a young person is
// ever stored in the browser, and the language preference (localStorage) is the only thing kept longer.
const TOKEN_KEY = 'cyswllt.token';

/** The token of this tab's session, if signed in. */
export function sessionToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** Starts (or, with null, ends) this tab's session. */
export function setSessionToken(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Without storage the session lasts until the page is reloaded.
  }
}
