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
  @Mutation(() => SharingAgreementType, { description: 'Bring a draft or suspended version into force (the previous active version expires)' })
  activateSharingAgreement(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<SharingAgreementType> {
    return ctx.services.agreements.transition(ctx, id, 'activate');
  }

  @Allow('manage', 'SharingAgreement')
  @Mutation(() => SharingAgreementType, { description: 'Stop an active agreement granting access, pending review' })
  suspendSharingAgreement(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
  ): Promise<SharingAgreementType> {
    return ctx.services.agreements.transition(ctx, id, 'suspend', reason);
  }

  @Allow('manage', 'SharingAgreement')
  @Mutation(() => SharingAgreementType, { description: 'Retire an agreement version for good' })
  retireSharingAgreement(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
  ): Promise<SharingAgreementType> {
    return ctx.services.agreements.transition(ctx, id, 'retire', reason);
  }
}
