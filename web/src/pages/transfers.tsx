import { usePageTitle } from '../components/page-title';
import { useI18n } from '../i18n/i18n';

/**
 * Transfers in and out (moved-area young people to the receiving LA's EPC). The API is being built elsewhere;
 * this page is the place for it: add its operations to api/operations.ts and render them here.
 */
export function TransfersPage() {
  const { t } = useI18n();
  usePageTitle(t('transfers.title'));
  return (
    <>
      <h1 className="govuk-heading-l">{t('transfers.title')}</h1>
      <p className="govuk-body">{t('transfers.text')}</p>
    </>
  );
}
