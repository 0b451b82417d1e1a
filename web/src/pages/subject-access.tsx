import { useState, type FormEvent } from 'react';
import { SubjectAccessReportQuery } from '../api/operations';
import { useQuery } from '../api/use-query';
import { ErrorSummary, Loading, useApiProblem, type Problem } from '../components/error-summary';
import { isOptionalId, SummaryList, TextField } from '../components/fields';
import { usePageTitle } from '../components/page-title';
import { PurposePicker } from '../components/purpose-picker';
import { useI18n } from '../i18n/i18n';
import { hrefOf, useRouter } from '../router';

/** IG officers: which young person's subject access report to prepare. */
export function SubjectAccessStartPage() {
  const { t, lang } = useI18n();
  usePageTitle(t('sar.title'));
  const { navigate } = useRouter();
  const [id, setId] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = id.trim();
    if (value === '' || !isOptionalId(value)) {
      setProblems([{ text: t('common.idInvalid', { field: t('sar.personId') }), fieldId: 'person-id' }]);
      return;
    }
    navigate(hrefOf(lang, `subject-access/${value}`));
  };
  return (
    <>
      <ErrorSummary problems={problems} />
      <h1 className="govuk-heading-l">{t('sar.title')}</h1>
      <p className="govuk-body">{t('sar.intro')}</p>
      <PurposePicker purposes={['AUDIT']} value="AUDIT" onChange={() => undefined} />
      <form onSubmit={submit} noValidate>
        <TextField id="person-id" label={t('sar.personId')} value={id} onChange={setId} error={problems[0]?.text} />
        <button type="submit" className="govuk-button">
          {t('sar.prepare')}
        </button>
      </form>
    </>
  );
}

/**
 * The subject access report as a printable page: every value held about the young person with its source, the
 * agreements and consents that apply, and every access to it. Reading it is logged by the hub (purpose AUDIT).
 */
export function SubjectAccessPage({ params }: { params: Record<string, string> }) {
  const i18n = useI18n();
  const { t, label } = i18n;
  usePageTitle(t('sar.title'));
  const personId = params['id'] ?? '';
  const report = useQuery(SubjectAccessReportQuery, { personId }, 'AUDIT');
  const apiProblem = useApiProblem();
  const r = report.data?.subjectAccessReport;
  return (
    <>
      <ErrorSummary problems={apiProblem(report.error)} />
      <h1 className="govuk-heading-l">
        {t('sar.title')}
        <span className="govuk-caption-m">{personId}</span>
      </h1>
      <div className="cy-no-print">
        <PurposePicker purposes={['AUDIT']} value="AUDIT" onChange={() => undefined} />
      </div>
      {report.loading ? <Loading /> : null}
      {r ? (
        <div data-testid="subject-access-report">
          <button type="button" className="govuk-button govuk-button--secondary cy-no-print" onClick={() => window.print()}>
            {t('sar.print')}
          </button>
          <SummaryList
            rows={[
              [t('sar.personId'), r.personId],
              [t('sar.generatedAt'), i18n.dateTime(r.generatedAt)],
              [t('sar.scope'), <span lang="en" key="scope">{r.scope}</span>],
            ]}
          />
          <h2 className="govuk-heading-m">{t('sar.values')}</h2>
          {r.values.length === 0 ? <p className="govuk-body">{t('sar.noValues')}</p> : null}
          {r.values.length > 0 ? (
            <table className="govuk-table" data-testid="sar-values">
              <caption className="govuk-table__caption govuk-visually-hidden">{t('sar.values')}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">{t('sar.category')}</th>
                  <th scope="col" className="govuk-table__header">{t('sar.field')}</th>
                  <th scope="col" className="govuk-table__header">{t('sar.value')}</th>
                  <th scope="col" className="govuk-table__header">{t('sar.source')}</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {r.values.map((v, i) => (
                  <tr className="govuk-table__row govuk-body-s" key={i}>
                    <td className="govuk-table__cell">{label('category', v.category)}</td>
                    <td className="govuk-table__cell">{v.field}</td>
                    <td className="govuk-table__cell cy-break">{v.value}</td>
                    <td className="govuk-table__cell">
                      {i18n.orgName(v.provider)}
                      <span className="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">{t('sar.receivedVersion', { date: i18n.dateTime(v.receivedAt), version: v.version })}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <h2 className="govuk-heading-m">{t('sar.bases')}</h2>
          {r.agreementsAndConsents.length === 0 ? <p className="govuk-body">{t('common.none')}</p> : (
            <ul className="govuk-list govuk-list--bullet">
              {r.agreementsAndConsents.map((b, i) => (
                <li key={i}>
                  <strong>{label('sarBasis', b.kind)}</strong> {b.reference}: <span lang="en">{b.summary}</span>
                </li>
              ))}
            </ul>
          )}
          <h2 className="govuk-heading-m">{t('sar.accesses')}</h2>
          {r.accessEventsTruncated ? <div className="govuk-warning-text"><span className="govuk-warning-text__icon" aria-hidden="true">!</span><strong className="govuk-warning-text__text"><span className="govuk-visually-hidden">{t('sar.warning')}</span>{t('sar.truncated')}</strong></div> : null}
          <table className="govuk-table" data-testid="sar-accesses">
            <caption className="govuk-table__caption govuk-visually-hidden">{t('sar.accesses')}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">{t('sar.when')}</th>
                <th scope="col" className="govuk-table__header">{t('sar.who')}</th>
                <th scope="col" className="govuk-table__header">{t('sar.what')}</th>
                <th scope="col" className="govuk-table__header">{t('sar.fields')}</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {r.accessEvents.map((e, i) => (
                <tr className="govuk-table__row govuk-body-s" key={i} data-event={e.event}>
                  <td className="govuk-table__cell">{i18n.dateTime(e.occurredAt)}</td>
                  <td className="govuk-table__cell">
                    {e.organisationName ?? '—'}
                    <span className="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">{e.roles.map((ro) => label('role', ro)).join(', ')}</span>
                  </td>
                  <td className="govuk-table__cell">
                    <code>{e.event}</code>
                    <span className="govuk-!-display-block">{label('outcome', e.outcome)}{e.purpose ? `, ${label('purpose', e.purpose)}` : ''}</span>
                  </td>
                  <td className="govuk-table__cell">
                    {e.released.length > 0 ? <span className="govuk-!-display-block">{t('sar.released', { fields: e.released.map((f) => f.field).join(', ') })}</span> : null}
                    {e.withheld.length > 0 ? <span className="govuk-!-display-block">{t('sar.withheld', { fields: e.withheld.map((f) => f.field).join(', ') })}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.omitted.length > 0 ? (
            <>
              <h2 className="govuk-heading-m">{t('sar.omitted')}</h2>
              <ul className="govuk-list govuk-list--bullet">
                {r.omitted.map((o) => (
                  <li key={o} lang="en">{o}</li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
