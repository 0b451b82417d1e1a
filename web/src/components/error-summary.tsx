import { useEffect, useRef, type ReactNode } from 'react';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** One problem: its message and, for a form field, the id of the field it links to. */
export interface Problem {
  text: string;
  fieldId?: string;
  detail?: string;
}

/** The GOV.UK error summary: at the top of the page, focused when it appears, each problem a link to its field. */
export function ErrorSummary({ problems }: { problems: readonly Problem[] }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const key = problems.map((p) => p.text).join('|');
  useEffect(() => {
    if (problems.length > 0) ref.current?.focus();
  }, [key, problems.length]);
  if (problems.length === 0) return null;
  return (
    <div className="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{t('error.title')}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {problems.map((p) => (
              <li key={p.text}>
                {p.fieldId ? <a href={`#${p.fieldId}`}>{p.text}</a> : p.text}
                {p.detail ? (
                  <p className="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                    {t('error.detail')}: <span lang="en">{p.detail}</span>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

/** A problem from a failed request, in the page's language. */
export function useApiProblem(): (error: ApiError | null) => Problem[] {
  const { t } = useI18n();
  return (error) => (error ? [{ text: t(`error.${error.kind}`), detail: error.detail }] : []);
}

/** The GOV.UK success notification banner (role=alert so that screen readers hear it). */
export function SuccessBanner({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="success-title">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="success-title">
          {t('common.success')}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{children}</p>
      </div>
    </div>
  );
}

/** The loading line, announced politely. */
export function Loading() {
  const { t } = useI18n();
  return (
    <p className="govuk-body" role="status">
      {t('common.loading')}
    </p>
  );
}
