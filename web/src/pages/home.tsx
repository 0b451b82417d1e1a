import { usePageTitle } from '../components/page-title';
import { useI18n } from '../i18n/i18n';
import { hrefOf, Link } from '../router';
import { hasRole, useSession } from '../session-context';
import { ROUTES } from './routes';

/** The start page: the pages for the user's role, each with one line. */
export function HomePage() {
  const { t, lang } = useI18n();
  const { me } = useSession();
  usePageTitle(t('home.title'));
  const pages = ROUTES.filter((r) => r.summary && r.roles !== 'any' && hasRole(me, r.roles));
  return (
    <>
      <h1 className="govuk-heading-l">{t('home.title')}</h1>
      <p className="govuk-body">{t('home.intro')}</p>
      {pages.length === 0 ? <p className="govuk-body">{t('home.nothing')}</p> : null}
      <ul className="govuk-list">
        {pages.map((r) => (
          <li key={r.path} className="govuk-!-margin-bottom-4">
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <Link href={hrefOf(lang, r.path)}>{t(r.nav!)}</Link>
            </h2>
            <p className="govuk-body govuk-!-margin-bottom-0">{t(r.summary!)}</p>
          </li>
        ))}
      </ul>
      {hasRole(me, ['EPC', 'ADMIN', 'LEAD_WORKER']) ? (
        <>
          <h2 className="govuk-heading-m">{t('home.later')}</h2>
          <p className="govuk-body">{t('home.laterText')}</p>
        </>
      ) : null}
    </>
  );
}
