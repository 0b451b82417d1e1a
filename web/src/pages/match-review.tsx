import { useState } from 'react';
import { ApiError, newIdempotencyKey, request, type Redaction } from '../api/client';
import { ConfirmMatchMutation, MatchReviewQueueQuery, RejectMatchMutation } from '../api/operations';
import { useQuery } from '../api/use-query';
import { ErrorSummary, Loading, SuccessBanner, useApiProblem, type Problem } from '../components/error-summary';
import { usePageTitle } from '../components/page-title';
import { PurposePicker, purposeFrom } from '../components/purpose-picker';
import { WeightsChart } from '../components/weights-chart';
import { redactionIndex, Withheld } from '../components/withheld';
import type { Purpose, ReviewRecordFragment } from '../gql/graphql';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { hrefOf, Link, useRouter } from '../router';

const PURPOSES: readonly Purpose[] = ['LINKAGE', 'UNKNOWN_RESOLUTION', 'TRACKING'];
const FIELDS = ['givenName', 'middleNames', 'familyName', 'dateOfBirth', 'sex', 'postcode', 'addressLine', 'locality', 'upn', 'uln', 'email', 'phone'] as const;
type Field = (typeof FIELDS)[number];
// The comparisons that judge each shown field (address comparisons work on parts of the address line).
const COMPARED_BY: Partial<Record<Field, string[]>> = { addressLine: ['houseNumber', 'street'] };

/** EPCs: record pairs the matcher was unsure of, side by side with the evidence; confirm or reject each. */
export function MatchReviewPage() {
  const i18n = useI18n();
  const { t, label, lang } = i18n;
  usePageTitle(t('match.title'));
  const { location, navigate } = useRouter();
  const purpose = purposeFrom(location.query, PURPOSES);
  const queue = useQuery(MatchReviewQueueQuery, { first: 10, after: null }, purpose);
  const apiProblem = useApiProblem();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const withheld = redactionIndex(queue.redactions);

  const decide = async (candidateId: string, decision: 'confirm' | 'reject') => {
    setBusy(true);
    setNotice(null);
    try {
      const input = { candidateId, note: (notes[candidateId] ?? '').trim() || null };
      const options = { purpose, idempotencyKey: newIdempotencyKey() };
      if (decision === 'confirm') await request(ConfirmMatchMutation, { input }, options);
      else await request(RejectMatchMutation, { input }, options);
      setProblems([]);
      setNotice(t(decision === 'confirm' ? 'match.confirmed' : 'match.rejected'));
      queue.reload();
    } catch (err) {
      setProblems(apiProblem(err instanceof ApiError ? err : new ApiError('SERVER', String(err))));
    } finally {
      setBusy(false);
    }
  };

  const edges = queue.data?.matchReviewQueue.edges ?? [];
  const total = queue.data?.matchReviewQueue.totalCount ?? 0;
  const cell = (record: ReviewRecordFragment | null | undefined, path: string, field: Field) => {
    const redaction: Redaction | undefined = withheld.get(`${path}.${field}`);
    if (redaction) return <Withheld redaction={redaction} />;
    const value = record?.[field];
    return value ?? <span className="govuk-hint">{t('common.notRecorded')}</span>;
  };

  return (
    <>
      <ErrorSummary problems={[...problems, ...apiProblem(queue.error)]} />
      {notice ? <SuccessBanner>{notice}</SuccessBanner> : null}
      <h1 className="govuk-heading-l">{t('match.title')}</h1>
      <p className="govuk-body">{t('match.intro')}</p>
      <PurposePicker purposes={PURPOSES} value={purpose} onChange={(p) => navigate(hrefOf(lang, 'match-review', { purpose: p }))} />
      <p className="govuk-body">
        {t('match.splitText')} <Link href={hrefOf(lang, 'match-review/split', { purpose })}>{t('match.splitLink')}</Link>
      </p>
      {queue.loading ? <Loading /> : null}
      {queue.data ? (
        <p className="govuk-body govuk-!-font-weight-bold" data-testid="pairs-waiting">
          {t('match.waiting', { count: total })}
        </p>
      ) : null}
      {queue.data && edges.length === 0 ? <p className="govuk-body">{t('match.empty')}</p> : null}
      {edges.map(({ node: c }, i) => {
        const path = `matchReviewQueue.edges.${i}.node`;
        const outcomeOf = (field: Field) => {
          const keys = COMPARED_BY[field] ?? [field];
          const found = c.comparisons.filter((k) => keys.includes(k.key));
          return found.length ? found.map((k) => label('matchOutcome', k.outcome)).join(', ') : '—';
        };
        const shown = FIELDS.filter((f) => c.recordA?.[f] != null || c.recordB?.[f] != null || withheld.has(`${path}.recordA.${f}`) || withheld.has(`${path}.recordB.${f}`));
        return (
          <section key={c.id} className="govuk-!-margin-bottom-9" aria-labelledby={`pair-${c.id}`} data-candidate={c.id}>
            <h2 className="govuk-heading-m" id={`pair-${c.id}`}>
              {t('match.pair', { n: i + 1, total })}
            </h2>
            <p className="govuk-body">
              {t('match.total', { weight: c.totalWeight.toFixed(2), probability: `${Math.round(c.probability * 100)}%` })}
              {c.reviewReason ? (
                <>
                  <br />
                  {t('match.reviewReason')}: {label('reviewReason', c.reviewReason)}
                </>
              ) : null}
            </p>
            <table className="govuk-table cy-pair">
              <caption className="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">{t('match.pair', { n: i + 1, total })}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">{t('match.field')}</th>
                  <th scope="col" className="govuk-table__header">
                    {t('match.recordA')}
                    <span className="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">{c.recordA ? i18n.orgName(c.recordA.provider) : t('match.hiddenRecord')}</span>
                  </th>
                  <th scope="col" className="govuk-table__header">
                    {t('match.recordB')}
                    <span className="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">{c.recordB ? i18n.orgName(c.recordB.provider) : t('match.hiddenRecord')}</span>
                  </th>
                  <th scope="col" className="govuk-table__header">{t('match.comparison')}</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {shown.map((f) => (
                  <tr className="govuk-table__row" key={f}>
                    <th scope="row" className="govuk-table__header">{t(`field.${f}` as MessageKey)}</th>
                    <td className="govuk-table__cell">{cell(c.recordA, `${path}.recordA`, f)}</td>
                    <td className="govuk-table__cell">{cell(c.recordB, `${path}.recordB`, f)}</td>
                    <td className="govuk-table__cell">{outcomeOf(f)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <WeightsChart comparisons={c.comparisons} id={`weights-${c.id}`} />
            {c.decisions.length > 0 ? (
              <p className="govuk-body-s">
                {t('match.decisions')}: {c.decisions.map((d) => `${d.kind} (${d.decidedBy}, ${i18n.dateTime(d.decidedAt)})`).join('; ')}
              </p>
            ) : null}
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor={`note-${c.id}`}>
                {t('match.note')} {t('common.optional')}
              </label>
              <textarea className="govuk-textarea" id={`note-${c.id}`} rows={2} value={notes[c.id] ?? ''} onChange={(e) => setNotes({ ...notes, [c.id]: e.target.value })} />
            </div>
            <div className="govuk-button-group">
              <button type="button" className="govuk-button" disabled={busy} onClick={() => void decide(c.id, 'confirm')} data-action="confirm">
                {t('match.confirm')}
              </button>
              <button type="button" className="govuk-button govuk-button--warning" disabled={busy} onClick={() => void decide(c.id, 'reject')} data-action="reject">
                {t('match.reject')}
              </button>
            </div>
          </section>
        );
      })}
    </>
  );
}
