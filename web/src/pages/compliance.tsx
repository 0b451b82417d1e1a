import { useState, type FormEvent } from 'react';
import { ComplianceReportQuery, OrganisationsQuery } from '../api/operations';
import { useQuery } from '../api/use-query';
import { ErrorSummary, Loading, useApiProblem, type Problem } from '../components/error-summary';
import { SelectField, TextField } from '../components/fields';
import { usePageTitle } from '../components/page-title';
import { PurposePicker, purposeFrom } from '../components/purpose-picker';
import type { Purpose } from '../gql/graphql';
import { useI18n, type I18n } from '../i18n/i18n';
import { hrefOf, useRouter } from '../router';
import { hasRole, useSession } from '../session-context';
import { NOTIFYING_KINDS } from './notifications';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** YYYY-MM of a month `back` months before this one. */
function monthAgo(back: number): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - back);
  return d.toISOString().slice(0, 7);
}

/** A month written for the language ("March 2026"). */
function monthName(i18n: I18n, month: string): string {
  return `${i18n.t(`month.${Number(month.slice(5, 7))}` as Parameters<I18n['t']>[0])} ${month.slice(0, 4)}`;
}

/** A count or measure of the report: the number, or "fewer than 5" where the cell is suppressed. */
function Cell({ cell }: { cell: { value?: number | null; suppressed: boolean } }) {
  const { t } = useI18n();
  if (cell.suppressed) return <span className="cy-suppressed" data-suppressed="true">{t('compliance.suppressed')}</span>;
  return <>{cell.value ?? '—'}</>;
}

/**
 * The provider compliance report: per provider and month, drop-outs notified within the limit and the median delay.
 * Aggregates only, small cells suppressed by the hub; for Careers Wales (TRACKING) and analysts (STATISTICS).
 */
export function CompliancePage() {
  const i18n = useI18n();
  const { t, lang } = i18n;
  usePageTitle(t('compliance.title'));
  const { me } = useSession();
  const { location, navigate } = useRouter();
  const purposes: readonly Purpose[] = hasRole(me, ['ANALYST']) ? ['STATISTICS'] : ['TRACKING', 'STATISTICS'];
  const purpose = purposeFrom(location.query, purposes);
  const from = location.query.get('from') ?? monthAgo(11);
  const to = location.query.get('to') ?? monthAgo(0);
  const providerCode = location.query.get('provider') || null;
  const [form, setForm] = useState({ from, to, provider: providerCode ?? '' });
  const [problems, setProblems] = useState<Problem[]>([]);
  const valid = MONTH.test(from) && MONTH.test(to);
  const report = useQuery(ComplianceReportQuery, valid ? { from, to, providerCode } : null, purpose);
  const orgs = useQuery(OrganisationsQuery, { kind: null }, purpose);
  const apiProblem = useApiProblem();
  const providers = (orgs.data?.organisations ?? []).filter((o) => NOTIFYING_KINDS.includes(o.kind));

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const found: Problem[] = [];
    if (!MONTH.test(form.from.trim())) found.push({ text: t('compliance.monthInvalid', { field: t('compliance.from') }), fieldId: 'from' });
    if (!MONTH.test(form.to.trim())) found.push({ text: t('compliance.monthInvalid', { field: t('compliance.to') }), fieldId: 'to' });
    setProblems(found);
    if (found.length === 0) navigate(hrefOf(lang, 'compliance', { purpose, from: form.from.trim(), to: form.to.trim(), provider: form.provider }));
  };
  const errorOf = (id: string) => problems.find((p) => p.fieldId === id)?.text;
  const data = report.data?.notificationComplianceReport;

  return (
    <>
      <ErrorSummary problems={[...problems, ...apiProblem(report.error)]} />
      <h1 className="govuk-heading-l">{t('compliance.title')}</h1>
      <p className="govuk-body">{t('compliance.intro')}</p>
      <PurposePicker purposes={purposes} value={purpose} onChange={(p) => navigate(hrefOf(lang, 'compliance', { purpose: p, from, to, provider: providerCode }))} />
      <form onSubmit={apply} noValidate>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-quarter">
            <TextField id="from" label={t('compliance.from')} hint={t('compliance.monthHint')} value={form.from} onChange={(v) => setForm({ ...form, from: v })} error={errorOf('from')} width={10} />
          </div>
          <div className="govuk-grid-column-one-quarter">
            <TextField id="to" label={t('compliance.to')} hint={t('compliance.monthHint')} value={form.to} onChange={(v) => setForm({ ...form, to: v })} error={errorOf('to')} width={10} />
          </div>
          <div className="govuk-grid-column-one-half">
            <SelectField id="provider" label={t('notifications.provider')} value={form.provider} onChange={(v) => setForm({ ...form, provider: v })} options={[{ value: '', text: t('common.any') }, ...providers.map((o) => ({ value: o.code, text: i18n.orgName(o) }))]} />
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">
          {t('compliance.show')}
        </button>
      </form>
      {report.loading ? <Loading /> : null}
      {data ? (
        <>
          <p className="govuk-body" data-testid="compliance-limit">
            {t('compliance.limit', { days: data.limitDays, from: monthName(i18n, data.from), to: monthName(i18n, data.to) })}
          </p>
          <details className="govuk-details">
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">{t('compliance.suppressionTitle')}</span>
            </summary>
            <div className="govuk-details__text">
              {t('compliance.suppressionText')}
              <p className="govuk-body-s govuk-!-margin-top-2">
                <span lang="en">{data.suppression}</span>
              </p>
            </div>
          </details>
          {data.rows.length === 0 ? <p className="govuk-body">{t('compliance.empty')}</p> : null}
          {data.rows.length > 0 ? (
            <table className="govuk-table" data-testid="compliance">
              <caption className="govuk-table__caption govuk-visually-hidden">{t('compliance.title')}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">{t('compliance.month')}</th>
                  <th scope="col" className="govuk-table__header">{t('notifications.provider')}</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">{t('compliance.notifications')}</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">{t('compliance.atRisk')}</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">{t('compliance.dropOuts')}</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">{t('compliance.withinLimit')}</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">{t('compliance.late')}</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">{t('compliance.median')}</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {data.rows.map((r) => (
                  <tr className="govuk-table__row govuk-body-s" key={`${r.month}-${r.provider.code}`} data-provider={r.provider.code} data-month={r.month}>
                    <th scope="row" className="govuk-table__header">{monthName(i18n, r.month)}</th>
                    <td className="govuk-table__cell">{i18n.orgName(r.provider)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric"><Cell cell={r.notifications} /></td>
                    <td className="govuk-table__cell govuk-table__cell--numeric"><Cell cell={r.atRisk} /></td>
                    <td className="govuk-table__cell govuk-table__cell--numeric"><Cell cell={r.dropOuts} /></td>
                    <td className="govuk-table__cell govuk-table__cell--numeric" data-cell="withinLimit"><Cell cell={r.withinLimit} /></td>
                    <td className="govuk-table__cell govuk-table__cell--numeric" data-cell="late"><Cell cell={r.late} /></td>
                    <td className="govuk-table__cell govuk-table__cell--numeric"><Cell cell={r.medianDelayDays} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
    </>
  );
}
