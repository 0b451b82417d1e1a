import type { Redaction } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** The redactions of a response, by path ("youngPerson.sourceRecords.0.tierStatus"). */
export function redactionIndex(redactions: readonly Redaction[]): Map<string, Redaction> {
  return new Map(redactions.map((r) => [r.path.join('.'), r]));
}

/** A withheld value: said plainly, with the reason the rules let the viewer know and the agreement considered. */
export function Withheld({ redaction }: { redaction: Redaction }) {
  const { t, label } = useI18n();
  return (
    <span className="cy-withheld" data-withheld={redaction.category}>
      <strong className="govuk-tag govuk-tag--grey">{t('withheld.label')}</strong>{' '}
      <span className="govuk-body-s">{label('reason', redaction.reason)}</span>
      {redaction.agreement ? <span className="govuk-body-s govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">{t('withheld.agreement', { agreement: redaction.agreement })}</span> : null}
    </span>
  );
}
