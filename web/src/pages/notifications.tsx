import { useState, type FormEvent } from 'react';
import { ApiError, newIdempotencyKey, request } from '../api/client';
import { ConfirmDropOutTierMutation, DropOutNotificationsQuery, OrganisationsQuery } from '../api/operations';
import { useQuery } from '../api/use-query';
import { ErrorSummary, Loading, SuccessBanner, useApiProblem, type Problem } from '../components/error-summary';
import { SelectField } from '../components/fields';
import { usePageTitle } from '../components/page-title';
import { PurposePicker, purposeFrom } from '../components/purpose-picker';
import { redactionIndex, Withheld } from '../components/withheld';
import type { NotificationStatus, OrganisationKind, Purpose } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { hrefOf, Link, useRouter } from '../router';
import { hasRole, useSession } from '../session-context';

// An EPC reads notifications for tracking or resolving unknowns; a Careers Wales adviser works the queue.
const EPC_PURPOSES: readonly Purpose[] = ['UNKNOWN_RESOLUTION', 'TRACKING'];
const ADVISER_PURPOSES: readonly Purpose[] = ['TRACKING', 'BROKERAGE'];
/** Kinds of organisation that notify drop-outs (post-16 providers). */
export const NOTIFYING_KINDS: readonly OrganisationKind[] = ['FE_COLLEGE', 'WBL_PROVIDER', 'SCHOOL'];
const STATUSES: readonly NotificationStatus[] = ['OPEN', 'CLOSED'];

/**
 * Drop-out notifications as the sharing rules show them: an EPC sees colleges' notifications about learners living
 * in its LA; a Careers Wales adviser sees the queue, filters it by status and confirms the proposed tier.
 */
export function NotificationsPage() {
  const i18n = useI18n();
  const { t, label, lang } = i18n;
  usePageTitle(t('notifications.title'));
  const { me } = useSession();
  const { location, navigate } = useRouter();
  const adviser = hasRole(me, ['CW_ADVISER']);
  const purposes = adviser ? ADVISER_PURPOSES : EPC_PURPOSES;
  const purpose = purposeFrom(location.query, purposes);
  // Whether a notification was acted on is Careers Wales's data: only its staff filter by it.
  const mayFilterStatus = me.organisation.kind === 'CAREERS_WALES' || hasRole(me, ['ADMIN']);
  const providerCode = location.query.get('provider') || null;
  const status = mayFilterStatus ? (STATUSES.find((s) => s === location.query.get('status')) ?? null) : null;
  const after = location.query.get('after');
  const [form, setForm] = useState({ provider: providerCode ?? '', status: status ?? '' });
  const orgs = useQuery(OrganisationsQuery, { kind: null }, purpose);
  const list = useQuery(DropOutNotificationsQuery, { filter: { providerCode, status }, first: 20, after }, purpose);
  const withheld = redactionIndex(list.redactions);
  const apiProblem = useApiProblem();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const providers = (orgs.data?.organisations ?? []).filter((o) => NOTIFYING_KINDS.includes(o.kind));

  const apply = (e: FormEvent) => {
    e.preventDefault();
    navigate(hrefOf(lang, 'notifications', { purpose, provider: form.provider, status: form.status }));
  };
  const confirm = async (notificationId: string) => {
    setNotice(null);
    try {
      await request(ConfirmDropOutTierMutation, { input: { notificationId } }, { purpose, idempotencyKey: newIdempotencyKey() });
      setProblems([]);
      setNotice(t('notifications.confirmed'));
      list.reload();
    } catch (err) {
      setProblems(apiProblem(err instanceof ApiError ? err : new ApiError('SERVER', String(err))));
    }
  };

  const page = list.data?.dropOutNotifications;
  return (
    <>
      <ErrorSummary problems={[...problems, ...apiProblem(list.error)]} />
      {notice ? <SuccessBanner>{notice}</SuccessBanner> : null}
      <h1 className="govuk-heading-l">{t('notifications.title')}</h1>
      <p className="govuk-body">{t(adviser ? 'notifications.introAdviser' : 'notifications.intro')}</p>
      <PurposePicker purposes={purposes} value={purpose} onChange={(p) => navigate(hrefOf(lang, 'notifications', { purpose: p, provider: providerCode, status }))} />
      <form onSubmit={apply} noValidate>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <SelectField
              id="provider"
              label={t('notifications.provider')}
              value={form.provider}
              onChange={(v) => setForm({ ...form, provider: v })}
              options={[{ value: '', text: t('common.any') }, ...providers.map((o) => ({ value: o.code, text: i18n.orgName(o) }))]}
            />
          </div>
          {mayFilterStatus ? (
            <div className="govuk-grid-column-one-half">
              <SelectField id="status" label={t('notifications.status')} value={form.status} onChange={(v) => setForm({ ...form, status: v })} options={[{ value: '', text: t('common.any') }, ...STATUSES.map((s) => ({ value: s, text: label('notificationStatus', s) }))]} />
            </div>
          ) : null}
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">
          {t('notifications.apply')}
        </button>
      </form>
      {list.loading ? <Loading /> : null}
      {page && page.edges.length === 0 ? <p className="govuk-body">{t('notifications.empty')}</p> : null}
      {page && page.edges.length > 0 ? (
        <table className="govuk-table" data-testid="notifications">
          <caption className="govuk-table__caption govuk-visually-hidden">{t('notifications.title')}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">{t('notifications.learner')}</th>
              <th scope="col" className="govuk-table__header">{t('notifications.provider')}</th>
              <th scope="col" className="govuk-table__header">{t('notifications.reason')}</th>
              <th scope="col" className="govuk-table__header">{t('notifications.dates')}</th>
              <th scope="col" className="govuk-table__header">{t('notifications.proposal')}</th>
              <th scope="col" className="govuk-table__header">{t('notifications.action')}</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {page.edges.map(({ node: n }, i) => {
              const path = `dropOutNotifications.edges.${i}.node`;
              const nameWithheld = withheld.get(`${path}.learnerRecord.givenName`) ?? withheld.get(`${path}.learnerRecord.familyName`) ?? withheld.get(`${path}.learnerRecord`);
              const name = n.learnerRecord && (n.learnerRecord.givenName || n.learnerRecord.familyName) ? [n.learnerRecord.givenName, n.learnerRecord.familyName].filter(Boolean).join(' ') : null;
              return (
                <tr className="govuk-table__row govuk-body-s" key={n.id} data-notification={n.id}>
                  <td className="govuk-table__cell">
                    {name && n.youngPersonId && !adviser ? <Link href={hrefOf(lang, `people/${n.youngPersonId}`, { purpose })}>{name}</Link> : name}
                    {!name && nameWithheld ? <Withheld redaction={nameWithheld} /> : null}
                    {!name && !nameWithheld ? <span className="govuk-hint">{t('notifications.notLinked')}</span> : null}
                    {n.learnerRecord?.dateOfBirth ? <span className="govuk-!-display-block">{i18n.date(n.learnerRecord.dateOfBirth)}</span> : null}
                  </td>
                  <td className="govuk-table__cell">{i18n.orgName(n.provider)}</td>
                  <td className="govuk-table__cell">{label('dropOutReason', n.reason)}</td>
                  <td className="govuk-table__cell">
                    {n.leftOn ? <span className="govuk-!-display-block">{t('notifications.leftOn', { date: i18n.date(n.leftOn) })}</span> : null}
                    <span className="govuk-!-display-block">{t('notifications.notifiedOn', { date: i18n.date(n.notifiedOn) })}</span>
                    {n.delayDays !== null && n.delayDays !== undefined ? (
                      <strong className={`govuk-tag ${n.late ? 'govuk-tag--red' : 'govuk-tag--green'}`}>{t(n.late ? 'notifications.late' : 'notifications.onTime', { days: n.delayDays })}</strong>
                    ) : null}
                  </td>
                  <td className="govuk-table__cell">{n.proposal ? t('person.tierN', { tier: n.proposal.tier }) : '—'}</td>
                  <td className="govuk-table__cell">
                    {n.action?.closedAt ? t('notifications.closed', { tier: String(n.action.tier ?? '—'), date: i18n.date(n.action.closedAt) }) : null}
                    {adviser && !n.action?.closedAt && n.proposal ? (
                      <button type="button" className="govuk-button govuk-!-margin-bottom-0" onClick={() => void confirm(n.id)}>
                        {t('notifications.confirm', { tier: n.proposal.tier })}
                      </button>
                    ) : null}
                    {!n.action?.closedAt && !adviser ? '—' : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {page && page.pageInfo.hasNextPage && page.pageInfo.endCursor ? (
        <nav className="govuk-pagination" aria-label={t('notifications.title')}>
          <div className="govuk-pagination__next">
            <Link className="govuk-link govuk-pagination__link" href={hrefOf(lang, 'notifications', { purpose, provider: providerCode, status, after: page.pageInfo.endCursor })}>
              <span className="govuk-pagination__link-title">{t('common.next')}</span>
            </Link>
          </div>
        </nav>
      ) : null}
    </>
  );
}
