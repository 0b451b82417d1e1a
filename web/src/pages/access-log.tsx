import { useState, type FormEvent } from 'react';
import { ApiError, request } from '../api/client';
import { AccessLogCsvQuery, AccessLogQuery, VerifyAccessLogQuery } from '../api/operations';
import { useQuery } from '../api/use-query';
import { ErrorSummary, Loading, SuccessBanner, useApiProblem, type Problem } from '../components/error-summary';
import { isOptionalDate, isOptionalId, SelectField, TextField } from '../components/fields';
import { usePageTitle } from '../components/page-title';
import { PurposePicker } from '../components/purpose-picker';
import type { AccessLogFilter, AccessOutcomeFilter, ConsoleVerifyAccessLogQuery, Purpose } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { hrefOf, Link, useRouter } from '../router';

const PURPOSES: readonly Purpose[] = ['AUDIT'];
const ALL_PURPOSES: readonly Purpose[] = ['EARLY_IDENTIFICATION', 'BROKERAGE', 'LEAD_WORKER_SUPPORT', 'TRACKING', 'TRANSITION', 'UNKNOWN_RESOLUTION', 'LINKAGE', 'ADMISSIONS', 'STATISTICS', 'AUDIT'];
const FILTER_KEYS = ['person', 'event', 'purpose', 'outcome', 'from', 'to'] as const;
type FilterForm = Record<(typeof FILTER_KEYS)[number], string>;

/** The filter as the hub takes it, from the form's values (already validated). */
function toFilter(form: FilterForm): AccessLogFilter {
  return {
    personId: form.person || null,
    event: form.event || null,
    purpose: form.purpose || null,
    outcome: (form.outcome || null) as AccessOutcomeFilter | null,
    from: form.from ? `${form.from}T00:00:00.000Z` : null,
    to: form.to ? `${form.to}T23:59:59.999Z` : null,
  };
}

/** IG officers: search the access log, download it as CSV and check the hash chain. */
export function AccessLogPage() {
  const i18n = useI18n();
  const { t, label, lang } = i18n;
  usePageTitle(t('accessLog.title'));
  const { location, navigate } = useRouter();
  const applied = Object.fromEntries(FILTER_KEYS.map((k) => [k, location.query.get(k) ?? ''])) as FilterForm;
  const after = location.query.get('after');
  const [form, setForm] = useState<FilterForm>(applied);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [verification, setVerification] = useState<ConsoleVerifyAccessLogQuery['verifyAccessLog'] | null>(null);
  const apiProblem = useApiProblem();
  const filter = toFilter(applied);
  const log = useQuery(AccessLogQuery, { filter, first: 50, after }, 'AUDIT');

  const validate = (): Problem[] => {
    const found: Problem[] = [];
    if (!isOptionalId(form.person.trim())) found.push({ text: t('common.idInvalid', { field: t('accessLog.personId') }), fieldId: 'person' });
    if (!isOptionalDate(form.from.trim())) found.push({ text: t('common.dateInvalid', { field: t('accessLog.from') }), fieldId: 'from' });
    if (!isOptionalDate(form.to.trim())) found.push({ text: t('common.dateInvalid', { field: t('accessLog.to') }), fieldId: 'to' });
    return found;
  };
  const errorOf = (id: string) => problems.find((p) => p.fieldId === id)?.text;

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const found = validate();
    setProblems(found);
    setNotice(null);
    if (found.length > 0) return;
    navigate(hrefOf(lang, 'access-log', Object.fromEntries(FILTER_KEYS.map((k) => [k, form[k].trim()]))));
  };

  const downloadCsv = async () => {
    setNotice(null);
    try {
      const { data } = await request(AccessLogCsvQuery, { filter, max: 10_000 }, { purpose: 'AUDIT' });
      const url = URL.createObjectURL(new Blob([data.accessLogCsv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `access-log-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      URL.revokeObjectURL(url);
      setNotice(t('accessLog.csvDone'));
    } catch (err) {
      setProblems(apiProblem(err instanceof ApiError ? err : new ApiError('SERVER', String(err))));
    }
  };

  const verify = async () => {
    try {
      const { data } = await request(VerifyAccessLogQuery, {}, { purpose: 'AUDIT' });
      setVerification(data.verifyAccessLog);
    } catch (err) {
      setProblems(apiProblem(err instanceof ApiError ? err : new ApiError('SERVER', String(err))));
    }
  };

  const rows = log.data?.accessLog.edges ?? [];
  const pageInfo = log.data?.accessLog.pageInfo;
  return (
    <>
      <ErrorSummary problems={[...problems, ...apiProblem(log.error)]} />
      {notice ? <SuccessBanner>{notice}</SuccessBanner> : null}
      <h1 className="govuk-heading-l">{t('accessLog.title')}</h1>
      <p className="govuk-body">{t('accessLog.intro')}</p>
      <PurposePicker purposes={PURPOSES} value="AUDIT" onChange={() => undefined} />

      <form onSubmit={apply} noValidate className="govuk-!-margin-bottom-6">
        <h2 className="govuk-heading-m">{t('accessLog.filters')}</h2>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <TextField id="person" label={t('accessLog.personId')} value={form.person} onChange={(v) => setForm({ ...form, person: v })} error={errorOf('person')} />
            <TextField id="event" label={t('accessLog.event')} hint={t('accessLog.eventHint')} value={form.event} onChange={(v) => setForm({ ...form, event: v })} width={20} />
            <SelectField
              id="purpose-filter"
              label={t('accessLog.purposeFilter')}
              value={form.purpose}
              onChange={(v) => setForm({ ...form, purpose: v })}
              options={[{ value: '', text: t('common.any') }, ...ALL_PURPOSES.map((p) => ({ value: p, text: label('purpose', p) }))]}
            />
          </div>
          <div className="govuk-grid-column-one-half">
            <SelectField
              id="outcome"
              label={t('accessLog.outcome')}
              value={form.outcome}
              onChange={(v) => setForm({ ...form, outcome: v })}
              options={[
                { value: '', text: t('common.any') },
                { value: 'RELEASED', text: t('accessLog.outcomeReleased') },
                { value: 'WITHHELD', text: t('accessLog.outcomeWithheld') },
              ]}
            />
            <TextField id="from" label={t('accessLog.from')} hint={t('common.dateHint')} value={form.from} onChange={(v) => setForm({ ...form, from: v })} error={errorOf('from')} width={10} />
            <TextField id="to" label={t('accessLog.to')} hint={t('common.dateHint')} value={form.to} onChange={(v) => setForm({ ...form, to: v })} error={errorOf('to')} width={10} />
          </div>
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button">
            {t('accessLog.apply')}
          </button>
          <Link href={hrefOf(lang, 'access-log')} className="govuk-link" onFollow={() => setForm(Object.fromEntries(FILTER_KEYS.map((k) => [k, ''])) as FilterForm)}>
            {t('accessLog.clear')}
          </Link>
          <button type="button" className="govuk-button govuk-button--secondary" onClick={() => void downloadCsv()}>
            {t('accessLog.csv')}
          </button>
        </div>
      </form>

      {log.loading ? <Loading /> : null}
      {log.data && rows.length === 0 ? <p className="govuk-body">{t('accessLog.empty')}</p> : null}
      {rows.length > 0 ? (
        <table className="govuk-table" data-testid="access-log">
          <caption className="govuk-table__caption govuk-table__caption--m">{t('accessLog.caption')}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">{t('accessLog.when')}</th>
              <th scope="col" className="govuk-table__header">{t('accessLog.who')}</th>
              <th scope="col" className="govuk-table__header">{t('accessLog.event')}</th>
              <th scope="col" className="govuk-table__header">{t('accessLog.purpose')}</th>
              <th scope="col" className="govuk-table__header">{t('accessLog.outcome')}</th>
              <th scope="col" className="govuk-table__header">{t('accessLog.person')}</th>
              <th scope="col" className="govuk-table__header">{t('accessLog.fields')}</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map(({ node: row }) => (
              <tr className="govuk-table__row" key={row.seq} data-seq={row.seq} data-event={row.event}>
                <td className="govuk-table__cell govuk-body-s">{i18n.dateTime(row.occurredAt)}</td>
                <td className="govuk-table__cell govuk-body-s">
                  {row.actor.principalHandle ?? '—'}
                  <span className="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">{row.actor.organisationName ?? ''}</span>
                </td>
                <td className="govuk-table__cell govuk-body-s">
                  <code>{row.event}</code>
                  <span className="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">{row.operation}</span>
                </td>
                <td className="govuk-table__cell govuk-body-s">{row.purpose ? label('purpose', row.purpose) : '—'}</td>
                <td className="govuk-table__cell govuk-body-s">{label('outcome', row.outcome)}</td>
                <td className="govuk-table__cell govuk-body-s">
                  {row.personId ? (
                    <>
                      <code>{row.personId.slice(0, 8)}</code>{' '}
                      <Link href={hrefOf(lang, 'explain', { person: row.personId, principal: row.actor.principalHandle ?? '', purpose: row.purpose ?? '' })}>
                        {t('accessLog.explain')}
                        <span className="govuk-visually-hidden"> {row.personId}</span>
                      </Link>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="govuk-table__cell govuk-body-s">
                  {t('accessLog.fieldsCount', { released: row.released.length, withheld: row.withheld.length })}
                  {row.withheld.length > 0 ? (
                    <span className="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">
                      {[...new Set(row.withheld.map((w) => `${label('category', w.category)}: ${label('reason', w.reason)}`))].join('; ')}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {pageInfo && (after || pageInfo.hasNextPage) ? (
        <nav className="govuk-pagination" aria-label={t('accessLog.caption')}>
          {after ? (
            <div className="govuk-pagination__prev">
              <Link className="govuk-link govuk-pagination__link" href={hrefOf(lang, 'access-log', { ...applied })}>
                <span className="govuk-pagination__link-title">{t('common.previous')}</span>
              </Link>
            </div>
          ) : null}
          {pageInfo.hasNextPage && pageInfo.endCursor ? (
            <div className="govuk-pagination__next">
              <Link className="govuk-link govuk-pagination__link" href={hrefOf(lang, 'access-log', { ...applied, after: pageInfo.endCursor })}>
                <span className="govuk-pagination__link-title">{t('common.next')}</span>
              </Link>
            </div>
          ) : null}
        </nav>
      ) : null}

      <h2 className="govuk-heading-m govuk-!-margin-top-6">{t('accessLog.verifyHeading')}</h2>
      <p className="govuk-body">{t('accessLog.verifyHint')}</p>
      <button type="button" className="govuk-button govuk-button--secondary" onClick={() => void verify()}>
        {t('accessLog.verify')}
      </button>
      {verification ? (
        <div className={`govuk-inset-text`} role="status" data-testid="verification" data-ok={String(verification.ok)}>
          <p className="govuk-body">
            {verification.ok
              ? t('accessLog.intact', { rows: verification.rowsChecked, checkpoints: verification.checkpointsVerified })
              : t('accessLog.broken', { seq: verification.firstBadRow?.seq ?? '?', problem: verification.firstBadRow?.problem ?? '' })}
          </p>
          <p className="govuk-body govuk-!-margin-bottom-0">
            {verification.lastCheckpointSeq
              ? t('accessLog.lastCheckpoint', { seq: verification.lastCheckpointSeq, at: i18n.dateTime(verification.lastCheckpointSignedAt) })
              : t('accessLog.noCheckpoint')}
          </p>
        </div>
      ) : null}
    </>
  );
}
