import { useState } from 'react';
import { ApiError, newIdempotencyKey, request } from '../api/client';
import { ActivateAgreementMutation, AgreementsQuery, ApproveAgreementMutation, RetireAgreementMutation, SuspendAgreementMutation } from '../api/operations';
import { useQuery } from '../api/use-query';
import { ErrorSummary, Loading, SuccessBanner, useApiProblem, type Problem } from '../components/error-summary';
import { SelectField, SummaryList, TextField } from '../components/fields';
import { usePageTitle } from '../components/page-title';
import { PurposePicker } from '../components/purpose-picker';
import type { AgreementStatus, ConsoleAgreementsQuery } from '../gql/graphql';
import { useI18n, type I18n } from '../i18n/i18n';
import { hrefOf, Link, useRouter } from '../router';
import { useSession } from '../session-context';

type Agreement = ConsoleAgreementsQuery['sharingAgreements'][number];
type Clause = Agreement['clauses'][number];
const STATUSES: readonly AgreementStatus[] = ['ACTIVE', 'DRAFT', 'SUSPENDED', 'EXPIRED'];

/** Who a clause names: an organisation, or any organisation of a kind, or a role. */
function party(i18n: I18n, org: { name: string; nameCy?: string | null } | null | undefined, kind: string | null | undefined, role?: string | null): string {
  const parts: string[] = [];
  if (org) parts.push(i18n.orgName(org));
  else if (kind) parts.push(i18n.t('agreements.anyOf', { kind: i18n.label('orgKind', kind) }));
  if (role) parts.push(i18n.label('role', role));
  return parts.join(', ') || '—';
}

/** A clause's conditions in words. */
function conditions(i18n: I18n, c: Record<string, unknown>): string {
  const { t } = i18n;
  const words: string[] = [];
  if (Array.isArray(c['tierIn'])) words.push(t('agreements.condTier', { tiers: (c['tierIn'] as number[]).join(', ') }));
  if (typeof c['ageMin'] === 'number' || typeof c['ageMax'] === 'number') words.push(t('agreements.condAge', { min: String(c['ageMin'] ?? '—'), max: String(c['ageMax'] ?? '—') }));
  if (c['area'] === 'PERSON') words.push(t('agreements.condAreaPERSON'));
  if (c['area'] === 'PROVIDER') words.push(t('agreements.condAreaPROVIDER'));
  if (c['relationship'] === 'APPLICANT') words.push(t('agreements.condRelAPPLICANT'));
  if (c['relationship'] === 'ENROLLED') words.push(t('agreements.condRelENROLLED'));
  return words.join('; ') || '—';
}

/** IG officers: sharing agreements as readable tables, with their approvals; approve or suspend for your organisation. */
export function AgreementsPage() {
  const i18n = useI18n();
  const { t, label, lang } = i18n;
  usePageTitle(t('agreements.title'));
  const { location, navigate } = useRouter();
  const { me } = useSession();
  const status = STATUSES.find((s) => s === location.query.get('status')) ?? null;
  const list = useQuery(AgreementsQuery, { status }, 'AUDIT');
  const apiProblem = useApiProblem();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const myOrg = me.organisation;

  const drafted = location.query.get('drafted');
  const act = async (agreement: Agreement, action: 'approve' | 'suspend' | 'activate' | 'retire') => {
    setNotice(null);
    const reason = (reasons[agreement.id] ?? '').trim();
    if (action === 'suspend' && reason === '') {
      setProblems([{ text: t('agreements.suspendReasonRequired'), fieldId: `reason-${agreement.id}` }]);
      return;
    }
    try {
      const options = { purpose: 'AUDIT' as const, idempotencyKey: newIdempotencyKey() };
      if (action === 'approve') await request(ApproveAgreementMutation, { id: agreement.id }, options);
      else if (action === 'suspend') await request(SuspendAgreementMutation, { id: agreement.id, reason }, options);
      else if (action === 'activate') await request(ActivateAgreementMutation, { id: agreement.id }, options);
      else await request(RetireAgreementMutation, { id: agreement.id, reason: reason || null }, options);
      setProblems([]);
      const done = { approve: 'agreements.approved', suspend: 'agreements.suspended', activate: 'agreements.activated', retire: 'agreements.retired' } as const;
      setNotice(t(done[action], { organisation: i18n.orgName(myOrg), reference: `${agreement.reference}@${agreement.version}` }));
      list.reload();
    } catch (err) {
      setProblems(apiProblem(err instanceof ApiError ? err : new ApiError('SERVER', String(err))));
    }
  };

  const agreements = list.data?.sharingAgreements ?? [];
  return (
    <>
      <ErrorSummary problems={[...problems, ...apiProblem(list.error)]} />
      {notice ? <SuccessBanner>{notice}</SuccessBanner> : null}
      {!notice && drafted ? <SuccessBanner>{t('agreements.drafted', { reference: drafted })}</SuccessBanner> : null}
      <h1 className="govuk-heading-l">{t('agreements.title')}</h1>
      <p className="govuk-body">{t('agreements.intro')}</p>
      <p className="govuk-body">
        <Link href={hrefOf(lang, 'agreements/new')} className="govuk-button govuk-button--secondary">
          {t('agreements.draftNew')}
        </Link>
      </p>
      <PurposePicker purposes={['AUDIT']} value="AUDIT" onChange={() => undefined} />
      <SelectField
        id="status"
        label={t('agreements.statusFilter')}
        value={status ?? ''}
        onChange={(v) => navigate(hrefOf(lang, 'agreements', { status: v }))}
        options={[{ value: '', text: t('agreements.all') }, ...STATUSES.map((s) => ({ value: s, text: label('agreementStatus', s) }))]}
      />
      {list.loading ? <Loading /> : null}
      {list.data && agreements.length === 0 ? <p className="govuk-body">{t('agreements.empty')}</p> : null}
      {agreements.map((a) => {
        const isParty = a.parties.some((p) => p.code === myOrg.code);
        const mine = a.approvals.filter((ap) => ap.organisation.code === myOrg.code).at(-1);
        return (
          <section key={a.id} className="govuk-!-margin-bottom-9" aria-labelledby={`agreement-${a.id}`} data-reference={a.reference}>
            <h2 className="govuk-heading-m" id={`agreement-${a.id}`}>
              {a.reference}@{a.version}: {a.title}{' '}
              <strong className={`govuk-tag ${a.status === 'ACTIVE' ? 'govuk-tag--green' : a.status === 'DRAFT' ? 'govuk-tag--blue' : 'govuk-tag--grey'}`}>{label('agreementStatus', a.status)}</strong>
            </h2>
            <SummaryList
              rows={[
                [t('agreements.kind'), label('agreementKind', a.kind)],
                [t('agreements.lawfulBasis'), label('lawfulBasis', a.lawfulBasis)],
                [t('agreements.effective'), i18n.date(a.effectiveFrom)],
                [t('agreements.reviewBy'), i18n.date(a.reviewBy)],
                [t('agreements.inForce'), a.inForce ? t('common.yes') : t('common.no')],
                [t('agreements.purposes'), a.purposes.map((p) => label('purpose', p)).join(', ')],
                [t('agreements.parties'), a.parties.map((p) => i18n.orgName(p)).join(', ')],
                [t('agreements.awaiting'), a.awaitingApproval.length ? a.awaitingApproval.map((p) => i18n.orgName(p)).join(', ') : t('common.none')],
              ]}
            />
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">{t('agreements.approvals')}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">{t('agreements.party')}</th>
                  <th scope="col" className="govuk-table__header">{t('agreements.decision')}</th>
                  <th scope="col" className="govuk-table__header">{t('agreements.by')}</th>
                  <th scope="col" className="govuk-table__header">{t('agreements.at')}</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {a.approvals.length === 0 ? (
                  <tr className="govuk-table__row">
                    <td className="govuk-table__cell" colSpan={4}>{t('agreements.noApprovals')}</td>
                  </tr>
                ) : (
                  a.approvals.map((ap, i) => (
                    <tr className="govuk-table__row" key={i}>
                      <td className="govuk-table__cell">{i18n.orgName(ap.organisation)}</td>
                      <td className="govuk-table__cell">
                        {label('partyDecision', ap.decision)}
                        {ap.breakGlass ? ` ${t('agreements.breakGlass')}` : ''}
                        {ap.reason ? <span className="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">{ap.reason}</span> : null}
                      </td>
                      <td className="govuk-table__cell">{ap.by ?? '—'}</td>
                      <td className="govuk-table__cell">{i18n.dateTime(ap.at)}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">{t('agreements.clauses')}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">{t('agreements.provider')}</th>
                  <th scope="col" className="govuk-table__header">{t('agreements.recipient')}</th>
                  <th scope="col" className="govuk-table__header">{t('agreements.data')}</th>
                  <th scope="col" className="govuk-table__header">{t('agreements.purposes')}</th>
                  <th scope="col" className="govuk-table__header">{t('agreements.conditions')}</th>
                  <th scope="col" className="govuk-table__header">{t('agreements.consent')}</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {a.clauses.map((c: Clause) => (
                  <tr className="govuk-table__row govuk-body-s" key={c.position}>
                    <td className="govuk-table__cell">{party(i18n, c.providerOrganisation, c.providerKind)}</td>
                    <td className="govuk-table__cell">{party(i18n, c.recipientOrganisation, c.recipientKind, c.recipientRole)}</td>
                    <td className="govuk-table__cell">
                      {c.categories.map((cat) => label('category', cat)).join(', ')}
                      <span className="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">{label('disclosure', c.disclosure)}</span>
                    </td>
                    <td className="govuk-table__cell">{c.purposes.map((p) => label('purpose', p)).join(', ')}</td>
                    <td className="govuk-table__cell">{conditions(i18n, c.conditions)}</td>
                    <td className="govuk-table__cell">{c.consentRequired ? t('common.yes') : t('common.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {isParty && a.status === 'DRAFT' ? (
              <div data-testid={`draft-actions-${a.reference}`}>
                <TextField
                  id={`reason-${a.id}`}
                  label={`${t('agreements.retireReason')} ${t('common.optional')}`}
                  value={reasons[a.id] ?? ''}
                  onChange={(v) => setReasons({ ...reasons, [a.id]: v })}
                />
                <div className="govuk-button-group">
                  {mine?.decision !== 'APPROVED' ? (
                    <button type="button" className="govuk-button govuk-button--secondary" onClick={() => void act(a, 'approve')}>
                      {t('agreements.approve', { organisation: i18n.orgName(myOrg) })}
                    </button>
                  ) : null}
                  <button type="button" className="govuk-button" onClick={() => void act(a, 'activate')} data-action="activate">
                    {t('agreements.activate')}
                  </button>
                  <button type="button" className="govuk-button govuk-button--warning" onClick={() => void act(a, 'retire')} data-action="retire">
                    {t('agreements.retire')}
                  </button>
                </div>
              </div>
            ) : null}
            {isParty && a.status === 'ACTIVE' ? (
              <div>
                {mine?.decision !== 'APPROVED' ? (
                  <button type="button" className="govuk-button" onClick={() => void act(a, 'approve')}>
                    {t('agreements.approve', { organisation: i18n.orgName(myOrg) })}
                  </button>
                ) : (
                  <>
                    <TextField
                      id={`reason-${a.id}`}
                      label={t('agreements.suspendReason')}
                      value={reasons[a.id] ?? ''}
                      onChange={(v) => setReasons({ ...reasons, [a.id]: v })}
                      error={problems.find((p) => p.fieldId === `reason-${a.id}`)?.text}
                    />
                    <button type="button" className="govuk-button govuk-button--warning" onClick={() => void act(a, 'suspend')}>
                      {t('agreements.suspend', { organisation: i18n.orgName(myOrg) })}
                    </button>
                  </>
                )}
              </div>
            ) : null}
          </section>
        );
      })}
    </>
  );
}
