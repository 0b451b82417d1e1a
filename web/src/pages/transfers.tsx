import { useState, type FormEvent } from 'react';
import { ApiError, newIdempotencyKey, request } from '../api/client';
import { AcceptTransferMutation, DeclineTransferMutation, TransfersQuery, WithdrawTransferMutation } from '../api/operations';
import { useQuery } from '../api/use-query';
import { ErrorSummary, Loading, SuccessBanner, useApiProblem, type Problem } from '../components/error-summary';
import { SelectField } from '../components/fields';
import { usePageTitle } from '../components/page-title';
import { PurposePicker, purposeFrom } from '../components/purpose-picker';
import type { ConsoleTransfersQuery, Purpose, TransferDeclineReason, TransferDirection, TransferState, TransferWithdrawReason } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { hrefOf, Link, useRouter } from '../router';
import { useSession } from '../session-context';
import { shownName } from './worklist';

const PURPOSES: readonly Purpose[] = ['TRACKING', 'UNKNOWN_RESOLUTION'];
const DIRECTIONS: readonly TransferDirection[] = ['INCOMING', 'OUTGOING'];
const STATES: readonly TransferState[] = ['OPEN', 'ACCEPTED', 'DECLINED', 'LEFT_WALES', 'WITHDRAWN'];
const DECLINE_REASONS: readonly TransferDeclineReason[] = ['NOT_RESIDENT', 'TEMPORARY_STAY', 'WRONG_PERSON'];
const WITHDRAW_REASONS: readonly TransferWithdrawReason[] = ['STILL_RESIDENT', 'TEMPORARY_STAY', 'ADDRESS_WRONG', 'RECORDED_IN_ERROR'];
type End = ConsoleTransfersQuery['transfers']['edges'][number]['node']['from'];

/** EPCs: transfers in and out of their LA (moved-area young people), accepting or declining the incoming ones and withdrawing outgoing ones. */
export function TransfersPage() {
  const i18n = useI18n();
  const { t, label, lang } = i18n;
  usePageTitle(t('transfers.title'));
  const { me } = useSession();
  const { location, navigate } = useRouter();
  const purpose = purposeFrom(location.query, PURPOSES);
  const direction = DIRECTIONS.find((d) => d === location.query.get('direction')) ?? null;
  const state = STATES.find((s) => s === location.query.get('state')) ?? null;
  const after = location.query.get('after');
  const [form, setForm] = useState({ direction: direction ?? '', state: state ?? '' });
  const laCode = me.organisation.laCode;
  const list = useQuery(TransfersQuery, laCode ? { laCode, filter: { direction, states: state ? [state] : null }, first: 20, after } : null, purpose);
  const apiProblem = useApiProblem();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  // The reason chosen for each open transfer's decline or withdrawal (the first of the list until changed).
  const [reasons, setReasons] = useState<Record<string, string>>({});

  const where = (end: End) => (end.outsideWales ? t('transfers.outsideWales') : (end.laName ?? end.laCode ?? t('transfers.unknownLa')));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    navigate(hrefOf(lang, 'transfers', { purpose, direction: form.direction, state: form.state }));
  };
  const accept = async (transferId: string) => {
    setNotice(null);
    try {
      await request(AcceptTransferMutation, { input: { transferId } }, { purpose, idempotencyKey: newIdempotencyKey() });
      setProblems([]);
      setNotice(t('transfers.accepted'));
      list.reload();
    } catch (err) {
      setProblems(apiProblem(err instanceof ApiError ? err : new ApiError('SERVER', String(err))));
    }
  };
  const close = async (transferId: string, direction: TransferDirection) => {
    setNotice(null);
    try {
      if (direction === 'INCOMING') {
        const reason = (reasons[transferId] ?? DECLINE_REASONS[0]) as TransferDeclineReason;
        await request(DeclineTransferMutation, { input: { transferId, reason } }, { purpose, idempotencyKey: newIdempotencyKey() });
      } else {
        const reason = (reasons[transferId] ?? WITHDRAW_REASONS[0]) as TransferWithdrawReason;
        await request(WithdrawTransferMutation, { input: { transferId, reason } }, { purpose, idempotencyKey: newIdempotencyKey() });
      }
      setProblems([]);
      setNotice(t(direction === 'INCOMING' ? 'transfers.declined' : 'transfers.withdrawn'));
      list.reload();
    } catch (err) {
      setProblems(apiProblem(err instanceof ApiError ? err : new ApiError('SERVER', String(err))));
    }
  };

  if (!laCode) {
    return (
      <>
        <h1 className="govuk-heading-l">{t('transfers.title')}</h1>
        <p className="govuk-body">{t('worklist.noLa')}</p>
      </>
    );
  }
  const page = list.data?.transfers;
  return (
    <>
      <ErrorSummary problems={[...problems, ...apiProblem(list.error)]} />
      {notice ? <SuccessBanner>{notice}</SuccessBanner> : null}
      <h1 className="govuk-heading-l">{t('transfers.title')}</h1>
      <p className="govuk-body">{t('transfers.intro')}</p>
      <PurposePicker purposes={PURPOSES} value={purpose} onChange={(p) => navigate(hrefOf(lang, 'transfers', { purpose: p, direction, state }))} />
      <form onSubmit={apply} noValidate>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <SelectField id="direction" label={t('transfers.direction')} value={form.direction} onChange={(v) => setForm({ ...form, direction: v })} options={[{ value: '', text: t('common.any') }, ...DIRECTIONS.map((d) => ({ value: d, text: label('transferDirection', d) }))]} />
          </div>
          <div className="govuk-grid-column-one-half">
            <SelectField id="state" label={t('transfers.state')} value={form.state} onChange={(v) => setForm({ ...form, state: v })} options={[{ value: '', text: t('common.any') }, ...STATES.map((s) => ({ value: s, text: label('transferState', s) }))]} />
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">
          {t('transfers.apply')}
        </button>
      </form>
      {list.loading ? <Loading /> : null}
      {page && page.edges.length === 0 ? <p className="govuk-body">{t('transfers.empty')}</p> : null}
      {page && page.edges.length > 0 ? (
        <table className="govuk-table" data-testid="transfers">
          <caption className="govuk-table__caption govuk-visually-hidden">{t('transfers.caption')}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">{t('transfers.person')}</th>
              <th scope="col" className="govuk-table__header">{t('transfers.move')}</th>
              <th scope="col" className="govuk-table__header">{t('transfers.state')}</th>
              <th scope="col" className="govuk-table__header">{t('transfers.tier')}</th>
              <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">{t('transfers.accept')}, {t('transfers.decline')}, {t('transfers.withdraw')}</span></th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {page.edges.map(({ node: tr }) => (
              <tr className="govuk-table__row govuk-body-s" key={tr.id} data-transfer={tr.id}>
                <td className="govuk-table__cell">
                  <Link href={hrefOf(lang, `people/${tr.personId}`, { purpose })}>{shownName(tr.records, t('worklist.nameWithheld'))}</Link>
                </td>
                <td className="govuk-table__cell">
                  {label('transferDirection', tr.direction)}
                  <span className="govuk-!-display-block">{t('transfers.fromTo', { from: where(tr.from), to: where(tr.to) })}</span>
                  <span className="govuk-hint govuk-!-display-block govuk-!-margin-bottom-0">
                    {t('transfers.opened')}: {i18n.date(tr.openedAt)}
                  </span>
                </td>
                <td className="govuk-table__cell">
                  <strong className={`govuk-tag ${tr.state === 'OPEN' ? 'govuk-tag--yellow' : 'govuk-tag--grey'}`}>{label('transferState', tr.state)}</strong>
                  {tr.acceptedBy ? <span className="govuk-!-display-block">{t('transfers.acceptedBy', { name: tr.acceptedBy.displayName })}</span> : null}
                  {tr.closeReason ? (
                    <span className="govuk-!-display-block">
                      {t('transfers.closeReason', { reason: label(tr.state === 'DECLINED' ? 'transferDeclineReason' : 'transferWithdrawReason', tr.closeReason) })}
                    </span>
                  ) : null}
                </td>
                <td className="govuk-table__cell">{tr.status?.tier !== null && tr.status?.tier !== undefined ? t('person.tierN', { tier: tr.status.tier }) : '—'}</td>
                <td className="govuk-table__cell">
                  {tr.direction === 'INCOMING' && tr.state === 'OPEN' ? (
                    <button type="button" className="govuk-button govuk-!-margin-bottom-0" onClick={() => void accept(tr.id)}>
                      {t('transfers.accept')}
                      <span className="govuk-visually-hidden"> {shownName(tr.records, t('worklist.nameWithheld'))}</span>
                    </button>
                  ) : null}
                  {tr.state === 'OPEN' && (tr.direction === 'INCOMING' || tr.withdrawable) ? (
                    <>
                      <SelectField
                        id={`reason-${tr.id}`}
                        label={t(tr.direction === 'INCOMING' ? 'transfers.declineReason' : 'transfers.withdrawReason')}
                        value={reasons[tr.id] ?? (tr.direction === 'INCOMING' ? DECLINE_REASONS[0]! : WITHDRAW_REASONS[0]!)}
                        onChange={(v) => setReasons({ ...reasons, [tr.id]: v })}
                        options={(tr.direction === 'INCOMING' ? DECLINE_REASONS : WITHDRAW_REASONS).map((r) => ({
                          value: r,
                          text: label(tr.direction === 'INCOMING' ? 'transferDeclineReason' : 'transferWithdrawReason', r),
                        }))}
                      />
                      <button type="button" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0" onClick={() => void close(tr.id, tr.direction)}>
                        {t(tr.direction === 'INCOMING' ? 'transfers.decline' : 'transfers.withdraw')}
                        <span className="govuk-visually-hidden"> {shownName(tr.records, t('worklist.nameWithheld'))}</span>
                      </button>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {page && page.pageInfo.hasNextPage && page.pageInfo.endCursor ? (
        <nav className="govuk-pagination" aria-label={t('transfers.caption')}>
          <div className="govuk-pagination__next">
            <Link className="govuk-link govuk-pagination__link" href={hrefOf(lang, 'transfers', { purpose, direction, state, after: page.pageInfo.endCursor })}>
              <span className="govuk-pagination__link-title">{t('common.next')}</span>
            </Link>
          </div>
        </nav>
      ) : null}
    </>
  );
}
