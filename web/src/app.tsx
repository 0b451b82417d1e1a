import { useEffect, useRef, useState } from 'react';
import { ApiError, request } from './api/client';
import { MeQuery } from './api/operations';
import { Loading } from './components/error-summary';
import { I18nProvider, message, rememberedLang, rememberLang, useI18n, type Lang } from './i18n/i18n';
import { matchRoute, ROUTES } from './pages/routes';
import { SignInPage } from './pages/sign-in';
import { NotFoundPage } from './pages/not-found';
import { hrefOf, Link, RouterProvider, useRouter } from './router';
import { sessionToken, setSessionToken } from './session';
import { hasRole, SessionContext, type Me } from './session-context';

/** The console: language from the address (or the remembered choice), then sign-in, then the pages. */
export function App() {
  return (
    <RouterProvider>
      <LanguageShell />
    </RouterProvider>
  );
}

function LanguageShell() {
  const { location, navigate } = useRouter();
  // The remembered choice wins over the address the user arrived at; switching writes it.
  useEffect(() => {
    const preferred = rememberedLang();
    if (preferred && preferred !== location.lang) {
      navigate(hrefOf(preferred, location.path, Object.fromEntries(location.query)), { replace: true });
    }
    // Once, on arrival: later switches go through the language links.
  }, []);
  useEffect(() => {
    document.documentElement.lang = location.lang;
  }, [location.lang]);
  return (
    <I18nProvider lang={location.lang}>
      <Shell />
    </I18nProvider>
  );
}

type SessionState = { kind: 'checking' } | { kind: 'signed-out'; notice?: 'signed-out' | 'expired' } | { kind: 'signed-in'; me: Me };

function Shell() {
  const i18n = useI18n();
  const { t } = i18n;
  const { location, navigate } = useRouter();
  const [session, setSession] = useState<SessionState>(() => (sessionToken() ? { kind: 'checking' } : { kind: 'signed-out' }));

  useEffect(() => {
    if (session.kind !== 'checking') return;
    request(MeQuery, {}, { purpose: null }).then(
      ({ data }) => setSession({ kind: 'signed-in', me: data.me }),
      (err: unknown) => {
        setSessionToken(null);
        setSession({ kind: 'signed-out', notice: err instanceof ApiError && err.kind === 'UNAUTHENTICATED' ? 'expired' : undefined });
      },
    );
  }, [session.kind]);

  // After a move between pages, focus goes to the main content (as a page load would put it at the top).
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.path]);

  const signOut = () => {
    setSessionToken(null);
    setSession({ kind: 'signed-out', notice: 'signed-out' });
    navigate(hrefOf(location.lang, ''));
  };
  const signedIn = session.kind === 'signed-in' ? session.me : null;
  const matched = matchRoute(location.path);
  const otherLang: Lang = location.lang === 'en' ? 'cy' : 'en';

  let content;
  if (session.kind === 'checking') content = <Loading />;
  else if (!signedIn) {
    content = (
      <SignInPage
        notice={session.kind === 'signed-out' ? session.notice : undefined}
        onSignedIn={(me) => {
          setSession({ kind: 'signed-in', me });
          if (location.path === 'sign-in') navigate(hrefOf(location.lang, ''), { replace: true });
        }}
      />
    );
  } else if (!matched) content = <NotFoundPage />;
  else if (matched.route.roles !== 'any' && !hasRole(signedIn, matched.route.roles)) content = <NotFoundPage notForRole />;
  else {
    const Page = matched.route.page;
    content = <Page params={matched.params} />;
  }

  const navRoutes = signedIn ? ROUTES.filter((r) => r.nav && (r.roles === 'any' || hasRole(signedIn, r.roles))) : [];
  const currentTop = matched?.route.path.split('/')[0] ?? null;

  return (
    <>
      <a href="#main-content" className="govuk-skip-link">
        {t('skip')}
      </a>
      <header className="govuk-generic-header cy-header">
        <div className="govuk-generic-header__container govuk-width-container cy-header__container">
          <div className="govuk-generic-header__logo">
            <Link href={hrefOf(location.lang, '')} className="govuk-generic-header__homepage-link">
              <span className="cy-header__name">{t('app.name')}</span> <span className="cy-header__tagline">{t('app.tagline')}</span>
            </Link>
          </div>
          <nav className="govuk-language-navigation cy-header__lang" aria-label={t('lang.label')}>
            <ul className="govuk-language-navigation__list">
              {(['en', 'cy'] as const).map((lang) => (
                <li className="govuk-language-navigation__list-item" key={lang}>
                  {lang === location.lang ? (
                    <span className="govuk-language-navigation__text" aria-current="true" lang={lang}>
                      {lang === 'en' ? 'English' : 'Cymraeg'}
                    </span>
                  ) : (
                    <Link
                      className="govuk-language-navigation__link"
                      href={hrefOf(otherLang, location.path, Object.fromEntries(location.query))}
                      lang={lang}
                      hrefLang={lang}
                      onFollow={() => rememberLang(otherLang)}
                    >
                      {lang === 'en' ? 'English' : 'Cymraeg'}
                      <span className="govuk-visually-hidden" lang={lang}>
                        {' '}
                        ({message(lang, 'lang.switchTo')})
                      </span>
                    </Link>
                  )}
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      {signedIn ? (
        <section className="govuk-service-navigation" aria-label={t('nav.label')}>
          <div className="govuk-width-container">
            <div className="govuk-service-navigation__container">
              <nav aria-label={t('nav.label')} className="govuk-service-navigation__wrapper">
                <ul className="govuk-service-navigation__list" id="navigation">
                  {navRoutes.map((r) => {
                    const current = r.path === currentTop || (r.path === '' && location.path === '');
                    return (
                      <li key={r.path} className={`govuk-service-navigation__item${current ? ' govuk-service-navigation__item--active' : ''}`}>
                        <Link className="govuk-service-navigation__link" href={hrefOf(location.lang, r.path)} aria-current={current ? 'page' : undefined}>
                          {current ? <strong className="govuk-service-navigation__active-fallback">{t(r.nav!)}</strong> : t(r.nav!)}
                        </Link>
                      </li>
                    );
                  })}
                  <li className="govuk-service-navigation__item cy-signout">
                    <button type="button" className="govuk-service-navigation__link cy-link-button" onClick={signOut}>
                      {t('nav.signOut')}
                    </button>
                  </li>
                </ul>
              </nav>
            </div>
          </div>
        </section>
      ) : null}
      <div className="govuk-width-container">
        {signedIn ? (
          <p className="govuk-body-s govuk-!-margin-top-3 govuk-!-margin-bottom-0 cy-no-print" data-testid="signed-in-as">
            {t('signIn.signedInAs', { name: signedIn.handle, organisation: i18n.orgName(signedIn.organisation) })}
          </p>
        ) : null}
        <main className="govuk-main-wrapper" id="main-content" tabIndex={-1} ref={main}>
          <SessionContext.Provider value={signedIn ? { me: signedIn, signOut } : null}>{content}</SessionContext.Provider>
        </main>
      </div>
      <footer className="govuk-footer">
        <div className="govuk-width-container">
          <div className="govuk-footer__meta">
            <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <p className="govuk-body-s">{t('footer.text')}</p>
              <p className="govuk-body-s govuk-!-margin-bottom-0">{t('footer.privacy')}</p>
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}
