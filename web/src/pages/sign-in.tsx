import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, request } from '../api/client';
import { MeQuery } from '../api/operations';
import { ErrorSummary, type Problem } from '../components/error-summary';
import { usePageTitle } from '../components/page-title';
import { useI18n } from '../i18n/i18n';
import { setSessionToken } from '../session';
import type { Me } from '../session-context';

interface DemoPrincipal {
  handle: string;
  displayName: string;
  roles: string[];
}

/**
 * Sign-in. In the demo (the hub outside production offers /console/api/demo-principals) a list of the seeded
 * users; always, a field for a token from `npm run token`. Production sign-in (OpenID Connect) is not built yet.
 */
export function SignInPage({ onSignedIn, notice }: { onSignedIn(me: Me): void; notice?: 'signed-out' | 'expired' }) {
  const { t, label } = useI18n();
  usePageTitle(t('signIn.title'));
  const [demo, setDemo] = useState<DemoPrincipal[] | null>(null);
  const [token, setToken] = useState('');
  const [problems, setProblems] = useState<Problem[]>(notice === 'expired' ? [{ text: t('error.UNAUTHENTICATED') }] : []);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    fetch('/console/api/demo-principals').then(
      async (res) => setDemo(res.ok ? ((await res.json()) as DemoPrincipal[]) : []),
      () => setDemo([]),
    );
  }, []);

  const signInWith = async (candidate: string) => {
    setBusy(true);
    try {
      const { data } = await request(MeQuery, {}, { purpose: null, token: candidate });
      setSessionToken(candidate);
      onSignedIn(data.me);
    } catch (err) {
      setProblems([{ text: err instanceof ApiError && err.kind !== 'UNAUTHENTICATED' ? t(`error.${err.kind}`) : t('signIn.tokenRejected'), fieldId: 'token' }]);
    } finally {
      setBusy(false);
    }
  };

  const submitToken = (e: FormEvent) => {
    e.preventDefault();
    const value = token.trim().replace(/^Bearer\s+/i, '');
    if (!value) {
      setProblems([{ text: t('signIn.tokenMissing'), fieldId: 'token' }]);
      return;
    }
    void signInWith(value);
  };

  const signInAs = async (handle: string) => {
    setBusy(true);
    try {
      const res = await fetch('/console/api/demo-sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle }) });
      if (!res.ok) throw new ApiError('BAD_REQUEST', `HTTP ${res.status}`);
      const { token: issued } = (await res.json()) as { token: string };
      await signInWith(issued);
    } catch (err) {
      setProblems([{ text: err instanceof ApiError ? t(`error.${err.kind}`) : t('error.NETWORK') }]);
      setBusy(false);
    }
  };

  const tokenError = problems.find((p) => p.fieldId === 'token');
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary problems={problems} />
        {notice === 'signed-out' && problems.length === 0 ? (
          <div className="govuk-inset-text" role="status">
            {t('signIn.signedOut')}
          </div>
        ) : null}
        <h1 className="govuk-heading-l">{t('signIn.title')}</h1>
        {demo && demo.length > 0 ? (
          <>
            <h2 className="govuk-heading-m">{t('signIn.demoHeading')}</h2>
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">{t('signIn.demoHint')}</strong>
            </div>
            <table className="govuk-table" data-testid="demo-principals">
              <caption className="govuk-table__caption govuk-visually-hidden">{t('signIn.demoHeading')}</caption>
              <tbody className="govuk-table__body">
                {demo.map((p) => (
                  <tr className="govuk-table__row" key={p.handle}>
                    <td className="govuk-table__cell">
                      <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" disabled={busy} onClick={() => void signInAs(p.handle)} data-handle={p.handle}>
                        {t('signIn.as', { name: p.handle })}
                      </button>
                    </td>
                    <td className="govuk-table__cell govuk-body-s">
                      {p.displayName}
                      <span className="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">{p.roles.map((r) => label('role', r)).join(', ')}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
        <h2 className="govuk-heading-m">{t('signIn.tokenHeading')}</h2>
        <form onSubmit={submitToken} noValidate>
          <div className={`govuk-form-group${tokenError ? ' govuk-form-group--error' : ''}`}>
            <label className="govuk-label" htmlFor="token">
              {t('signIn.tokenLabel')}
            </label>
            <div className="govuk-hint" id="token-hint">
              {t('signIn.tokenHint')}
            </div>
            {tokenError ? (
              <p className="govuk-error-message" id="token-error">
                <span className="govuk-visually-hidden">{t('error.title')}:</span> {tokenError.text}
              </p>
            ) : null}
            <textarea
              className={`govuk-textarea${tokenError ? ' govuk-textarea--error' : ''}`}
              id="token"
              name="token"
              rows={3}
              autoComplete="off"
              spellCheck={false}
              aria-describedby={`token-hint${tokenError ? ' token-error' : ''}`}
              value={token}
              onChange={(e) => setToken(e.target.value)}
            />
          </div>
          <button type="submit" className="govuk-button" disabled={busy}>
            {t('signIn.submit')}
          </button>
        </form>
      </div>
    </div>
  );
}
