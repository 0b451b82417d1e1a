import { useEffect } from 'react';
import { useI18n } from '../i18n/i18n';

/** Sets the document title ("Page – Cyswllt"), in the page's language. */
export function usePageTitle(page: string): void {
  const { t } = useI18n();
  useEffect(() => {
    document.title = t('app.pageTitle', { page });
  }, [page, t]);
}
