import { usePageTitle } from '../components/page-title';
import { useI18n } from '../i18n/i18n';
import { hrefOf, Link } from '../router';

/** An address the console does not know, or a page that is not for the user's role. */
export function NotFoundPage({ notForRole = false }: { notForRole?: boolean }) {
  const { t, lang } = useI18n();
  usePageTitle(t('notFound.title'));
  return (
    <>
      <h1 className="govuk-heading-l">{t('notFound.title')}</h1>
      <p className="govuk-body">{notForRole ? t('notForRole.text') : t('notFound.text')}</p>
      <p className="govuk-body">
        <Link href={hrefOf(lang, '')}>{t('nav.home')}</Link>
      </p>
    </>
  );
}
