import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Allow } from '../../graphql/allow.decorator.js';
import type { RequestContext } from '../../graphql/context.js';
import type { AgreementStatus } from '../../policy/policy.types.js';
import { AgreementStatusEnum, DraftSharingAgreementInput, SharingAgreementType } from './agreement.type.js';

/** Sharing agreements: read by any principal, managed by IG officers and administrators. */
@Resolver(() => SharingAgreementType)
export class AgreementsResolver {
  @Allow('read', 'SharingAgreement')
  @Query(() => [SharingAgreementType], { description: 'Sharing agreements (every version), optionally by status' })
  sharingAgreements(
    @Ctx() ctx: RequestContext,
    @Arg('status', () => AgreementStatusEnum, { nullable: true }) status: AgreementStatus | null,
  ): Promise<SharingAgreementType[]> {
    return ctx.services.agreements.list(ctx, status);
  }

  @Allow('read', 'SharingAgreement')
  @Query(() => SharingAgreementType, { description: 'One agreement version; the latest when version is omitted' })
  sharingAgreement(
    @Ctx() ctx: RequestContext,
    @Arg('reference', () => String) reference: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
  ): Promise<SharingAgreementType> {
    return ctx.services.agreements.get(ctx, reference, version);
  }

  @Allow('read', 'SharingAgreement')
  @Query(() => [SharingAgreementType], { description: 'Active agreements whose review date is within the window (default 90 days) or past' })
  agreementsDueForReview(
    @Ctx() ctx: RequestContext,
    @Arg('withinDays', () => Int, { defaultValue: 90 }) withinDays: number,
  ): Promise<SharingAgreementType[]> {
    return ctx.services.agreements.dueForReview(ctx, withinDays);
  }

  @Allow('manage', 'SharingAgreement')
  @Mutation(() => SharingAgreementType, { description: 'Draft a new agreement, or the next version of an existing reference' })
  draftSharingAgreement(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DraftSharingAgreementInput) input: DraftSharingAgreementInput,
  ): Promise<SharingAgreementType> {
    return ctx.services.agreements.draft(ctx, input);
  }

  @Allow('manage', 'SharingAgreement')
  @Mutation(() => SharingAgreementType, {
    description: "Bring a draft (or, for an administrator, a suspended) version into force, the previous active version expiring; each clause grants only once its provider has approved",
  })
  activateSharingAgreement(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<SharingAgreementType> {
    return ctx.services.agreements.transition(ctx, id, 'activate');
  }

  @Allow('manage', 'SharingAgreement')
  @Mutation(() => SharingAgreementType, {
    description: "Approve a version for your organisation, a party to it: the clauses releasing its data take effect, and its suspension is lifted. An administrator names the organisation (break-glass)",
  })
  approveSharingAgreement(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('organisationCode', () => String, { nullable: true }) organisationCode: string | null,
  ): Promise<SharingAgreementType> {
    return ctx.services.agreements.approve(ctx, id, organisationCode);
  }

  @Allow('manage', 'SharingAgreement')
  @Mutation(() => SharingAgreementType, {
    description: "Suspend an active version for your organisation, a party to it: it neither provides nor receives under it until it approves again. An administrator names a party, or none to suspend it for every party (break-glass)",
  })
  suspendSharingAgreement(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
    @Arg('organisationCode', () => String, { nullable: true }) organisationCode: string | null,
  ): Promise<SharingAgreementType> {
    return ctx.services.agreements.suspend(ctx, id, reason, organisationCode);
  }

  @Allow('manage', 'SharingAgreement')
  @Mutation(() => SharingAgreementType, { description: 'Retire an agreement version for good (an IG officer: a draft only)' })
  retireSharingAgreement(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
  ): Promise<SharingAgreementType> {
    return ctx.services.agreements.transition(ctx, id, 'retire', reason);
  }
}
